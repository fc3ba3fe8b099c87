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

// Template returns the installation's own invitation template, or "" when it uses the default.
func (s *Store) Template(ctx context.Context, inst, provider, audience, locale string) (string, error) {
	locale, err := templateKey(provider, audience, locale)
	if err != nil {
		return "", err
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
	db := s.db.WithContext(ctx)
	if isBlank(text) {
		return translate(db.Where("installation_id = ? AND provider = ? AND audience = ? AND locale = ?",
			inst, provider, audience, locale).Delete(&templateRow{}).Error, "invitation template")
	}
	if err := fields.ValidateTemplate(text); err != nil {
		return err
	}
	row := templateRow{InstallationID: inst, Provider: provider, Audience: audience, Locale: locale, Text: text, UpdatedMS: s.nowMS()}
	return translate(db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "installation_id"}, {Name: "provider"}, {Name: "audience"}, {Name: "locale"}},
		DoUpdates: clause.AssignmentColumns([]string{"text", "updated_ms"}),
	}).Create(&row).Error, "invitation template")
}

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}
