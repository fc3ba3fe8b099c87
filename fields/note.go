package fields

import (
	"strings"
	"unicode"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Marker lines around the invitation block. "Online-Meeting" reads the same in German and
// English, and the horizontal bars (U+2015) are not something a user types by accident.
const (
	BlockStart = "――― Online-Meeting ―――"
	BlockEnd   = "――― /Online-Meeting ―――"
)

// MaxNoteBytes is the CRM's limit for an appointment note.
const MaxNoteBytes = 65535

// blockSeparator goes between the user's text and the block. It is always exactly this, so
// that removing the block gives the user's text back byte for byte.
const blockSeparator = "\n\n"

// span is the part of a note the add-on owns: separator, markers and block.
type span struct {
	from, to           int    // note[from:to] is removed or replaced
	blockFrom, blockTo int    // note[blockFrom:blockTo] is the block's text
	after              string // user text after the end marker, "" if only white space
}

func isStartLine(line string) bool { return strings.TrimSpace(line) == BlockStart }

// endMarkerAt reports where the end marker's text ends in line, or -1. A prefix match keeps
// text a user typed on the marker line itself (after it) as their own.
func endMarkerAt(line string) int {
	rest := strings.TrimLeftFunc(line, unicode.IsSpace)
	if !strings.HasPrefix(rest, BlockEnd) {
		return -1
	}
	return len(line) - len(rest) + len(BlockEnd)
}

// eachLine calls f with the offsets of every line of s, without its "\n"; f returns false to stop.
func eachLine(s string, f func(from, to int) bool) {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			f(i, len(s))
			return
		}
		if !f(i, i+j) {
			return
		}
		i += j + 1
	}
}

// locate finds the add-on's block: the last start marker line wins (a user may have pasted an
// old invitation above it), the first end marker after it closes it, and a missing end marker
// means the block runs to the end of the note.
func locate(note string) (span, bool) {
	start, startEnd := -1, -1
	eachLine(note, func(from, to int) bool {
		if isStartLine(note[from:to]) {
			start, startEnd = from, to
		}
		return true
	})
	if start < 0 {
		return span{}, false
	}
	sp := span{from: start, to: len(note), blockFrom: min(startEnd+1, len(note)), blockTo: len(note)}
	if startEnd < len(note) {
		eachLine(note[startEnd+1:], func(from, to int) bool {
			from, to = from+startEnd+1, to+startEnd+1
			at := endMarkerAt(note[from:to])
			if at < 0 {
				return true
			}
			sp.to = from + at
			sp.blockTo = from
			if sp.blockTo > sp.blockFrom && note[sp.blockTo-1] == '\n' {
				sp.blockTo--
			}
			if sp.blockTo > sp.blockFrom && note[sp.blockTo-1] == '\r' {
				sp.blockTo--
			}
			return false
		})
	}
	if tail := note[sp.to:]; strings.TrimSpace(tail) != "" {
		sp.after = tail
	}
	// Take back the separator. Our own notes always have "\n\n" (or nothing, for an empty user
	// text); the other forms are what a textarea's CRLF conversion or a user's edit leave.
	before := note[:sp.from]
	for _, sep := range []string{"\r\n\r\n", blockSeparator, "\r\n", "\n"} {
		if strings.HasSuffix(before, sep) {
			sp.from -= len(sep)
			break
		}
	}
	return sp, true
}

// SplitNote splits a note into the user's text and the add-on's invitation block. Text a user
// typed after the end marker is user text: it is part of user and stays after the block when
// the block is replaced. found is false when the note has no block; user is then the note.
func SplitNote(note string) (user string, block string, found bool) {
	sp, ok := locate(note)
	if !ok {
		return note, "", false
	}
	return note[:sp.from] + sp.after, note[sp.blockFrom:sp.blockTo], true
}

// WithBlock returns the note with block as its invitation block, replacing an existing block
// in place (never adding a second one). Lines of block that would read as markers are dropped,
// and blank lines around it are trimmed. If the result would exceed the CRM's note limit it
// returns an EINVALID error and the caller keeps the note as it is.
func WithBlock(note, block string) (string, error) {
	before, after := note, ""
	if sp, ok := locate(note); ok {
		before, after = note[:sp.from], sp.after
	}
	block = cleanBlock(block)
	var b strings.Builder
	b.Grow(len(before) + len(blockSeparator) + len(BlockStart) + len(block) + len(BlockEnd) + len(after) + 2)
	b.WriteString(before)
	if before != "" {
		b.WriteString(blockSeparator)
	}
	b.WriteString(BlockStart + "\n")
	b.WriteString(block)
	b.WriteString("\n" + BlockEnd)
	b.WriteString(after)
	if b.Len() > MaxNoteBytes {
		return "", addon.Invalid("appointment.note",
			"the note is too long for the meeting invitation (%d bytes with the invitation, at most %d); shorten the note",
			b.Len(), MaxNoteBytes)
	}
	return b.String(), nil
}

// WithoutBlock returns exactly the user's text: the note without the block and without the
// separator the add-on put before it.
func WithoutBlock(note string) string {
	user, _, _ := SplitNote(note)
	return user
}

// cleanBlock makes block safe to put between the markers: a marker line inside it (a title
// that happens to be one) would move the block's boundaries on the next save.
func cleanBlock(block string) string {
	var b strings.Builder
	b.Grow(len(block))
	eachLine(block, func(from, to int) bool {
		line := block[from:to]
		if !isStartLine(line) && endMarkerAt(line) < 0 {
			b.WriteString(line)
			if to < len(block) {
				b.WriteByte('\n')
			}
		}
		return true
	})
	return strings.TrimRight(strings.TrimLeft(b.String(), "\r\n"), " \t\r\n")
}
