package passcode

import (
	"strconv"
	"strings"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// Check reports why Zoom would refuse p under r, every reason at once, or nil.
//
// Zoom does not publish what counts as "consecutive" or "weak", so Check is deliberately
// strict: a run is ascending ("abcd", "1234"), descending ("4321") or repeated ("1111", "@@@@")
// characters of one kind, and weak means one repeated pattern ("111111", "123123", "1212"), a
// single run ("123456"), fewer than three different characters, or a well-known word. A
// passcode Generate makes passes, and so passes at Zoom however Zoom reads those rules.
func Check(r Rule, p string) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if p == "" {
		return addon.Errorf(addon.EINVALID, "the passcode is empty")
	}
	var problems []string
	var letter, upper, lower, digit, special bool
	for _, c := range p {
		switch {
		case c >= 'a' && c <= 'z':
			letter, lower = true, true
		case c >= 'A' && c <= 'Z':
			letter, upper = true, true
		case c >= '0' && c <= '9':
			digit = true
		case strings.ContainsRune(Specials, c):
			special = true
		default:
			problems = append(problems, "the character "+strconv.QuoteRune(c)+" is not allowed (letters, digits and "+Specials+" are)")
		}
	}
	n := len([]rune(p))
	if n > MaxLength {
		problems = append(problems, "it has "+strconv.Itoa(n)+" characters, at most 10 are allowed")
	}
	if n < r.Length {
		problems = append(problems, "it has "+strconv.Itoa(n)+" characters, at least "+strconv.Itoa(r.Length)+" are required")
	}
	if r.OnlyAllowNumeric && (letter || special) {
		problems = append(problems, "only digits are allowed")
	}
	for _, c := range []struct {
		required, has bool
		what          string
	}{
		{r.HaveLetter, letter, "a letter"},
		{r.HaveNumber, digit, "a digit"},
		{r.HaveSpecialCharacter, special, "one of " + Specials},
		{r.HaveUpperAndLowerCharacters, upper && lower, "upper and lower case letters"},
	} {
		if c.required && !c.has {
			problems = append(problems, c.what+" is required")
		}
	}
	if m := r.ConsecutiveCharactersLength; m > 0 && longestRun(p) >= m {
		problems = append(problems, strconv.Itoa(longestRun(p))+" consecutive characters, fewer than "+strconv.Itoa(m)+" are allowed")
	}
	if r.WeakEnhanceDetection && weak(p) {
		problems = append(problems, "it is too easy to guess")
	}
	if len(problems) > 0 {
		return addon.Errorf(addon.EINVALID, "the passcode does not meet the Zoom requirements: %s", strings.Join(problems, "; "))
	}
	return nil
}

// kind groups the characters whose codes count as neighbours: 'c' follows 'b', not 'B'.
func kind(c byte) byte {
	switch {
	case c >= 'a' && c <= 'z':
		return 'a'
	case c >= 'A' && c <= 'Z':
		return 'A'
	case c >= '0' && c <= '9':
		return '0'
	}
	return 0
}

// step is how b follows a: +1, -1 or 0 (the same character), ok false if it does not.
func step(a, b byte) (int, bool) {
	if a == b {
		return 0, true
	}
	if kind(a) == 0 || kind(a) != kind(b) {
		return 0, false
	}
	switch int(b) - int(a) {
	case 1:
		return 1, true
	case -1:
		return -1, true
	}
	return 0, false
}

// longestRun is the length of the longest stretch of p that moves in one step.
func longestRun(p string) int {
	if p == "" {
		return 0
	}
	best, run, dir := 1, 1, 0
	for i := 1; i < len(p); i++ {
		s, ok := step(p[i-1], p[i])
		switch {
		case !ok:
			run = 1
		case run > 1 && s == dir:
			run++
		default:
			run, dir = 2, s
		}
		best = max(best, run)
	}
	return best
}

// common are passcodes people choose first; compared without case.
var common = map[string]bool{
	"password": true, "passwort": true, "qwerty": true, "qwertz": true, "abc123": true,
	"letmein": true, "zoom": true, "zoom123": true, "meeting": true, "welcome": true,
	"iloveyou": true, "admin": true, "123abc": true,
}

// weak reports passcodes that a guesser tries first.
func weak(p string) bool {
	if common[strings.ToLower(p)] || longestRun(p) == len(p) {
		return true
	}
	for period := 1; period <= len(p)/2; period++ {
		if p[period:] == p[:len(p)-period] {
			return true
		}
	}
	distinct := map[rune]bool{}
	for _, c := range p {
		distinct[c] = true
	}
	return len(distinct) < 3
}
