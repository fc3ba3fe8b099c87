package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// NewSecret returns n random bytes, base64url without padding.
func NewSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the OS has no randomness; nothing is safe
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func secretContext(id string) string { return "installation:" + id }

// CreateInstallation creates an installation for a CRM system URL and returns it with its hook
// secret in plaintext: the only time the secret is shown.
func (s *Store) CreateInstallation(ctx context.Context, systemURL string) (addon.Installation, string, error) {
	id := "inst_" + strings.ToLower(NewSecret(9))
	secret := NewSecret(32)
	sealed, err := s.box.Seal(secret, secretContext(id))
	if err != nil {
		return addon.Installation{}, "", err
	}
	def := addon.DefaultSettings()
	groups, _ := json.Marshal(def.PermittedGroups)
	row := installationRow{ID: id, SystemURL: systemURL, HookSecret: sealed, PermittedGroups: string(groups),
		Policy: def.Policy, CreatedMS: s.nowMS(), UpdatedMS: s.nowMS()}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return addon.Installation{}, "", translate(err, "installation")
	}
	return toInstallation(row), secret, nil
}

// CreateInstallationWithSecret is CreateInstallation with a chosen id and secret (sandbox demo).
func (s *Store) CreateInstallationWithSecret(ctx context.Context, id, systemURL, secret string) (addon.Installation, error) {
	sealed, err := s.box.Seal(secret, secretContext(id))
	if err != nil {
		return addon.Installation{}, err
	}
	def := addon.DefaultSettings()
	groups, _ := json.Marshal(def.PermittedGroups)
	row := installationRow{ID: id, SystemURL: systemURL, HookSecret: sealed, PermittedGroups: string(groups),
		Policy: def.Policy, CreatedMS: s.nowMS(), UpdatedMS: s.nowMS()}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return addon.Installation{}, translate(err, "installation")
	}
	return toInstallation(row), nil
}

func toInstallation(r installationRow) addon.Installation {
	var groups []string
	_ = json.Unmarshal([]byte(r.PermittedGroups), &groups)
	return addon.Installation{ID: r.ID, SystemURL: r.SystemURL, Disabled: r.Disabled, CreatedAt: fromMS(r.CreatedMS), Revision: r.UpdatedMS,
		Settings: addon.Settings{PermittedGroups: groups, RunAsUser: r.RunAsUser, Policy: r.Policy,
			TopicTemplate: r.TopicTemplate, Over50: r.Over50, HostCapacity: r.HostCapacity}}
}

func (s *Store) installationRow(ctx context.Context, id string) (installationRow, error) {
	var row installationRow
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error
	return row, translate(err, "installation")
}

// Installation returns one installation.
func (s *Store) Installation(ctx context.Context, id string) (addon.Installation, error) {
	row, err := s.installationRow(ctx, id)
	if err != nil {
		return addon.Installation{}, err
	}
	return toInstallation(row), nil
}

// Installations lists all installations, oldest first.
func (s *Store) Installations(ctx context.Context) ([]addon.Installation, error) {
	var rows []installationRow
	if err := s.db.WithContext(ctx).Order("created_ms, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "installations")
	}
	out := make([]addon.Installation, len(rows))
	for i, r := range rows {
		out[i] = toInstallation(r)
	}
	return out, nil
}

// HookSecrets returns the secrets a signature may be made with: the current one and, during
// its grace period, the previous one.
func (s *Store) HookSecrets(ctx context.Context, id string) ([]string, error) {
	_, secrets, err := s.InstallationSecrets(ctx, id)
	return secrets, err
}

// InstallationSecrets returns an installation with its valid hook secrets from one read, for
// the checks every launch token makes (hooks read them with Claim).
func (s *Store) InstallationSecrets(ctx context.Context, id string) (addon.Installation, []string, error) {
	row, err := s.installationRow(ctx, id)
	if err != nil {
		return addon.Installation{}, nil, err
	}
	secrets, err := s.hookSecrets(row)
	if err != nil {
		return addon.Installation{}, nil, err
	}
	return toInstallation(row), secrets, nil
}

// hookSecrets opens the current secret and, during its grace period, the previous one.
func (s *Store) hookSecrets(row installationRow) ([]string, error) {
	cur, err := s.box.Open(row.HookSecret, secretContext(row.ID))
	if err != nil {
		return nil, err
	}
	if cur == "" { // never signed with an empty key
		return nil, addon.Errorf(addon.EINTERNAL, "installation %s has no hook secret", row.ID)
	}
	out := []string{cur}
	if row.PrevHookSecret != "" && s.nowMS() < row.PrevSecretUntilMS {
		prev, err := s.box.Open(row.PrevHookSecret, secretContext(row.ID))
		if err != nil {
			return nil, err
		}
		out = append(out, prev)
	}
	return out, nil
}

// revised is the value of updated_ms for a change of the installation: now, or one more than
// before should the clock not have moved on, so that every change makes a new Revision.
func (s *Store) revised() any {
	now := s.nowMS()
	return gorm.Expr("CASE WHEN updated_ms >= ? THEN updated_ms + 1 ELSE ? END", now, now)
}

// RotateHookSecret issues a new secret; the old one stays valid for grace.
func (s *Store) RotateHookSecret(ctx context.Context, id string, grace time.Duration) (string, error) {
	row, err := s.installationRow(ctx, id)
	if err != nil {
		return "", err
	}
	secret := NewSecret(32)
	sealed, err := s.box.Seal(secret, secretContext(id))
	if err != nil {
		return "", err
	}
	err = s.db.WithContext(ctx).Model(&installationRow{}).Where("id = ?", id).Updates(map[string]any{
		"hook_secret": sealed, "prev_hook_secret": row.HookSecret,
		"prev_secret_until_ms": s.now().Add(grace).UnixMilli(), "updated_ms": s.revised(),
	}).Error
	return secret, translate(err, "installation")
}

// SetDisabled disables or re-enables an installation; a disabled one is refused on every hook.
func (s *Store) SetDisabled(ctx context.Context, id string, disabled bool) error {
	res := s.db.WithContext(ctx).Model(&installationRow{}).Where("id = ?", id).
		Updates(map[string]any{"disabled": disabled, "updated_ms": s.revised()})
	if res.Error == nil && res.RowsAffected == 0 {
		return addon.Errorf(addon.ENOTFOUND, "installation %s not found", id)
	}
	return translate(res.Error, "installation")
}

// UpdateSettings validates and stores an installation's settings.
func (s *Store) UpdateSettings(ctx context.Context, id string, set addon.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	groups, _ := json.Marshal(set.PermittedGroups)
	res := s.db.WithContext(ctx).Model(&installationRow{}).Where("id = ?", id).Updates(map[string]any{
		"permitted_groups": string(groups), "run_as_user": set.RunAsUser, "policy": set.Policy, "updated_ms": s.revised(),
		"topic_template": set.TopicTemplate, "over50": set.Over50, "host_capacity": set.HostCapacity,
	})
	if res.Error == nil && res.RowsAffected == 0 {
		return addon.Errorf(addon.ENOTFOUND, "installation %s not found", id)
	}
	return translate(res.Error, "installation")
}
