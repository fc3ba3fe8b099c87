// Package passcode makes meeting passcodes that satisfy a Zoom account's
// meeting_password_requirement, and checks passcodes against it (the fake Zoom refuses with
// Check what Zoom would refuse with 400, so Generate and Check must agree).
package passcode

import (
	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

// Zoom's limits for meeting passcodes: at most 10 characters out of letters, digits and
// @ - _ * (webinars also allow "!", meetings do not).
const (
	MaxLength = 10
	Specials  = "@-_*"
	// MinGenerated is the length generated passcodes have at least, as Zoom's own default.
	MinGenerated = 6
)

// Rule is Zoom's meeting_password_requirement; the JSON names are Zoom's.
type Rule struct {
	Length                      int  `json:"length"` // minimum; 0 means none
	HaveLetter                  bool `json:"have_letter"`
	HaveNumber                  bool `json:"have_number"`
	HaveSpecialCharacter        bool `json:"have_special_character"`
	HaveUpperAndLowerCharacters bool `json:"have_upper_and_lower_characters"`
	OnlyAllowNumeric            bool `json:"only_allow_numeric"`
	// ConsecutiveCharactersLength n forbids runs of n or more consecutive characters; 0 means
	// no rule, Zoom allows 4 to 8.
	ConsecutiveCharactersLength int  `json:"consecutive_characters_length"`
	WeakEnhanceDetection        bool `json:"weak_enhance_detection"`
}

// Default is what Zoom uses (and the KuferSQL manual falls back to) when an account sets
// nothing: six digits.
func Default() Rule { return Rule{Length: MinGenerated, OnlyAllowNumeric: true} }

// Validate reports, in words an administrator can act on, rules no passcode can meet. A
// negative Length counts as no minimum.
func (r Rule) Validate() error {
	var problems catalog.List
	if r.Length > MaxLength {
		problems = append(problems, catalog.Text{Key: "passcode.min_length", Args: []any{r.Length}})
	}
	if r.OnlyAllowNumeric {
		for _, c := range []struct {
			on  bool
			key string
		}{
			{r.HaveLetter, "passcode.digits_letter"},
			{r.HaveUpperAndLowerCharacters, "passcode.digits_cases"},
			{r.HaveSpecialCharacter, "passcode.digits_special"},
		} {
			if c.on {
				problems = append(problems, catalog.Text{Key: c.key})
			}
		}
	}
	if n := r.ConsecutiveCharactersLength; n != 0 && (n < 4 || n > 8) {
		problems = append(problems, catalog.Text{Key: "passcode.consecutive", Args: []any{n}})
	}
	if len(problems) > 0 {
		return catalog.Error(addon.EINVALID, "passcode.unmeetable", problems)
	}
	return nil
}

// classes is the number of characters the required kinds take at least.
func (r Rule) classes() int {
	n := 0
	switch {
	case r.HaveUpperAndLowerCharacters:
		n += 2
	case r.HaveLetter:
		n++
	}
	if r.HaveNumber {
		n++
	}
	if r.HaveSpecialCharacter {
		n++
	}
	return n
}

// length is the length Generate uses: the rule's minimum, room for every required kind, and
// never shorter than Zoom's default.
func (r Rule) length() int {
	return min(max(r.Length, r.classes(), MinGenerated), MaxLength)
}
