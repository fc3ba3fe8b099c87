package zoomtest

import (
	"fmt"
	"strings"
)

// passcodeChars are the only characters Zoom takes in a meeting passcode.
const passcodeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@-_*"

const specialChars = "@-_*"

// checkPassword returns why pw breaks Zoom's rules or req, or "" when it is acceptable. The
// messages name the rule so a failing test (and a person reading a log) knows which one.
func checkPassword(req PasswordRequirement, pw string) string {
	if len(pw) > 10 || !onlyFrom(pw, passcodeChars) {
		return "Password can only contain the following characters: [a-z A-Z 0-9 @ - _ *] and can't be longer than 10 characters."
	}
	var letter, digit, special, upper, lower bool
	for _, c := range pw {
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z':
			letter, lower = true, true
		case c >= 'A' && c <= 'Z':
			letter, upper = true, true
		default:
			special = true
		}
	}
	switch {
	case len(pw) < req.Length:
		return fmt.Sprintf("Invalid passcode: the minimum passcode length is %d characters.", req.Length)
	case req.OnlyAllowNumeric && (letter || special):
		return "Invalid passcode: the passcode may only contain numbers (only_allow_numeric)."
	case req.HaveLetter && !letter:
		return "Invalid passcode: the passcode must contain at least one letter (have_letter)."
	case req.HaveNumber && !digit:
		return "Invalid passcode: the passcode must contain at least one number (have_number)."
	case req.HaveSpecialCharacter && !special:
		return "Invalid passcode: the passcode must contain at least one special character @ - _ * (have_special_character)."
	case req.HaveUpperAndLowerCharacters && !(upper && lower):
		return "Invalid passcode: the passcode must contain upper and lower case letters (have_upper_and_lower_characters)."
	case req.ConsecutiveCharactersLength > 0 && longestRun(pw) >= req.ConsecutiveCharactersLength:
		return fmt.Sprintf("Invalid passcode: at most %d consecutive characters such as abcd are allowed (consecutive_characters_length).",
			req.ConsecutiveCharactersLength-1)
	case req.WeakEnhanceDetection && weak(pw):
		return "Invalid passcode: the passcode is too weak (weak_enhance_detection)."
	}
	return ""
}

func onlyFrom(s, set string) bool {
	for _, c := range s {
		if !strings.ContainsRune(set, c) {
			return false
		}
	}
	return true
}

// longestRun is the length of the longest ascending or descending sequence such as "abcd" or
// "4321".
func longestRun(s string) int {
	if s == "" {
		return 0
	}
	best, up, down := 1, 1, 1
	for i := 1; i < len(s); i++ {
		up, down = 1, 1 // a run ends unless the next character continues it
		if s[i] == s[i-1]+1 {
			up = runLen(s, i, 1)
		}
		if s[i] == s[i-1]-1 {
			down = runLen(s, i, -1)
		}
		best = max(best, up, down)
	}
	return best
}

// runLen is the length of the run with step that ends at s[i].
func runLen(s string, i, step int) int {
	n := 1
	for ; i > 0 && int(s[i])-int(s[i-1]) == step; i-- {
		n++
	}
	return n
}

// weak catches what Zoom's weak-passcode detection is known to catch: one repeated character
// or one straight sequence.
func weak(pw string) bool {
	return pw == "" || strings.Count(pw, pw[:1]) == len(pw) || longestRun(pw) == len(pw)
}

// generatePassword makes a passcode that satisfies req, as Zoom does when the caller sends none.
func (s *Server) generatePassword(req PasswordRequirement) string {
	n := min(max(req.Length, 6), 10)
	var pw string
	for range 1000 {
		if req.OnlyAllowNumeric {
			pw = s.randomDigits(n)
		} else {
			b := []byte{
				"abcdefghijkmnpqrstuvwxyz"[s.rng.IntN(24)],
				"ABCDEFGHJKLMNPQRSTUVWXYZ"[s.rng.IntN(24)],
				"23456789"[s.rng.IntN(8)],
			}
			if req.HaveSpecialCharacter {
				b = append(b, specialChars[s.rng.IntN(len(specialChars))])
			}
			for len(b) < n {
				b = append(b, passcodeChars[s.rng.IntN(62)])
			}
			s.rng.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
			pw = string(b)
		}
		if checkPassword(req, pw) == "" {
			return pw
		}
	}
	// Contradicting rules (numeric only and a letter, a minimum above 10) cannot be met; Zoom
	// itself would then refuse every passcode, so hand back the last try.
	return pw
}
