package addon

import (
	"slices"
	"strings"
	"time"
)

// Special values of the permitted groups, as in the TecArt manual ("Alle", "Keine").
const (
	GroupsAll  = "all"
	GroupsNone = "none"
)

// Double-booking policies.
const (
	PolicyWarn   = "warn"
	PolicyStrict = "strict"
)

// Installation is one CRM system the add-on serves.
type Installation struct {
	ID        string
	SystemURL string
	Disabled  bool
	CreatedAt time.Time
	Settings  Settings
	// Revision changes with every change of the installation's settings, secrets or
	// invitation templates (what a save may keep for the length of a request).
	Revision int64
}

// Settings are what an installation's administrator configures.
type Settings struct {
	PermittedGroups []string
	RunAsUser       string
	Policy          string // PolicyWarn or PolicyStrict
	TopicTemplate   string // Zoom topic, e.g. "<KURSNR> <KURSTITEL>"; empty: the title
	Over50          string // Over50NoFixedTime (default) or Over50Blocks
	HostCapacity    int    // concurrent meetings per Zoom host; 0 or 1: one
}

// DefaultSettings lets every internal user use the add-on and warns about double bookings.
func DefaultSettings() Settings {
	return Settings{PermittedGroups: []string{GroupsAll}, Policy: PolicyWarn}
}

// Validate refuses illogical combinations such as "none" together with "all" or a group.
func (s Settings) Validate() error {
	if len(s.PermittedGroups) == 0 {
		return Invalid("permitted_groups", "choose at least one entry: all, none, or groups")
	}
	hasAll, hasNone := slices.Contains(s.PermittedGroups, GroupsAll), slices.Contains(s.PermittedGroups, GroupsNone)
	switch {
	case hasAll && hasNone:
		return Invalid("permitted_groups", `"all" and "none" contradict each other; choose one`)
	case (hasAll || hasNone) && len(s.PermittedGroups) > 1:
		return Invalid("permitted_groups", `"all" and "none" cannot be combined with single groups`)
	}
	for _, g := range s.PermittedGroups {
		if strings.TrimSpace(g) == "" || len(g) > 200 {
			return Invalid("permitted_groups", "group names must be 1 to 200 characters")
		}
	}
	if len(s.RunAsUser) > 200 {
		return Invalid("run_as_user", "at most 200 characters")
	}
	if len(s.TopicTemplate) > 500 {
		return Invalid("topic_template", "at most 500 characters")
	}
	if s.Over50 != "" && s.Over50 != Over50NoFixedTime && s.Over50 != Over50Blocks {
		return Invalid("over50", "must be %q or %q", Over50NoFixedTime, Over50Blocks)
	}
	if s.HostCapacity < 0 || s.HostCapacity > 10 {
		return Invalid("host_capacity", "must be between 1 and 10")
	}
	if s.Policy != PolicyWarn && s.Policy != PolicyStrict {
		return Invalid("policy", "must be %q or %q", PolicyWarn, PolicyStrict)
	}
	return nil
}

// Permits reports whether the user may use the add-on: a member of a permitted group, and not
// external unless a run-as user is configured (the manual: the add-on is not meant for
// external users; the run-as user is how admins let them book anyway).
func (s Settings) Permits(u User) bool {
	if u.External && s.RunAsUser == "" {
		return false
	}
	if slices.Contains(s.PermittedGroups, GroupsAll) {
		return true
	}
	for _, g := range u.Groups {
		if slices.Contains(s.PermittedGroups, g) {
			return true
		}
	}
	return false
}
