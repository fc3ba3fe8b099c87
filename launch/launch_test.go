package launch_test

import (
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/launch"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
)

func TestVerify(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	st := storetest.Open(t, "sqlite", func() time.Time { return now })
	inst, secret, err := st.CreateInstallation(context.Background(), "https://crm.example.org")
	if err != nil {
		t.Fatal(err)
	}
	v := &launch.Verifier{Store: st, Now: func() time.Time { return now }}
	claims := func(mod func(*launch.Claims)) launch.Claims {
		c := launch.Claims{RegisteredClaims: jwt.RegisteredClaims{Issuer: "https://crm.example.org", Audience: jwt.ClaimStrings{"addon"},
			Subject: "u-1", IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(100 * time.Second)), ID: "j-" + t.Name()}}
		if mod != nil {
			mod(&c)
		}
		return c
	}
	sign := func(secret, kid string, c launch.Claims) string {
		tok, err := launch.Sign(secret, kid, c)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{"valid", sign(secret, inst.ID, claims(func(c *launch.Claims) { c.ID = "a" })), true},
		{"wrong secret", sign("nope", inst.ID, claims(func(c *launch.Claims) { c.ID = "b" })), false},
		{"unknown installation", sign(secret, "inst_x", claims(func(c *launch.Claims) { c.ID = "c" })), false},
		{"other issuer", sign(secret, inst.ID, claims(func(c *launch.Claims) { c.ID = "d"; c.Issuer = "https://evil.example" })), false},
		{"wrong audience", sign(secret, inst.ID, claims(func(c *launch.Claims) { c.ID = "e"; c.Audience = jwt.ClaimStrings{"other"} })), false},
		{"expired", sign(secret, inst.ID, claims(func(c *launch.Claims) {
			c.ID = "f"
			c.IssuedAt, c.ExpiresAt = jwt.NewNumericDate(now.Add(-10*time.Minute)), jwt.NewNumericDate(now.Add(-8*time.Minute))
		})), false},
		{"lives too long", sign(secret, inst.ID, claims(func(c *launch.Claims) { c.ID = "g"; c.ExpiresAt = jwt.NewNumericDate(now.Add(time.Hour)) })), false},
		{"no jti", sign(secret, inst.ID, claims(func(c *launch.Claims) { c.ID = "" })), false},
		{"reused", sign(secret, inst.ID, claims(func(c *launch.Claims) { c.ID = "a" })), false},
		{"empty", "", false},
		{"garbage", "not.a.jwt", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := v.Verify(context.Background(), tc.token)
			if (err == nil) != tc.ok {
				t.Fatalf("Verify err = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && addon.ErrorCode(err) != addon.EUNAUTHORIZED {
				t.Errorf("code %q, want unauthorized", addon.ErrorCode(err))
			}
		})
	}
}

// FuzzVerify: any string is refused or accepted, never a panic or an internal error.
func FuzzVerify(f *testing.F) {
	st := storetest.Open(f, "sqlite", nil)
	inst, secret, _ := st.CreateInstallation(context.Background(), "https://crm.example.org")
	good, _ := launch.Sign(secret, inst.ID, launch.Claims{RegisteredClaims: jwt.RegisteredClaims{Issuer: "https://crm.example.org",
		Audience: jwt.ClaimStrings{"addon"}, Subject: "u", IssuedAt: jwt.NewNumericDate(time.Now()), ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Minute)), ID: "seed"}})
	for _, s := range []string{good, "", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", good + "x"} {
		f.Add(s)
	}
	v := &launch.Verifier{Store: st}
	f.Fuzz(func(t *testing.T, raw string) {
		if _, _, err := v.Verify(context.Background(), raw); err != nil && addon.ErrorCode(err) == addon.EINTERNAL {
			t.Fatalf("internal error for outside input: %v", err)
		}
	})
}
