package seal

import (
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	box, err := New([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	ct, err := box.Seal("refresh-token-123", "resource:i/r-3")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ct, "refresh-token-123") {
		t.Fatalf("ciphertext %q contains the plaintext", ct)
	}
	got, err := box.Open(ct, "resource:i/r-3")
	if err != nil || got != "refresh-token-123" {
		t.Fatalf("Open = %q, %v; want the plaintext", got, err)
	}
	if _, err := box.Open(ct, "resource:i/r-4"); err == nil {
		t.Error("ciphertext opened under another context; want an error")
	}
	other, _ := New([]byte(strings.Repeat("x", 32)))
	if _, err := other.Open(ct, "resource:i/r-3"); err == nil {
		t.Error("ciphertext opened with another key; want an error")
	}
}

func TestParseKey(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"std", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", true},
		{"raw url", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY", true},
		{"short", "c2hvcnQ=", false},
		{"garbage", "!!!", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseKey(tc.in)
			if (err == nil) != tc.ok {
				t.Errorf("ParseKey(%q) err = %v, want ok=%v", tc.in, err, tc.ok)
			}
		})
	}
}

// TestRotation: what the old key sealed opens after the rotation (new key seals, old opens),
// Reseal moves it to the new key, and then the new key alone opens it.
func TestRotation(t *testing.T) {
	oldKey, newKey := []byte(strings.Repeat("o", 32)), []byte(strings.Repeat("n", 32))
	before, _ := New(oldKey)
	ct, err := before.Seal("hook-secret", "installation:i")
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := New(newKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(ct, "installation:i"); err != nil || got != "hook-secret" {
		t.Fatalf("after rotation: Open = %q, %v; want the plaintext", got, err)
	}
	if rotated.Current(ct, "installation:i") {
		t.Error("a ciphertext of the old key counts as current")
	}
	re, changed, err := rotated.Reseal(ct, "installation:i")
	if err != nil || !changed {
		t.Fatalf("Reseal: changed %v, %v", changed, err)
	}
	if again, changed, _ := rotated.Reseal(re, "installation:i"); !changed && again != re {
		t.Error("Reseal changed a current ciphertext")
	} else if changed {
		t.Error("Reseal re-encrypted a current ciphertext")
	}
	only, _ := New(newKey)
	if got, err := only.Open(re, "installation:i"); err != nil || got != "hook-secret" {
		t.Fatalf("after reseal, new key only: Open = %q, %v", got, err)
	}
	if _, err := only.Open(ct, "installation:i"); err == nil {
		t.Error("the new key alone opened the old ciphertext")
	}
	if string(rotated.SubKey("x")) == string(before.SubKey("x")) || string(rotated.SubKey("x")) == string(rotated.SubKey("y")) {
		t.Error("sub-keys do not depend on key and label")
	}
}

func TestParseKeys(t *testing.T) {
	ks, err := ParseKeys(" MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=, MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY ,")
	if err != nil || len(ks) != 2 {
		t.Fatalf("ParseKeys = %d keys, %v; want 2", len(ks), err)
	}
	if _, err := ParseKeys("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=,short"); err == nil || !strings.Contains(err.Error(), "key 2") {
		t.Errorf("ParseKeys with a bad second key: %v, want an error naming key 2", err)
	}
}
