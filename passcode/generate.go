package passcode

import (
	"crypto/rand"
	"fmt"
	"math/big"
)

// Alphabets. Letters leave out l, I and O, which participants mistake for 1 and 0 when they
// type the passcode from an invitation; digits stay complete since numeric passcodes are
// dialled.
const (
	digits = "0123456789"
	lowers = "abcdefghijkmnopqrstuvwxyz"
	uppers = "ABCDEFGHJKLMNPQRSTUVWXYZ"
)

// maxTries bounds the redraws after Check refuses a draw. The strictest rule (ten digits, no
// run of four, no weak pattern) refuses well under 1 % of draws, so running out means a bug.
const maxTries = 1000

// Generate returns a random passcode from crypto/rand that passes Check(r, …). Its length is
// the rule's minimum, at least 6 (Zoom's default) and at least one character per required
// kind, and at most 10. Letters are lower case unless both cases are required; special
// characters appear only when required, as they are the hardest to type.
func Generate(r Rule) (string, error) {
	if err := r.Validate(); err != nil {
		return "", err
	}
	pool := digits
	var required []string
	if !r.OnlyAllowNumeric {
		pool += lowers
		switch {
		case r.HaveUpperAndLowerCharacters:
			pool += uppers
			required = append(required, lowers, uppers)
		case r.HaveLetter:
			required = append(required, lowers)
		}
		if r.HaveSpecialCharacter {
			pool += Specials
			required = append(required, Specials)
		}
	}
	if r.HaveNumber {
		required = append(required, digits)
	}
	n := r.length()
	for range maxTries {
		b := make([]byte, n)
		for i := range b {
			set := pool
			if i < len(required) {
				set = required[i]
			}
			k, err := pick(len(set))
			if err != nil {
				return "", err
			}
			b[i] = set[k]
		}
		if err := shuffle(b); err != nil {
			return "", err
		}
		if Check(r, string(b)) == nil {
			return string(b), nil
		}
	}
	return "", fmt.Errorf("passcode: no passcode for %+v after %d tries", r, maxTries)
}

// pick returns a uniform random number in [0, n).
func pick(n int) (int, error) {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		return 0, fmt.Errorf("passcode: random: %w", err)
	}
	return int(v.Int64()), nil
}

// shuffle moves the required characters away from the front (Fisher–Yates).
func shuffle(b []byte) error {
	for i := len(b) - 1; i > 0; i-- {
		j, err := pick(i + 1)
		if err != nil {
			return err
		}
		b[i], b[j] = b[j], b[i]
	}
	return nil
}
