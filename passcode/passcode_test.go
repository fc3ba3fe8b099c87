package passcode

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		rule Rule
		want []string // fragments of the error; none means valid
	}{
		{name: "Zoom default", rule: Default()},
		{name: "empty rule", rule: Rule{}},
		{name: "negative length is no minimum", rule: Rule{Length: -3}},
		{name: "length 10", rule: Rule{Length: 10, HaveLetter: true, HaveNumber: true, HaveSpecialCharacter: true, HaveUpperAndLowerCharacters: true}},
		{name: "length 11", rule: Rule{Length: 11}, want: []string{"minimum length of 11", "10 characters"}},
		{name: "numeric with letter", rule: Rule{OnlyAllowNumeric: true, HaveLetter: true}, want: []string{"only digits", "a letter"}},
		{name: "numeric with both cases", rule: Rule{OnlyAllowNumeric: true, HaveUpperAndLowerCharacters: true}, want: []string{"upper and lower"}},
		{name: "numeric with special", rule: Rule{OnlyAllowNumeric: true, HaveSpecialCharacter: true}, want: []string{"special character"}},
		{name: "numeric with number", rule: Rule{OnlyAllowNumeric: true, HaveNumber: true}},
		{name: "every conflict at once", rule: Rule{Length: 12, OnlyAllowNumeric: true, HaveLetter: true, HaveSpecialCharacter: true, ConsecutiveCharactersLength: 2},
			want: []string{"minimum length of 12", "a letter", "special character", "length 2"}},
		{name: "consecutive 3", rule: Rule{ConsecutiveCharactersLength: 3}, want: []string{"consecutive characters length 3"}},
		{name: "consecutive 9", rule: Rule{ConsecutiveCharactersLength: 9}, want: []string{"not 0 or 4 to 8"}},
		{name: "consecutive 4", rule: Rule{ConsecutiveCharactersLength: 4}},
		{name: "consecutive 8", rule: Rule{ConsecutiveCharactersLength: 8}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.rule.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want an error naming %q", tc.want)
			}
			if addon.ErrorCode(err) != addon.EINVALID {
				t.Errorf("code %q, want %q", addon.ErrorCode(err), addon.EINVALID)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, does not say %q", err, w)
				}
			}
			if _, gerr := Generate(tc.rule); gerr == nil {
				t.Error("Generate succeeded for an impossible rule")
			}
		})
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		rule Rule
		p    string
		want string // fragment of the error; "" means accepted
	}{
		{"default accepts six digits", Default(), "684236", ""},
		{"default refuses five digits", Default(), "68423", "at least 6"},
		{"default refuses a letter", Default(), "68423a", "only digits"},
		{"empty", Rule{}, "", "empty"},
		{"eleven characters", Rule{}, "abcxyz12345", "at most 10"},
		{"ten characters", Rule{}, "k7@x-q_2*m", ""},
		{"space is not allowed", Rule{}, "abc def", `' '`},
		{"exclamation mark is not allowed in meetings", Rule{}, "abc!def", `'!'`},
		{"umlaut is not allowed", Rule{}, "kürbis7", `'ü'`},
		{"letter required, present", Rule{HaveLetter: true}, "38x61", ""},
		{"letter required, missing", Rule{HaveLetter: true}, "386194", "a letter is required"},
		{"number required, present", Rule{HaveNumber: true}, "kxq7mz", ""},
		{"number required, missing", Rule{HaveNumber: true}, "kxqtmz", "a digit is required"},
		{"special required, present", Rule{HaveSpecialCharacter: true}, "kx_7mz", ""},
		{"special required, missing", Rule{HaveSpecialCharacter: true}, "kxq7mz", "one of @-_*"},
		{"both cases, present", Rule{HaveUpperAndLowerCharacters: true}, "kXq7mz", ""},
		{"both cases, lower only", Rule{HaveUpperAndLowerCharacters: true}, "kxq7mz", "upper and lower"},
		{"both cases, upper only", Rule{HaveUpperAndLowerCharacters: true}, "KXQ7MZ", "upper and lower"},
		{"minimum length 8, 8 given", Rule{Length: 8}, "k7x2q9m4", ""},
		{"minimum length 8, 6 given", Rule{Length: 8}, "k7x2q9", "at least 8"},
		{"consecutive 4: abc allowed", Rule{ConsecutiveCharactersLength: 4}, "abc1x@8fdh", ""},
		{"consecutive 4: abcd refused", Rule{ConsecutiveCharactersLength: 4}, "xabcd7", "4 consecutive"},
		{"consecutive 4: 1234 refused", Rule{ConsecutiveCharactersLength: 4}, "912340", "4 consecutive"},
		{"consecutive 4: 4321 refused", Rule{ConsecutiveCharactersLength: 4}, "943210", "5 consecutive"},
		{"consecutive 4: 1111 refused", Rule{ConsecutiveCharactersLength: 4}, "811119", "4 consecutive"},
		{"consecutive 4: case breaks a run", Rule{ConsecutiveCharactersLength: 4}, "abCD95", ""},
		{"consecutive 4: 9 and 0 are no run", Rule{ConsecutiveCharactersLength: 4}, "789012", ""},
		{"consecutive 4: direction change breaks a run", Rule{ConsecutiveCharactersLength: 4}, "123212", ""},
		{"consecutive 8: 7 allowed", Rule{ConsecutiveCharactersLength: 8}, "1234567x", ""},
		{"consecutive 8: 8 refused", Rule{ConsecutiveCharactersLength: 8}, "12345678", "8 consecutive"},
		{"consecutive 0: no rule", Rule{}, "12345678", ""},
		{"weak: random", Rule{WeakEnhanceDetection: true}, "684236", ""},
		{"weak: 111111", Rule{WeakEnhanceDetection: true}, "111111", "easy to guess"},
		{"weak: 000000", Rule{WeakEnhanceDetection: true}, "000000", "easy to guess"},
		{"weak: 123456", Rule{WeakEnhanceDetection: true}, "123456", "easy to guess"},
		{"weak: 987654", Rule{WeakEnhanceDetection: true}, "987654", "easy to guess"},
		{"weak: 123123", Rule{WeakEnhanceDetection: true}, "123123", "easy to guess"},
		{"weak: 121212", Rule{WeakEnhanceDetection: true}, "121212", "easy to guess"},
		{"weak: 112211", Rule{WeakEnhanceDetection: true}, "112211", "easy to guess"},
		{"weak: Password", Rule{WeakEnhanceDetection: true}, "Password", "easy to guess"},
		{"weak: off", Rule{}, "111111", ""},
		{"every problem at once", Rule{Length: 8, HaveLetter: true, HaveSpecialCharacter: true, ConsecutiveCharactersLength: 4, WeakEnhanceDetection: true}, "111111",
			"at least 8 are required; a letter is required; one of @-_* is required; 6 consecutive characters, fewer than 4 are allowed; it is too easy to guess"},
		{"invalid rule", Rule{Length: 12}, "684236", "minimum length of 12"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.rule, tc.p)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Check(%q) = %v, want nil", tc.p, err)
			case tc.want != "" && err == nil:
				t.Errorf("Check(%q) = nil, want an error saying %q", tc.p, tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Errorf("Check(%q) = %q, want it to say %q", tc.p, err, tc.want)
			}
		})
	}
}

func TestGenerate(t *testing.T) {
	tests := []struct {
		name    string
		rule    Rule
		wantLen int
		allowed func(rune) bool
		has     []func(rune) bool // each needs at least one character
	}{
		{"Zoom default", Default(), 6, unicode.IsDigit, nil},
		{"nothing set", Rule{}, 6, alnum, nil},
		{"length 10", Rule{Length: 10}, 10, alnum, nil},
		{"length 3 is raised to 6", Rule{Length: 3}, 6, alnum, nil},
		{"numeric 8", Rule{Length: 8, OnlyAllowNumeric: true}, 8, unicode.IsDigit, nil},
		{"letter", Rule{HaveLetter: true}, 6, alnum, []func(rune) bool{unicode.IsLetter}},
		{"number", Rule{HaveNumber: true}, 6, alnum, []func(rune) bool{unicode.IsDigit}},
		{"special", Rule{HaveSpecialCharacter: true}, 6, zoomChar, []func(rune) bool{isSpecial}},
		{"upper and lower", Rule{HaveUpperAndLowerCharacters: true}, 6, alnum, []func(rune) bool{unicode.IsUpper, unicode.IsLower}},
		{"all kinds, length 10", Rule{Length: 10, HaveLetter: true, HaveNumber: true, HaveSpecialCharacter: true, HaveUpperAndLowerCharacters: true, ConsecutiveCharactersLength: 4, WeakEnhanceDetection: true},
			10, zoomChar, []func(rune) bool{unicode.IsUpper, unicode.IsLower, unicode.IsDigit, isSpecial}},
		{"consecutive 4 numeric 10", Rule{Length: 10, OnlyAllowNumeric: true, ConsecutiveCharactersLength: 4}, 10, unicode.IsDigit, nil},
		{"weak detection", Rule{OnlyAllowNumeric: true, WeakEnhanceDetection: true}, 6, unicode.IsDigit, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for range 200 {
				p, err := Generate(tc.rule)
				if err != nil {
					t.Fatalf("Generate: %v", err)
				}
				if len(p) != tc.wantLen {
					t.Fatalf("Generate() = %q, %d characters, want %d", p, len(p), tc.wantLen)
				}
				if i := strings.IndexFunc(p, func(c rune) bool { return !tc.allowed(c) }); i >= 0 {
					t.Fatalf("Generate() = %q has the character %q", p, p[i])
				}
				for i, h := range tc.has {
					if !strings.ContainsFunc(p, h) {
						t.Fatalf("Generate() = %q lacks required kind %d", p, i)
					}
				}
				if n := tc.rule.ConsecutiveCharactersLength; n > 0 && longestRun(p) >= n {
					t.Fatalf("Generate() = %q has a run of %d, rule %d", p, longestRun(p), n)
				}
				if tc.rule.WeakEnhanceDetection && weak(p) {
					t.Fatalf("Generate() = %q is weak", p)
				}
			}
		})
	}
}

// TestGenerateAgreesWithCheck draws 10,000 valid rules and checks what Zoom's fake would say.
func TestGenerateAgreesWithCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2)) // fixed: a failure must be reproducible
	seen := map[string]bool{}
	for i := range 10000 {
		r := Rule{
			Length:                      rng.IntN(13) - 1,
			HaveLetter:                  rng.IntN(2) == 0,
			HaveNumber:                  rng.IntN(2) == 0,
			HaveSpecialCharacter:        rng.IntN(2) == 0,
			HaveUpperAndLowerCharacters: rng.IntN(2) == 0,
			OnlyAllowNumeric:            rng.IntN(3) == 0,
			ConsecutiveCharactersLength: []int{0, 4, 5, 6, 7, 8}[rng.IntN(6)],
			WeakEnhanceDetection:        rng.IntN(2) == 0,
		}
		if r.OnlyAllowNumeric {
			r.HaveLetter, r.HaveSpecialCharacter, r.HaveUpperAndLowerCharacters = false, false, false
		}
		r.Length = min(r.Length, MaxLength)
		p, err := Generate(r)
		if err != nil {
			t.Fatalf("rule %d %+v: Generate: %v", i, r, err)
		}
		if err := Check(r, p); err != nil {
			t.Fatalf("rule %d %+v: Check(%q) = %v", i, r, p, err)
		}
		if want := min(max(r.Length, 6), 10); len(p) != want {
			t.Fatalf("rule %d %+v: Generate() = %q, length %d, want %d", i, r, p, len(p), want)
		}
		seen[p] = true
	}
	if len(seen) < 9990 { // six digits alone give 10^6 choices: repeats mean a broken source
		t.Errorf("only %d different passcodes in 10,000", len(seen))
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("684236", 6, byte(0b0010_0000), 0)
	f.Add("abc1x@8fdh", 0, byte(0b0000_0011), 4)
	f.Add("kürbis", 0, byte(0b1000_0001), 8)
	f.Add("", 0, byte(0), 0)
	f.Add("\xff\xfe", 12, byte(0xff), 3)
	f.Fuzz(func(t *testing.T, p string, length int, flags byte, consecutive int) {
		r := Rule{
			Length: length, HaveLetter: flags&1 != 0, HaveNumber: flags&2 != 0, HaveSpecialCharacter: flags&4 != 0,
			HaveUpperAndLowerCharacters: flags&8 != 0, OnlyAllowNumeric: flags&32 != 0,
			ConsecutiveCharactersLength: consecutive, WeakEnhanceDetection: flags&64 != 0,
		}
		err := Check(r, p)
		if err != nil {
			if addon.ErrorCode(err) != addon.EINVALID {
				t.Fatalf("Check error %v is not EINVALID", err)
			}
			return
		}
		// Whatever Check accepts, Zoom's basic limits hold.
		if p == "" || len(p) > MaxLength || len(p) < r.Length || strings.ContainsFunc(p, func(c rune) bool { return !zoomChar(c) }) {
			t.Fatalf("Check accepted %q under %+v", p, r)
		}
		if r.OnlyAllowNumeric && strings.ContainsFunc(p, func(c rune) bool { return !unicode.IsDigit(c) }) {
			t.Fatalf("Check accepted %q though only digits are allowed", p)
		}
		isRun := strings.Contains("0123456789", p) || strings.Contains("abcdefghijklmnopqrstuvwxyz", p)
		if n := r.ConsecutiveCharactersLength; n > 0 && isRun && len(p) >= n {
			t.Fatalf("Check accepted the run %q with consecutive %d", p, n)
		}
	})
}

func alnum(c rune) bool     { return c < 128 && (unicode.IsLetter(c) || unicode.IsDigit(c)) }
func isSpecial(c rune) bool { return strings.ContainsRune(Specials, c) }
func zoomChar(c rune) bool  { return alnum(c) || isSpecial(c) }

// A CRM user reads why a rule cannot be met in their language, all of it.
func TestValidateInGerman(t *testing.T) {
	err := Rule{Length: 12, OnlyAllowNumeric: true, HaveLetter: true}.Validate()
	got := catalog.ErrorIn("de", err)
	want := "Kein Passwort kann diesen Aufbau erfüllen: eine Mindestlänge von 12 ist mehr als die 10 Zeichen, die ein Passwort in Zoom haben darf; nur Ziffern sind zugelassen, aber ein Buchstabe wird verlangt"
	if got != want {
		t.Errorf("German: got %q, want %q", got, want)
	}
	if en := addon.ErrorMessage(err); en != "the Zoom passcode requirements cannot be met: a minimum length of 12 is more than the 10 characters a Zoom passcode may have; only digits are allowed but a letter is required" {
		t.Errorf("English: got %q", en)
	}
}
