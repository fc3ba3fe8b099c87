package store

import (
	"context"

	"gorm.io/gorm/clause"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
)

// templateRow is an installation's own invitation text for one provider, audience and locale.
// No row means the built-in default.
type templateRow struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	Provider       string `gorm:"primaryKey;size:16"`
	Audience       string `gorm:"primaryKey;size:16"`
	Locale         string `gorm:"primaryKey;size:8"`
	Text           string `gorm:"type:text"`
	UpdatedMS      int64
}

func (templateRow) TableName() string { return "invitation_templates" }

// templateKey checks and normalizes the key of a template: the locale is "de" or "en" as
// everywhere in the add-on (anything but "en" is German).
func templateKey(provider, audience, locale string) (string, error) {
	if fields.SoftwareName(provider) == "" {
		return "", addon.Invalid("provider", "must be %q or %q", addon.ProviderGoTo, addon.ProviderZoom)
	}
	if audience != fields.AudienceParticipant && audience != fields.AudienceHost {
		return "", addon.Invalid("audience", "must be %q or %q", fields.AudienceParticipant, fields.AudienceHost)
	}
	if locale != "en" {
		locale = "de"
	}
	return locale, nil
}

// templateSet is an installation's templates as of a revision of the installation.
type templateSet struct {
	revision int64
	texts    map[string]string // provider/audience/locale
}

// Template returns the installation's own invitation template, or "" when it uses the default.
// In a hook (a context of WithPending) the installation's templates are read once per revision
// of the installation (SetTemplate makes a new one) and kept for the hooks that follow.
func (s *Store) Template(ctx context.Context, inst, provider, audience, locale string) (string, error) {
	locale, err := templateKey(provider, audience, locale)
	if err != nil {
		return "", err
	}
	key := provider + "/" + audience + "/" + locale
	if p := pendingOf(ctx); p != nil && p.inst == inst {
		if set, ok := s.templates.Load(inst); ok && set.(*templateSet).revision == p.revision {
			return set.(*templateSet).texts[key], nil
		}
		var rows []templateRow
		if err := s.db.WithContext(ctx).Where("installation_id = ?", inst).Find(&rows).Error; err != nil {
			return "", translate(err, "invitation templates")
		}
		set := &templateSet{revision: p.revision, texts: make(map[string]string, len(rows))}
		for _, r := range rows {
			set.texts[r.Provider+"/"+r.Audience+"/"+r.Locale] = r.Text
		}
		s.templates.Store(inst, set)
		return set.texts[key], nil
	}
	var rows []templateRow
	if err := s.db.WithContext(ctx).Where("installation_id = ? AND provider = ? AND audience = ? AND locale = ?",
		inst, provider, audience, locale).Limit(1).Find(&rows).Error; err != nil {
		return "", translate(err, "invitation template")
	}
	if len(rows) == 0 {
		return "", nil
	}
	return rows[0].Text, nil
}

// SetTemplate stores the installation's own template after fields.ValidateTemplate; "" (or
// only white space) returns to the default.
func (s *Store) SetTemplate(ctx context.Context, inst, provider, audience, locale, text string) error {
	locale, err := templateKey(provider, audience, locale)
	if err != nil {
		return err
	}
	if !isBlank(text) {
		if err := fields.ValidateTemplate(text); err != nil {
			return err
		}
	}
	// The installation's revision changes with it: hooks keep templates by revision.
	return translate(s.transaction(ctx, func(tx *gormDB) error {
		if err := tx.Model(&installationRow{}).Where("id = ?", inst).Update("updated_ms", s.revised()).Error; err != nil {
			return err
		}
		if isBlank(text) {
			return tx.Where("installation_id = ? AND provider = ? AND audience = ? AND locale = ?",
				inst, provider, audience, locale).Delete(&templateRow{}).Error
		}
		row := templateRow{InstallationID: inst, Provider: provider, Audience: audience, Locale: locale, Text: text, UpdatedMS: s.nowMS()}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "installation_id"}, {Name: "provider"}, {Name: "audience"}, {Name: "locale"}},
			DoUpdates: clause.AssignmentColumns([]string{"text", "updated_ms"}),
		}).Create(&row).Error
	}), "invitation template")
}

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}
