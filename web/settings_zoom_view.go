package web

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/passcode"
	"github.com/onlinemeetings/meeting-addon/store"
)

// The course shown in the topic template's example.
const (
	sampleTitle  = "Excel Grundlagen"
	sampleNumber = "K-2026-17"
)

// topicVariables are the placeholders a topic template may use: the KuferSQL names first.
var topicVariables = []string{"<KURSTITEL>", "<KURSNR>", "{title}", "{number}"}

// placeholderShape is what fields treats as a placeholder: <UPPER_CASE> or {lower_case}.
var placeholderShape = regexp.MustCompile(`<[A-Z][A-Z0-9_]*>|\{[a-z][a-z0-9_]*\}`)

// unknownTopicVariables returns the placeholders of tmpl a topic cannot fill; they would reach
// Zoom as typed.
func unknownTopicVariables(tmpl string) []string {
	var out []string
	for _, p := range placeholderShape.FindAllString(tmpl, -1) {
		if !slices.Contains(topicVariables, p) && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// zoomRow is one Zoom account ("Zugang") in the list.
type zoomRow struct {
	ID, Name, AccountID, ClientID string
	HasSecret                     bool
	HasWebhookSecret              bool
	WebhookURL                    string // where the account's Zoom app sends its events
	Proxy                         string // host:port, "" for none
	ProxyUser                     string
	ProxyHasPassword              bool
	Rule                          string // the passcode rule in words
	MeetingSettings               string // the pinned meeting settings in words
	Tested                        bool
	TestOK                        bool
	TestAt                        string
	TestMessage                   string
	SyncedAt                      string // "" when the users were never read
	Users                         []zoomUserRow
	ConfirmDelete                 bool
	ShowUsers                     bool
}

type zoomUserRow struct {
	Email, Name, Type, Status string
	CanHost                   bool
}

// zoomForm is the add or edit form of a Zoom account. It never holds a secret: HasSecret,
// HasWebhookSecret and HasProxyPassword only say whether one is stored.
type zoomForm struct {
	ID                                string // "" adds an account
	Name, AccountID, ClientID         string
	HasSecret                         bool
	HasWebhookSecret                  bool
	ProxyServer, ProxyPort, ProxyUser string
	HasProxyPassword                  bool
	Source                            string // store.PasscodeFromZoom or store.PasscodeCustom
	Rule                              passcode.Rule
	ReadRule                          string // the rule just read from Zoom ("Auslesen"), in words
	Meeting                           store.ZoomMeetingSettings
}

func newZoomForm() zoomForm {
	return zoomForm{Source: store.PasscodeFromZoom, Rule: passcode.Default(), Meeting: store.DefaultZoomMeetingSettings()}
}

// formOf fills the form with a stored account.
func formOf(a store.ZoomAccount) zoomForm {
	f := zoomForm{ID: a.ID, Name: a.Name, AccountID: a.AccountID, ClientID: a.ClientID, HasSecret: a.HasSecret,
		HasWebhookSecret: a.HasWebhookSecret, ProxyUser: a.Proxy.User, HasProxyPassword: a.Proxy.HasPassword,
		Source: a.PasscodeRule.Source, Rule: a.PasscodeRule.Rule, Meeting: store.DefaultZoomMeetingSettings()}
	if a.MeetingSettings != nil {
		f.Meeting = *a.MeetingSettings
	}
	f.ProxyServer, f.ProxyPort = splitProxy(a.Proxy.URL)
	if f.Source != store.PasscodeCustom {
		f.Source, f.Rule = store.PasscodeFromZoom, passcode.Default()
	}
	return f
}

func splitProxy(p string) (string, string) {
	if p == "" {
		return "", ""
	}
	if host, port, err := net.SplitHostPort(p); err == nil {
		return host, port
	}
	return p, ""
}

// joinProxy makes host:port of the form's Server and Port; a server typed as host:port is
// taken as it is.
func joinProxy(server, port string) string {
	server, port = strings.TrimSpace(server), strings.TrimSpace(port)
	switch {
	case server == "" && port == "":
		return ""
	case port == "":
		return server
	case strings.Contains(server, ":") && !strings.HasPrefix(server, "["):
		if _, _, err := net.SplitHostPort(server); err == nil {
			return server // already host:port; the port field is ignored
		}
		return net.JoinHostPort(server, port) // an IPv6 address
	}
	return net.JoinHostPort(server, port)
}

// parseZoomForm reads the account form. The secrets go into the account only, never into the
// form that may be shown again.
func parseZoomForm(form url.Values) (store.ZoomAccount, zoomForm, map[string]string) {
	f := zoomForm{Name: form.Get("name"), AccountID: form.Get("account_id"), ClientID: form.Get("client_id"),
		ProxyServer: form.Get("proxy_server"), ProxyPort: form.Get("proxy_port"), ProxyUser: form.Get("proxy_user"),
		Source: form.Get("pc_source")}
	bad := map[string]string{}
	num := func(key string) int {
		v := strings.TrimSpace(form.Get(key))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 99 {
			bad[key] = "not_a_number"
		}
		return n
	}
	f.Rule = passcode.Rule{Length: num("pc_length"), HaveLetter: form.Has("pc_letter"), HaveNumber: form.Has("pc_number"),
		HaveSpecialCharacter: form.Has("pc_special"), HaveUpperAndLowerCharacters: form.Has("pc_upper_lower"),
		OnlyAllowNumeric: form.Has("pc_numeric"), ConsecutiveCharactersLength: num("pc_consecutive"),
		WeakEnhanceDetection: form.Has("pc_weak")}
	a := store.ZoomAccount{Name: f.Name, AccountID: f.AccountID, ClientID: f.ClientID, ClientSecret: form.Get("client_secret"),
		WebhookSecret: strings.TrimSpace(form.Get("webhook_secret")), ClearWebhookSecret: form.Get("webhook_secret_clear") == "yes",
		Proxy:        store.ZoomProxy{URL: joinProxy(f.ProxyServer, f.ProxyPort), User: f.ProxyUser, Password: form.Get("proxy_password")},
		PasscodeRule: store.ZoomPasscodeRule{Source: f.Source}}
	if f.Source == store.PasscodeCustom {
		a.PasscodeRule.Rule = f.Rule
	}
	f.Meeting = store.DefaultZoomMeetingSettings()
	if m := parseMeetingSettings(form); m != nil {
		a.MeetingSettings, f.Meeting = m, *m
	}
	return a, f, bad
}

// zoomRows lists the installation's Zoom accounts for the page.
func (s *Server) zoomRows(ctx context.Context, inst, lang string) ([]zoomRow, error) {
	accts, err := s.Zoom.Store.ZoomAccounts(ctx, inst)
	if err != nil {
		return nil, err
	}
	rows := make([]zoomRow, 0, len(accts))
	for _, a := range accts {
		r := zoomRow{ID: a.ID, Name: a.Name, AccountID: a.AccountID, ClientID: a.ClientID, HasSecret: a.HasSecret,
			HasWebhookSecret: a.HasWebhookSecret, WebhookURL: s.BaseURL + "/webhooks/zoom/" + url.PathEscape(a.ID),
			Proxy: a.Proxy.URL, ProxyUser: a.Proxy.User, ProxyHasPassword: a.Proxy.HasPassword, Rule: tr(lang, "pc_from_zoom")}
		if a.PasscodeRule.Source == store.PasscodeCustom {
			r.Rule = tr(lang, "pc_custom_short") + ": " + ruleText(lang, a.PasscodeRule.Rule)
		}
		if a.MeetingSettings != nil {
			r.MeetingSettings = meetingSettingsText(lang, *a.MeetingSettings)
		}
		if !a.LastTest.At.IsZero() {
			r.Tested, r.TestOK, r.TestAt = true, a.LastTest.OK, whenTime(lang, a.LastTest.At)
			r.TestMessage = a.LastTest.MessageDE
			if lang == "en" || r.TestMessage == "" {
				r.TestMessage = a.LastTest.Message
			}
		}
		if !a.UsersSyncedAt.IsZero() {
			r.SyncedAt = whenTime(lang, a.UsersSyncedAt)
			users, err := s.Zoom.Store.ZoomUsers(ctx, inst, a.ID)
			if err != nil {
				return nil, err
			}
			for _, u := range users {
				r.Users = append(r.Users, userRow(lang, u))
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

func userRow(lang string, u store.ZoomUser) zoomUserRow {
	typ := map[int]string{1: "zoom_type_basic", 2: "zoom_type_licensed", 3: "zoom_type_onprem"}[u.Type]
	st := map[string]string{"active": "zoom_status_active", "inactive": "zoom_status_inactive", "pending": "zoom_status_pending"}[u.Status]
	r := zoomUserRow{Email: u.Email, Name: strings.TrimSpace(u.FirstName + " " + u.LastName),
		Type: strconv.Itoa(u.Type), Status: u.Status, CanHost: u.Status == "active" && (u.Type == 2 || u.Type == 3)}
	if typ != "" {
		r.Type = tr(lang, typ)
	}
	if st != "" {
		r.Status = tr(lang, st)
	}
	return r
}

// ruleText says a passcode rule in words.
func ruleText(lang string, r passcode.Rule) string {
	var parts []string
	if r.Length > 0 {
		parts = append(parts, tr(lang, "pc_text_length", r.Length))
	}
	for _, c := range []struct {
		on  bool
		key string
	}{
		{r.OnlyAllowNumeric, "pc_numeric"}, {r.HaveLetter, "pc_letter"}, {r.HaveNumber, "pc_number"},
		{r.HaveSpecialCharacter, "pc_special"}, {r.HaveUpperAndLowerCharacters, "pc_upper_lower"},
		{r.WeakEnhanceDetection, "pc_weak"},
	} {
		if c.on {
			parts = append(parts, tr(lang, c.key))
		}
	}
	if r.ConsecutiveCharactersLength > 0 {
		parts = append(parts, tr(lang, "pc_text_consecutive", r.ConsecutiveCharactersLength))
	}
	if len(parts) == 0 {
		return tr(lang, "pc_text_none")
	}
	return strings.Join(parts, "; ")
}

func whenTime(lang string, t time.Time) string { return when(lang, t.UnixMilli()) }

// topicData fills the topic template and the choice for courses over 50 sessions.
func topicData(d *settingsData, set addon.Settings) {
	d.Topic, d.Over50, d.HostCapacity = set.TopicTemplate, set.Over50, max(set.HostCapacity, 1)
	if d.Over50 == "" {
		d.Over50 = addon.Over50NoFixedTime
	}
	d.TopicExample = fields.TopicFromTemplate(set.TopicTemplate, sampleTitle, sampleNumber)
	d.TopicVariables = topicVariables
}
