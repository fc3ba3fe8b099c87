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
