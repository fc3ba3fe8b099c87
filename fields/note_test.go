package fields

import (
	"errors"
	"strings"
	"testing"

	"github.com/onlinemeetings/meeting-addon/addon"
)

const (
	start = BlockStart + "\n"
	end   = "\n" + BlockEnd
)

func TestWithBlock(t *testing.T) {
	tests := []struct {
		name, note, block, want string
	}{
		{"empty note", "", "Link", start + "Link" + end},
		{"user text", "Agenda", "Link", "Agenda\n\n" + start + "Link" + end},
		{"user text ending in newline", "Agenda\n", "Link", "Agenda\n\n\n" + start + "Link" + end},
		{"replaces existing block", "Agenda\n\n" + start + "Old" + end, "New", "Agenda\n\n" + start + "New" + end},
		{"replaces block without end marker", "Agenda\n\n" + start + "Old\nrest", "New", "Agenda\n\n" + start + "New" + end},
		{"keeps text after block in place", "Agenda\n\n" + start + "Old" + end + "\nPS: Laptop", "New",
			"Agenda\n\n" + start + "New" + end + "\nPS: Laptop"},
		{"keeps text on end marker line", "A\n\n" + start + "Old" + end + " PS", "New", "A\n\n" + start + "New" + end + " PS"},
		{"drops white space after block", "A\n\n" + start + "Old" + end + "\r\n \n", "New", "A\n\n" + start + "New" + end},
		{"last start marker wins", "A\n" + BlockStart + "\nquoted\n" + BlockEnd + "\n\n" + start + "Old" + end, "New",
			"A\n" + BlockStart + "\nquoted\n" + BlockEnd + "\n\n" + start + "New" + end},
		{"CRLF note from a textarea", "A\r\n\r\n" + BlockStart + "\r\nOld\r\n" + BlockEnd + "\r\n", "New", "A\n\n" + start + "New" + end},
		{"user removed blank line", "A\n" + start + "Old" + end, "New", "A\n\n" + start + "New" + end},
		{"indented markers", "A\n\n  " + BlockStart + "  \nOld\n\t" + BlockEnd, "New", "A\n\n" + start + "New" + end},
		{"half marker stays user text", "――― Online-Meeting", "New", "――― Online-Meeting\n\n" + start + "New" + end},
		{"marker inside a line stays user text", "see " + BlockStart + " below", "New", "see " + BlockStart + " below\n\n" + start + "New" + end},
		{"end marker alone stays user text", BlockEnd, "New", BlockEnd + "\n\n" + start + "New" + end},
		{"marker lines in block dropped", "A", "x\n" + BlockStart + "\ny\n" + BlockEnd + "\nz", "A\n\n" + start + "x\ny\nz" + end},
		{"blank lines around block trimmed", "A", "\n\nx\n\n", "A\n\n" + start + "x" + end},
		{"empty block", "A", "", "A\n\n" + start + end},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := WithBlock(tc.note, tc.block)
			if err != nil {
				t.Fatalf("WithBlock: %v", err)
			}
			if got != tc.want {
				t.Errorf("WithBlock(%q, %q)\n got %q\nwant %q", tc.note, tc.block, got, tc.want)
			}
		})
	}
}

func TestWithBlockTooLong(t *testing.T) {
	tests := []struct {
		name string
		note string
		ok   bool
	}{
		{"fits exactly", strings.Repeat("a", MaxNoteBytes-len("\n\n"+start+"Link"+end)), true},
		{"one byte over", strings.Repeat("a", MaxNoteBytes-len("\n\n"+start+"Link"+end)+1), false},
		{"user text alone at the limit", strings.Repeat("a", MaxNoteBytes), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := WithBlock(tc.note, "Link")
			if tc.ok {
				if err != nil || len(got) != MaxNoteBytes {
					t.Fatalf("got %d bytes, %v; want %d bytes, nil", len(got), err, MaxNoteBytes)
				}
				return
			}
			var e *addon.Error
			if !errors.As(err, &e) || e.Code != addon.EINVALID || !strings.Contains(e.Message, "too long") {
				t.Fatalf("got error %v, want EINVALID saying too long", err)
			}
			if got != "" {
				t.Errorf("got note of %d bytes with the error, want none", len(got))
			}
		})
	}
}

func TestSplitNote(t *testing.T) {
	tests := []struct {
		name, note, user, block string
		found                   bool
	}{
		{"no block", "Agenda\n", "Agenda\n", "", false},
		{"empty", "", "", "", false},
		{"block only", start + "Link" + end, "", "Link", true},
		{"user and block", "A\n\n" + start + "L1\nL2" + end, "A", "L1\nL2", true},
		{"no end marker", "A\n\n" + start + "L1\nL2\n", "A", "L1\nL2\n", true},
		{"start marker is last line", "A\n\n" + BlockStart, "A", "", true},
		{"text after block", "A\n\n" + start + "L" + end + "\nPS", "A\nPS", "L", true},
		{"text after block, no user text before", start + "L" + end + "\nPS", "\nPS", "L", true},
		{"CRLF", "A\r\n\r\n" + BlockStart + "\r\nL\r\n" + BlockEnd, "A", "L", true},
		{"first end marker after start closes", "A\n\n" + start + "L" + end + "\n" + BlockEnd, "A\n" + BlockEnd, "L", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			user, block, found := SplitNote(tc.note)
			if user != tc.user || block != tc.block || found != tc.found {
				t.Errorf("SplitNote(%q) = %q, %q, %v; want %q, %q, %v", tc.note, user, block, found, tc.user, tc.block, tc.found)
			}
			if got := WithoutBlock(tc.note); got != tc.user {
				t.Errorf("WithoutBlock(%q) = %q, want %q", tc.note, got, tc.user)
			}
		})
	}
}

// TestManySaves is the scenario the manual promises: the note "does not get lost" however
// often the appointment is saved.
func TestManySaves(t *testing.T) {
	user := "Agenda:\r\n1. Begrüßung\n\n"
	note := user
	for i := range 20 {
		var err error
		note, err = WithBlock(note, strings.Repeat("Link\n", i%3+1))
		if err != nil {
			t.Fatal(err)
		}
		if got := WithoutBlock(note); got != user {
			t.Fatalf("save %d: user text %q, want %q", i, got, user)
		}
	}
	if n := strings.Count(note, BlockStart); n != 1 {
		t.Errorf("got %d blocks after 20 saves, want 1", n)
	}
}

func FuzzNoteBlock(f *testing.F) {
	seeds := []struct{ user, b1, b2 string }{
		{"", "Link", "Link2"},
		{"Agenda\n", "a\nb", ""},
		{"Agenda\r\n", "x", "y"},
		{"\n\n", "x", "y"},
		{"\r\n\r\n", "x", "y"},
		{"Text\r", "x", "y"},
		{"――― Online-Meeting", "x", "y"},
		{BlockEnd, "x", "y"},
		{"a\n" + BlockEnd + "\nb", BlockStart, BlockEnd},
		{"see " + BlockStart + " here", "\n\nx\r\n", "y \t"},
		{"Grüße \xff", "x\n" + BlockStart + "\ny", "z"},
	}
	for _, s := range seeds {
		f.Add(s.user, s.b1, s.b2)
	}
	f.Fuzz(func(t *testing.T, u, b1, b2 string) {
		if _, _, found := SplitNote(u); found {
			// u already holds a block (a start marker line): it is a note, not user text.
			u = WithoutBlock(u)
			if _, _, found := SplitNote(u); found {
				t.Fatalf("WithoutBlock left a block in %q", u)
			}
		}
		n1, err := WithBlock(u, b1)
		if err != nil {
			if len(u) < MaxNoteBytes-200 {
				t.Fatalf("WithBlock(%q): %v", u, err)
			}
			return
		}
		user, block, found := SplitNote(n1)
		if !found || user != u || block != cleanBlock(b1) {
			t.Fatalf("SplitNote(WithBlock(%q, %q)) = %q, %q, %v", u, b1, user, block, found)
		}
		n2, err1 := WithBlock(n1, b2)
		want, err2 := WithBlock(u, b2)
		if (err1 == nil) != (err2 == nil) || n2 != want {
			t.Fatalf("WithBlock twice = %q, %v; want %q, %v", n2, err1, want, err2)
		}
		if err1 == nil && WithoutBlock(n2) != u {
			t.Fatalf("WithoutBlock(%q) = %q, want %q", n2, WithoutBlock(n2), u)
		}
	})
}
