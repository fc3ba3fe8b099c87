package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/passcode"
)

// Where a Zoom account's passcode rule comes from.
const (
	PasscodeFromZoom = "zoom"   // read from Zoom when a meeting is made
	PasscodeCustom   = "custom" // the administrator's own rule
)

// ZoomAccount is one Zoom account ("Zugang") of an installation with the credentials of its
// Server-to-Server OAuth app. ClientSecret, WebhookSecret and Proxy.Password are write-only:
// reads leave them empty and say with HasSecret / HasWebhookSecret / Proxy.HasPassword whether
// one is stored.
type ZoomAccount struct {
	ID             string // ours
	InstallationID string
	Name           string // the administrator's label, e.g. the admin's e-mail address
	AccountID      string // Zoom's
	ClientID       string
	ClientSecret   string
	HasSecret      bool
	// WebhookSecret is the Secret Token of the app's event subscription: Zoom signs the
	// account's webhooks with it. Optional; ClearWebhookSecret makes UpdateZoomAccount remove
	// the stored one (a new WebhookSecret wins).
	WebhookSecret      string
	HasWebhookSecret   bool
	ClearWebhookSecret bool
	Proxy              ZoomProxy
	PasscodeRule       ZoomPasscodeRule
	// MeetingSettings are sent with every meeting created with the account; the zero value
	// of a new account means DefaultZoomMeetingSettings.
	MeetingSettings *ZoomMeetingSettings
	LastTest        ZoomTest
	UsersSyncedAt   time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// ZoomProxy is the HTTP proxy an account's requests go through; an empty URL means none.
type ZoomProxy struct {
	URL         string // host:port
	User        string
	Password    string
	HasPassword bool
}

// ZoomPasscodeRule says whether passcodes follow Zoom's rules or a custom Rule.
type ZoomPasscodeRule struct {
	Source string        `json:"source"` // PasscodeFromZoom or PasscodeCustom
	Rule   passcode.Rule `json:"rule"`   // only for PasscodeCustom
}

// ZoomTest is the outcome of the last connection test, in both languages of the settings page.
type ZoomTest struct {
	At        time.Time
	OK        bool
	Message   string
	MessageDE string
	Users     int
}

// ZoomCredentials is what a token request and the account's HTTP transport need, decrypted.
type ZoomCredentials struct {
	AccountID     string
	ClientID      string
	ClientSecret  string
	ProxyURL      string
	ProxyUser     string
	ProxyPassword string
	// MeetingSettings come along from the same row, so that the client a meeting is made
	// with costs no further read for them.
	MeetingSettings ZoomMeetingSettings
}

// ZoomUser is a user (licence) of a Zoom account as last read from Zoom.
type ZoomUser struct {
	AccountRef string // ZoomAccount.ID (ours) of the account the user belongs to
	ZoomID     string
	Email      string
	FirstName  string
	LastName   string
	Type       int    // 1 basic, 2 licensed
	Status     string // active, inactive, pending
}

type zoomAccountRow struct {
	ID                string `gorm:"primaryKey;size:64"`
	InstallationID    string `gorm:"size:64;uniqueIndex:ux_zoom_account_name,priority:1"`
	Name              string `gorm:"size:255;uniqueIndex:ux_zoom_account_name,priority:2"`
	AccountID         string `gorm:"size:64"`
	ClientID          string `gorm:"size:64"`
	ClientSecret      string `gorm:"size:500"` // sealed
	ProxyURL          string `gorm:"size:255"`
	ProxyUser         string `gorm:"size:255"`
	ProxyPassword     string `gorm:"size:500"`  // sealed
	WebhookSecret     string `gorm:"size:500"`  // sealed
	PasscodeRule      string `gorm:"size:1000"` // JSON of ZoomPasscodeRule
	Token             string `gorm:"type:text"` // sealed access token shared by all instances
	TokenExpiryMS     int64
	TokenScope        string `gorm:"size:2000"` // the scopes Zoom granted with Token (not secret)
	TokenAPIURL       string `gorm:"size:255"`  // the regional API URL Zoom returned with Token
	MeetingSettings   string `gorm:"size:1000"` // JSON of ZoomMeetingSettings
	LastTestMS        int64
	LastTestOK        bool
	LastTestMessage   string `gorm:"size:2000"`
	LastTestMessageDE string `gorm:"size:2000"`
	LastTestUsers     int
	UsersSyncedMS     int64
	CreatedMS         int64
	UpdatedMS         int64
}

func (zoomAccountRow) TableName() string { return "zoom_accounts" }

type zoomUserRow struct {
	InstallationID string `gorm:"primaryKey;size:64;index:ix_zoom_user_email,priority:1;index:ix_zoom_user_id,priority:1"`
	AccountRef     string `gorm:"primaryKey;size:64"`
	ZoomID         string `gorm:"primaryKey;size:64;index:ix_zoom_user_id,priority:2"`
	Email          string `gorm:"size:255"`
	// EmailLower makes the lookup case-insensitive on MySQL's binary collations as well.
	EmailLower string `gorm:"size:255;index:ix_zoom_user_email,priority:2"`
	FirstName  string `gorm:"size:255"`
	LastName   string `gorm:"size:255"`
	Type       int
	Status     string `gorm:"size:16"`
}

func (zoomUserRow) TableName() string { return "zoom_users" }

// Seal contexts bind each ciphertext to its account and purpose.
func zoomContext(inst, id, what string) string { return "zoom:" + inst + "/" + id + ":" + what }

func (s *Store) toZoomAccount(r zoomAccountRow) ZoomAccount {
	a := ZoomAccount{
		ID: r.ID, InstallationID: r.InstallationID, Name: r.Name, AccountID: r.AccountID, ClientID: r.ClientID,
		HasSecret: r.ClientSecret != "", HasWebhookSecret: r.WebhookSecret != "",
		Proxy: ZoomProxy{URL: r.ProxyURL, User: r.ProxyUser, HasPassword: r.ProxyPassword != ""},
		LastTest: ZoomTest{At: fromMS(r.LastTestMS), OK: r.LastTestOK, Message: r.LastTestMessage,
			MessageDE: r.LastTestMessageDE, Users: r.LastTestUsers},
		UsersSyncedAt: fromMS(r.UsersSyncedMS), CreatedAt: fromMS(r.CreatedMS), UpdatedAt: fromMS(r.UpdatedMS),
	}
	ms := meetingSettingsOf(r.MeetingSettings)
	a.MeetingSettings = &ms
	a.PasscodeRule.Source = PasscodeFromZoom
	if r.PasscodeRule != "" {
		_ = json.Unmarshal([]byte(r.PasscodeRule), &a.PasscodeRule)
	}
	return a
}

func settingsOrDefault(m *ZoomMeetingSettings) ZoomMeetingSettings {
	if m == nil {
		return DefaultZoomMeetingSettings()
	}
	return *m
}

func passcodeRuleJSON(p ZoomPasscodeRule) string {
	if p.Source != PasscodeCustom {
		p = ZoomPasscodeRule{Source: PasscodeFromZoom}
	}
	b, _ := json.Marshal(p)
	return string(b)
}

// CreateZoomAccount stores a new account; the caller has validated it. The returned account
// has its new ID and no secrets.
func (s *Store) CreateZoomAccount(ctx context.Context, a ZoomAccount) (ZoomAccount, error) {
	defer s.zoomGen.Add(1) // hooks read accounts again (see zoomAccountRow)
	id := "za_" + strings.ToLower(NewSecret(9))
	row := zoomAccountRow{ID: id, InstallationID: a.InstallationID, Name: a.Name, AccountID: a.AccountID,
		ClientID: a.ClientID, ProxyURL: a.Proxy.URL, ProxyUser: a.Proxy.User,
		PasscodeRule: passcodeRuleJSON(a.PasscodeRule), MeetingSettings: meetingSettingsJSON(settingsOrDefault(a.MeetingSettings)),
		CreatedMS: s.nowMS(), UpdatedMS: s.nowMS()}
	var err error
	if row.ClientSecret, err = s.box.Seal(a.ClientSecret, zoomContext(a.InstallationID, id, "secret")); err != nil {
		return ZoomAccount{}, err
	}
	if a.Proxy.URL != "" {
		if row.ProxyPassword, err = s.box.Seal(a.Proxy.Password, zoomContext(a.InstallationID, id, "proxy")); err != nil {
			return ZoomAccount{}, err
		}
	}
	if row.WebhookSecret, err = s.box.Seal(a.WebhookSecret, zoomContext(a.InstallationID, id, "webhook")); err != nil {
		return ZoomAccount{}, err
	}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return ZoomAccount{}, translate(err, "Zoom account "+a.Name)
	}
	return s.toZoomAccount(row), nil
}

// UpdateZoomAccount changes an account. An empty ClientSecret, WebhookSecret or Proxy.Password
// keeps the stored one; an empty Proxy.URL removes the proxy with its credentials. Changed
// credentials drop the cached access token and the last test result, which no longer say
// anything; the webhook secret is no credential for the API and drops neither.
func (s *Store) UpdateZoomAccount(ctx context.Context, a ZoomAccount) (ZoomAccount, error) {
	defer s.zoomGen.Add(1) // hooks read accounts again (see zoomAccountRow)
	var out ZoomAccount
	err := s.transaction(ctx, func(tx *gormDB) error {
		var row zoomAccountRow
		if err := tx.Where("installation_id = ? AND id = ?", a.InstallationID, a.ID).Take(&row).Error; err != nil {
			return err
		}
		credsChanged := row.AccountID != a.AccountID || row.ClientID != a.ClientID || a.ClientSecret != "" ||
			row.ProxyURL != a.Proxy.URL || row.ProxyUser != a.Proxy.User || a.Proxy.Password != ""
		row.Name, row.AccountID, row.ClientID = a.Name, a.AccountID, a.ClientID
		if a.ClientSecret != "" {
			sealed, err := s.box.Seal(a.ClientSecret, zoomContext(row.InstallationID, row.ID, "secret"))
			if err != nil {
				return err
			}
			row.ClientSecret = sealed
		}
		row.ProxyURL, row.ProxyUser = a.Proxy.URL, a.Proxy.User
		switch {
		case a.Proxy.URL == "":
			row.ProxyUser, row.ProxyPassword = "", ""
		case a.Proxy.Password != "":
			sealed, err := s.box.Seal(a.Proxy.Password, zoomContext(row.InstallationID, row.ID, "proxy"))
			if err != nil {
				return err
			}
			row.ProxyPassword = sealed
		}
		switch {
		case a.WebhookSecret != "":
			sealed, err := s.box.Seal(a.WebhookSecret, zoomContext(row.InstallationID, row.ID, "webhook"))
			if err != nil {
				return err
			}
			row.WebhookSecret = sealed
		case a.ClearWebhookSecret:
			row.WebhookSecret = ""
		}
		row.PasscodeRule = passcodeRuleJSON(a.PasscodeRule)
		if a.MeetingSettings != nil {
			row.MeetingSettings = meetingSettingsJSON(*a.MeetingSettings)
		}
		if credsChanged {
			row.Token, row.TokenExpiryMS, row.TokenAPIURL = "", 0, ""
			row.LastTestMS, row.LastTestOK, row.LastTestMessage, row.LastTestMessageDE, row.LastTestUsers = 0, false, "", "", 0
		}
		row.UpdatedMS = s.nowMS()
		if err := tx.Save(&row).Error; err != nil {
			return err
		}
		out = s.toZoomAccount(row)
		return nil
	})
	return out, translate(err, "Zoom account "+a.Name)
}

// DeleteZoomAccount removes an account with its users and token.
func (s *Store) DeleteZoomAccount(ctx context.Context, inst, id string) error {
	defer s.zoomGen.Add(1) // hooks read accounts again (see zoomAccountRow)
	return translate(s.transaction(ctx, func(tx *gormDB) error {
		res := tx.Where("installation_id = ? AND id = ?", inst, id).Delete(&zoomAccountRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return addon.Errorf(addon.ENOTFOUND, "Zoom account %s not found", id)
		}
		return tx.Where("installation_id = ? AND account_ref = ?", inst, id).Delete(&zoomUserRow{}).Error
	}), "Zoom account")
}

// ZoomAccounts lists an installation's accounts by name, without secrets.
func (s *Store) ZoomAccounts(ctx context.Context, inst string) ([]ZoomAccount, error) {
	var rows []zoomAccountRow
	gen := s.zoomGen.Load()
	if err := s.db.WithContext(ctx).Where("installation_id = ?", inst).Order("name, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "Zoom accounts")
	}
	s.keepZoomRows(ctx, gen, rows...)
	out := make([]ZoomAccount, len(rows))
	for i, r := range rows {
		out[i] = s.toZoomAccount(r)
	}
	return out, nil
}

// zoomAccountRow reads an account. A hook (a context of WithPending) reads each account once
// (its save asks for the account's token, rules and settings separately) unless this
// process changes a Zoom account meanwhile.
func (s *Store) zoomAccountRow(ctx context.Context, inst, id string) (zoomAccountRow, error) {
	gen := s.zoomGen.Load()
	if p := pendingOf(ctx); p != nil {
		p.mu.Lock()
		row, ok := p.zoomRows[[2]string{inst, id}]
		ok = ok && p.zoomGen == gen
		p.mu.Unlock()
		if ok {
			return row, nil
		}
	}
	var row zoomAccountRow
	err := s.db.WithContext(ctx).Where("installation_id = ? AND id = ?", inst, id).Take(&row).Error
	if err != nil {
		return row, translate(err, "Zoom account "+id)
	}
	s.keepZoomRows(ctx, gen, row)
	return row, nil
}

// keepZoomRows keeps accounts read at zoomGen gen for the rest of the hook.
func (s *Store) keepZoomRows(ctx context.Context, gen uint64, rows ...zoomAccountRow) {
	p := pendingOf(ctx)
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.zoomRows == nil || p.zoomGen != gen {
		p.zoomRows, p.zoomGen = map[[2]string]zoomAccountRow{}, gen
	}
	for _, r := range rows {
		p.zoomRows[[2]string{r.InstallationID, r.ID}] = r
	}
}

// ZoomAccount returns one account without secrets.
func (s *Store) ZoomAccount(ctx context.Context, inst, id string) (ZoomAccount, error) {
	row, err := s.zoomAccountRow(ctx, inst, id)
	if err != nil {
		return ZoomAccount{}, err
	}
	return s.toZoomAccount(row), nil
}

// ZoomCredentials returns an account's credentials decrypted, for the token request only.
func (s *Store) ZoomCredentials(ctx context.Context, inst, id string) (ZoomCredentials, error) {
	row, err := s.zoomAccountRow(ctx, inst, id)
	if err != nil {
		return ZoomCredentials{}, err
	}
	c := ZoomCredentials{AccountID: row.AccountID, ClientID: row.ClientID, ProxyURL: row.ProxyURL, ProxyUser: row.ProxyUser,
		MeetingSettings: meetingSettingsOf(row.MeetingSettings)}
	if c.ClientSecret, err = s.box.Open(row.ClientSecret, zoomContext(inst, id, "secret")); err != nil {
		return ZoomCredentials{}, err
	}
	if c.ProxyPassword, err = s.box.Open(row.ProxyPassword, zoomContext(inst, id, "proxy")); err != nil {
		return ZoomCredentials{}, err
	}
	return c, nil
}

// ZoomWebhookSecret finds the account id names in any installation (ids are unique) and
// returns it without secrets, with its webhook secret decrypted ("" when none is set): for
// verifying the account's Zoom webhooks only.
func (s *Store) ZoomWebhookSecret(ctx context.Context, id string) (ZoomAccount, string, error) {
	var row zoomAccountRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return ZoomAccount{}, "", translate(err, "Zoom account "+id)
	}
	secret, err := s.box.Open(row.WebhookSecret, zoomContext(row.InstallationID, row.ID, "webhook"))
	if err != nil {
		return ZoomAccount{}, "", err
	}
	return s.toZoomAccount(row), secret, nil
}

// ZoomToken returns the account's cached access token and its expiry; "" when there is none.
func (s *Store) ZoomToken(ctx context.Context, inst, id string) (string, time.Time, error) {
	row, err := s.zoomAccountRow(ctx, inst, id)
	if err != nil {
		return "", time.Time{}, err
	}
	tok, err := s.box.Open(row.Token, zoomContext(inst, id, "token"))
	if err != nil || tok == "" {
		return "", time.Time{}, err
	}
	return tok, fromMS(row.TokenExpiryMS), nil
}

// SaveZoomToken caches the account's access token for every instance.
func (s *Store) SaveZoomToken(ctx context.Context, inst, id, token string, expiry time.Time) error {
	return s.SaveZoomAccessToken(ctx, inst, id, ZoomAccessToken{Token: token, Expiry: expiry})
}

// ZoomAccessToken is an account's shared access token with what Zoom said about it.
type ZoomAccessToken struct {
	Token  string
	Expiry time.Time
	Scope  string // space-separated, as in Zoom's token answer
	// APIURL is the regional API base Zoom named with the token (api_url), as checked by the
	// caller; "" for none.
	APIURL string
}

// ZoomAccessToken returns the account's cached access token; Token is "" when there is none.
func (s *Store) ZoomAccessToken(ctx context.Context, inst, id string) (ZoomAccessToken, error) {
	row, err := s.zoomAccountRow(ctx, inst, id)
	if err != nil {
		return ZoomAccessToken{}, err
	}
	tok, err := s.box.Open(row.Token, zoomContext(inst, id, "token"))
	if err != nil || tok == "" {
		return ZoomAccessToken{}, err
	}
	return ZoomAccessToken{Token: tok, Expiry: fromMS(row.TokenExpiryMS), Scope: row.TokenScope, APIURL: row.TokenAPIURL}, nil
}

// SaveZoomAccessToken caches the account's access token and its scopes for every instance.
func (s *Store) SaveZoomAccessToken(ctx context.Context, inst, id string, t ZoomAccessToken) error {
	sealed, err := s.box.Seal(t.Token, zoomContext(inst, id, "token"))
	if err != nil {
		return err
	}
	return s.updateZoomAccount(ctx, inst, id, map[string]any{"token": sealed, "token_expiry_ms": ms(t.Expiry), "token_scope": t.Scope,
		"token_api_url": t.APIURL})
}

// DropZoomToken forgets the cached access token, for instance after Zoom called it invalid.
func (s *Store) DropZoomToken(ctx context.Context, inst, id string) error {
	return s.updateZoomAccount(ctx, inst, id, map[string]any{"token": "", "token_expiry_ms": 0, "token_api_url": ""})
}

// SetZoomTest records the outcome of a connection test.
func (s *Store) SetZoomTest(ctx context.Context, inst, id string, t ZoomTest) error {
	return s.updateZoomAccount(ctx, inst, id, map[string]any{"last_test_ms": ms(t.At), "last_test_ok": t.OK,
		"last_test_message": t.Message, "last_test_message_de": t.MessageDE, "last_test_users": t.Users})
}

func (s *Store) updateZoomAccount(ctx context.Context, inst, id string, upd map[string]any) error {
	defer s.zoomGen.Add(1) // hooks read accounts again (see zoomAccountRow)
	res := s.db.WithContext(ctx).Model(&zoomAccountRow{}).Where("installation_id = ? AND id = ?", inst, id).Updates(upd)
	if res.Error == nil && res.RowsAffected == 0 {
		return addon.Errorf(addon.ENOTFOUND, "Zoom account %s not found", id)
	}
	return translate(res.Error, "Zoom account")
}

// ReplaceZoomUsers makes users the account's complete list of users, as read from Zoom.
func (s *Store) ReplaceZoomUsers(ctx context.Context, inst, id string, users []ZoomUser) error {
	defer s.zoomGen.Add(1) // hooks read accounts again (see zoomAccountRow)
	rows := make([]zoomUserRow, 0, len(users))
	seen := make(map[string]bool, len(users))
	for _, u := range users {
		if u.ZoomID == "" || seen[u.ZoomID] {
			continue // a user moving between pages while we read shows up twice
		}
		seen[u.ZoomID] = true
		rows = append(rows, zoomUserRow{InstallationID: inst, AccountRef: id, ZoomID: u.ZoomID, Email: u.Email,
			EmailLower: strings.ToLower(u.Email), FirstName: u.FirstName, LastName: u.LastName, Type: u.Type, Status: u.Status})
	}
	err := s.transaction(ctx, func(tx *gormDB) error {
		// Touching the account first locks its row, so two syncs of one account take turns.
		res := tx.Model(&zoomAccountRow{}).Where("installation_id = ? AND id = ?", inst, id).
			Updates(map[string]any{"users_synced_ms": s.nowMS()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return addon.Errorf(addon.ENOTFOUND, "Zoom account %s not found", id)
		}
		if err := tx.Where("installation_id = ? AND account_ref = ?", inst, id).Delete(&zoomUserRow{}).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		return tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 200).Error
	})
	return translate(err, "Zoom users")
}

// ZoomUsers lists the users of one account by e-mail address.
func (s *Store) ZoomUsers(ctx context.Context, inst, id string) ([]ZoomUser, error) {
	var rows []zoomUserRow
	err := s.db.WithContext(ctx).Where("installation_id = ? AND account_ref = ?", inst, id).Order("email_lower, zoom_id").Find(&rows).Error
	if err != nil {
		return nil, translate(err, "Zoom users")
	}
	out := make([]ZoomUser, len(rows))
	for i, r := range rows {
		out[i] = toZoomUser(r)
	}
	return out, nil
}

// ZoomUserByLogin finds a user of any of the installation's accounts by e-mail address (in
// any case) or Zoom user id.
func (s *Store) ZoomUserByLogin(ctx context.Context, inst, login string) (ZoomUser, error) {
	login = strings.TrimSpace(login)
	if login == "" {
		return ZoomUser{}, addon.Errorf(addon.ENOTFOUND, "Zoom user without e-mail address or id not found")
	}
	var row zoomUserRow
	// An active entry wins should an address have moved between two of the accounts.
	err := s.db.WithContext(ctx).
		Where("installation_id = ? AND (email_lower = ? OR zoom_id = ?)", inst, strings.ToLower(login), login).
		Order("CASE WHEN status = 'active' THEN 0 ELSE 1 END, account_ref").Take(&row).Error
	if err != nil {
		return ZoomUser{}, translate(err, "Zoom user "+login)
	}
	return toZoomUser(row), nil
}

func toZoomUser(r zoomUserRow) ZoomUser {
	return ZoomUser{AccountRef: r.AccountRef, ZoomID: r.ZoomID, Email: r.Email, FirstName: r.FirstName,
		LastName: r.LastName, Type: r.Type, Status: r.Status}
}
