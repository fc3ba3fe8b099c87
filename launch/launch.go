// Package launch verifies the CRM's launch tokens: the short-lived JWTs the CRM appends as
// crm_launch when a user clicks an add-on button or an admin opens the settings page.
package launch

import (
	"context"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
	"github.com/onlinemeetings/meeting-addon/store"
)

// MaxLifetime is the protocol's bound on exp - iat.
const MaxLifetime = 120 * time.Second

// Claims are a launch token's claims.
type Claims struct {
	jwt.RegisteredClaims
	Name     string   `json:"name"`
	Email    string   `json:"email"`
	Groups   []string `json:"groups"`
	External bool     `json:"external"`
	Admin    bool     `json:"admin"`
	Locale   string   `json:"locale"`
}

// User returns the CRM user the token stands for.
func (c Claims) User() addon.User {
	loc := c.Locale
	if loc != "en" {
		loc = "de"
	}
	return addon.User{ID: c.Subject, Name: c.Name, Email: c.Email, Groups: c.Groups, External: c.External, Locale: loc}
}

// Verifier checks launch tokens against the installations' hook secrets.
type Verifier struct {
	Store *store.Store
	Now   func() time.Time
}

// Verify checks signature, installation, audience, issuer, lifetime and single use, and returns
// the installation and the claims.
func (v *Verifier) Verify(ctx context.Context, raw string) (addon.Installation, Claims, error) {
	deny := func(key string) error { return catalog.Error(addon.EUNAUTHORIZED, "launch."+key) }
	if raw == "" {
		return addon.Installation{}, Claims{}, deny("missing")
	}
	if len(raw) > 8192 {
		return addon.Installation{}, Claims{}, deny("too_large")
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	var inst addon.Installation
	var claims Claims
	_, err := jwt.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" || len(kid) > 64 {
			return nil, deny("no_installation")
		}
		var secrets []string
		var err error
		if inst, secrets, err = v.Store.InstallationSecrets(ctx, kid); addon.ErrorCode(err) == addon.ENOTFOUND {
			return nil, deny("unknown_installation")
		} else if err != nil {
			return nil, err
		}
		keys := jwt.VerificationKeySet{}
		for _, s := range secrets {
			keys.Keys = append(keys.Keys, []byte(s))
		}
		return keys, nil
	}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithAudience("addon"), jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(), jwt.WithTimeFunc(now), jwt.WithLeeway(5*time.Second))
	switch {
	case err == nil:
	case errors.As(err, new(*addon.Error)):
		var ae *addon.Error
		errors.As(err, &ae)
		return addon.Installation{}, Claims{}, ae
	case errorIs(err, jwt.ErrTokenExpired):
		return addon.Installation{}, Claims{}, deny("expired")
	default:
		return addon.Installation{}, Claims{}, deny("invalid")
	}
	if inst.Disabled {
		return addon.Installation{}, Claims{}, catalog.Error(addon.EFORBIDDEN, "launch.disabled")
	}
	if claims.Issuer != inst.SystemURL {
		return addon.Installation{}, Claims{}, deny("other_system")
	}
	if claims.IssuedAt == nil || claims.ExpiresAt.Sub(claims.IssuedAt.Time) > MaxLifetime {
		return addon.Installation{}, Claims{}, deny("lifetime")
	}
	if claims.ID == "" || len(claims.ID) > 128 || claims.Subject == "" {
		return addon.Installation{}, Claims{}, deny("no_user")
	}
	if err := claims.bounded(); err != nil {
		return addon.Installation{}, Claims{}, err
	}
	if err := v.Store.UseLaunchToken(ctx, inst.ID+":"+claims.ID, claims.ExpiresAt.UnixMilli()); err != nil {
		if addon.ErrorCode(err) == addon.ECONFLICT {
			return addon.Installation{}, Claims{}, deny("used")
		}
		return addon.Installation{}, Claims{}, err
	}
	return inst, claims, nil
}

// Sign makes a launch token (the demo command and tests play the CRM with it).
func Sign(secret, inst string, c Claims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	t.Header["kid"] = inst
	return t.SignedString([]byte(secret))
}

func errorIs(err, target error) bool { return errors.Is(err, target) }

// Limits of the claims the add-on keeps (user ids as in hooks, names and e-mails as the CRM's
// string fields), so that a token beyond them is refused with a clear message instead of
// failing when it is stored.
const (
	maxSubject = 64
	maxString  = 200
	maxGroups  = 1000
)

func (c Claims) bounded() error {
	tooLong := func(claim string, max int, unit string) error {
		return addon.Invalid("crm_launch."+claim, "is longer than %d %s; the CRM must send shorter values", max, unit)
	}
	switch {
	case len(c.Subject) > maxSubject:
		return tooLong("sub", maxSubject, "bytes")
	case utf8.RuneCountInString(c.Name) > maxString:
		return tooLong("name", maxString, "characters")
	case utf8.RuneCountInString(c.Email) > maxString:
		return tooLong("email", maxString, "characters")
	case len(c.Groups) > maxGroups:
		return addon.Invalid("crm_launch.groups", "has more than %d entries", maxGroups)
	}
	for _, g := range c.Groups {
		if utf8.RuneCountInString(g) > maxString {
			return tooLong("groups", maxString, "characters")
		}
	}
	if !utf8.ValidString(c.Subject + c.Name + c.Email) {
		return addon.Invalid("crm_launch", "is not valid UTF-8")
	}
	return nil
}
