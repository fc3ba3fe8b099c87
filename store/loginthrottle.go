package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/onlinemeetings/meeting-addon/addon"
)

// The vendor console's login throttle. Failed attempts are rows in the database, counted per
// login name and per client address, so that every instance behind the load balancer applies
// the same limits.
const (
	// LoginNameLimit failures for one login name within LoginWindow lock that name;
	// LoginAddressLimit failures from one address lock that address. Either lock lasts until
	// LoginWindow after the last failure.
	LoginNameLimit    = 5
	LoginAddressLimit = 20
	LoginWindow       = 15 * time.Minute
	// loginKeep is how long failures are kept: far longer than any lock looks back.
	loginKeep = 24 * time.Hour
)

// What a LoginLock holds back.
const (
	LockLogin   = "login"
	LockAddress = "address"
)

// LoginLock is a lock on vendor logins.
type LoginLock struct {
	Scope   string        // LockLogin or LockAddress; "" when nothing is locked
	Until   time.Time     // when the lock lifts
	Wait    time.Duration // from now to Until on the store's clock
	Started bool          // the failed attempt just made started the lock
	// LoginRef is a short, stable reference to the normalised login name (the start of its
	// hash), so that logs can tell attempts on one name apart without naming it.
	LoginRef string
}

// Locked reports whether logins are refused.
func (l LoginLock) Locked() bool { return l.Scope != "" }

// loginFailureRow is one failed attempt, or one being checked. Neither the login name nor the
// address is stored in clear, nor as a plain hash that a dictionary reverses: both are HMACs
// under a key derived from the encryption key, so the table does not list the names attackers
// tried (nor, for someone who reads the database, the vendor logins that exist).
type loginFailureRow struct {
	ID       int64  `gorm:"primaryKey;autoIncrement"`
	NameHash string `gorm:"size:64;index:ix_login_failure_name,priority:1"`
	AddrHash string `gorm:"size:64;index:ix_login_failure_addr,priority:1"`
	AtMS     int64  `gorm:"index:ix_login_failure_name,priority:2;index:ix_login_failure_addr,priority:2;index:ix_login_failure_at"`
}

func (loginFailureRow) TableName() string { return "vendor_login_failures" }

// loginGuardRow serialises the count-and-record of attempts on one login name or address: an
// attempt holds the row lock of both its guards while it counts the failures before it and
// records itself, so that of attempts arriving at once each sees all earlier ones, on MariaDB
// as on SQLite.
type loginGuardRow struct {
	GuardKey string `gorm:"primaryKey;size:80"` // "n:" or "a:" and the keyed hash
	SeenMS   int64  `gorm:"index"`
}

func (loginGuardRow) TableName() string { return "vendor_login_guards" }

// loginKeys are the keyed hashes an attempt is counted under.
type loginKeys struct{ name, addr string }

// loginKeyLabel names the sub-key of the encryption key that the hashes are made with.
const loginKeyLabel = "vendor-login-throttle"

func (s *Store) keysOf(login, addr string) loginKeys {
	key := s.box.SubKey(loginKeyLabel)
	mac := func(v string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(v))
		return hex.EncodeToString(m.Sum(nil))
	}
	return loginKeys{name: mac("login:" + strings.ToLower(strings.TrimSpace(login))), addr: mac("addr:" + addr)}
}

func (k loginKeys) guards() []string { return []string{"a:" + k.addr, "n:" + k.name} }

// throttleScope is what failures are counted under for one kind of lock.
type throttleScope struct {
	scope, column, key string
	limit              int
}

func (k loginKeys) scopes() []throttleScope {
	return []throttleScope{{LockLogin, "name_hash", k.name, LoginNameLimit}, {LockAddress, "addr_hash", k.addr, LoginAddressLimit}}
}

// VendorLogin checks a vendor's credentials as CheckVendorLogin does, under the throttle;
// addr is the client's address. Every refusal is EUNAUTHORIZED:
//   - while the login name or the address is locked, with the lock and without checking the
//     password, so that a locked account cannot be probed; an unknown name locks like a known one;
//   - for wrong credentials, with the lock when this failure started one (Started set).
//
// Right credentials clear the login name's failures.
func (s *Store) VendorLogin(ctx context.Context, login, password, addr string) (LoginLock, error) {
	fail := addon.Errorf(addon.EUNAUTHORIZED, "login failed")
	db := s.db.WithContext(ctx)
	k := s.keysOf(login, addr)
	now := s.nowMS()
	// A locked name or address is refused before anything is written, so that hammering a
	// lock costs the database reads only.
	if lock, err := s.loginLock(db, k, now, "id > ?", 0); err != nil {
		return LoginLock{}, err
	} else if lock.Locked() {
		return lock, fail
	}
	// The attempt counts as a failure from now on until the password proves right, and is
	// refused when the attempts before it already reach the limit: of attempts that arrive at
	// once, on this instance or another, only as many as the limit allows are checked.
	row, lock, err := s.recordAttempt(ctx, k, now)
	if err != nil {
		return LoginLock{}, err
	}
	if lock.Locked() {
		return lock, fail
	}
	forget := func() error {
		return translate(db.Where("id = ?", row.ID).Delete(&loginFailureRow{}).Error, "login attempt")
	}
	switch err := s.CheckVendorLogin(ctx, login, password); addon.ErrorCode(err) {
	case "":
		return LoginLock{}, translate(db.Where("name_hash = ?", k.name).Delete(&loginFailureRow{}).Error, "login failures")
	case addon.EUNAUTHORIZED:
	default:
		_ = forget() // the database failed us already; the attempt was not a guess
		return LoginLock{}, err
	}
	old := now - loginKeep.Milliseconds()
	if err := db.Where("at_ms < ?", old).Delete(&loginFailureRow{}).Error; err != nil {
		return LoginLock{}, translate(err, "login failures")
	}
	if err := db.Where("seen_ms < ?", old).Delete(&loginGuardRow{}).Error; err != nil {
		return LoginLock{}, translate(err, "login guards")
	}
	lock, err = s.startedLock(db, k, now, row.ID)
	if err != nil {
		return LoginLock{}, err
	}
	return lock, fail
}

// errGuardGone: a guard row was swept between its creation and its lock; try again.
var errGuardGone = errors.New("login guard swept")

// recordAttempt counts the failures before the attempt and, unless they hold a lock, records
// it, as one step: under the row locks of the login name's and the address's guards (one
// UPDATE takes both, in key order, so two attempts never wait for each other crosswise). On
// MariaDB the transaction reads committed rows, so it sees every attempt recorded before it
// got the locks; SQLite has one writer at a time anyway.
func (s *Store) recordAttempt(ctx context.Context, k loginKeys, now int64) (loginFailureRow, LoginLock, error) {
	keys := k.guards()
	var opts []*sql.TxOptions
	if s.mysql {
		opts = append(opts, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	}
	for attempt := 0; ; attempt++ {
		// Created outside the transaction: an INSERT that finds the row takes a shared lock,
		// and two transactions upgrading theirs would deadlock.
		guards := []loginGuardRow{{GuardKey: keys[0], SeenMS: now}, {GuardKey: keys[1], SeenMS: now}}
		if err := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&guards).Error; err != nil {
			return loginFailureRow{}, LoginLock{}, translate(err, "login guard")
		}
		var row loginFailureRow
		var lock LoginLock
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			res := tx.Model(&loginGuardRow{}).Where("guard_key IN ?", keys).Update("seen_ms", now)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected < int64(len(keys)) {
				return errGuardGone
			}
			var err error
			if lock, err = s.loginLock(tx, k, now, "id > ?", 0); err != nil || lock.Locked() {
				return err
			}
			row = loginFailureRow{NameHash: k.name, AddrHash: k.addr, AtMS: now}
			return tx.Create(&row).Error
		}, opts...)
		// A guard swept meanwhile, or a Galera cluster that let another node's attempt win
		// (a deadlock answer at commit): nothing of this attempt was kept, so try again.
		if (errors.Is(err, errGuardGone) || isContention(err)) && attempt < 3 {
			continue
		}
		return row, lock, translate(err, "login attempt")
	}
}

// recentFailures returns up to sc.limit of the newest failures (and attempts being checked)
// under sc's key, newest first, among the rows whose id matches idCond ("id < ?" and the like).
// Rows older than twice the window cannot take part in a lock that holds now.
func (s *Store) recentFailures(db *gorm.DB, sc throttleScope, now int64, idCond string, id int64) ([]loginFailureRow, error) {
	var rows []loginFailureRow
	err := db.Where(sc.column+" = ? AND at_ms > ?", sc.key, now-2*LoginWindow.Milliseconds()).Where(idCond, id).
		Order("at_ms DESC, id DESC").Limit(sc.limit).Find(&rows).Error
	return rows, translate(err, "login failures")
}

// lockedUntil tells whether rows (newest first) hold a lock at now: limit failures less than a
// window apart, the last of them less than a window ago. The lock lasts until a window after
// the last.
func lockedUntil(rows []loginFailureRow, limit int, now int64) (int64, bool) {
	w := LoginWindow.Milliseconds()
	if len(rows) < limit {
		return 0, false
	}
	last, first := rows[0].AtMS, rows[limit-1].AtMS
	return last + w, last-first < w && now < last+w
}

// loginLock returns the lock that holds at now for the name or the address (the one lasting
// longer when both do), counting the failures whose id matches idCond.
func (s *Store) loginLock(db *gorm.DB, k loginKeys, now int64, idCond string, id int64) (LoginLock, error) {
	var lock LoginLock
	for _, sc := range k.scopes() {
		rows, err := s.recentFailures(db, sc, now, idCond, id)
		if err != nil {
			return LoginLock{}, err
		}
		if until, ok := lockedUntil(rows, sc.limit, now); ok && (!lock.Locked() || until > lock.Until.UnixMilli()) {
			lock = newLock(sc.scope, until, now, k)
		}
	}
	return lock, nil
}

// startedLock returns the lock that the failure with id mine started, if any: one that holds
// among the failures up to and including it, with it the newest. Attempts that came after it
// are left out, so that of failures made at the same moment exactly the one that reached the
// limit reports the lock.
func (s *Store) startedLock(db *gorm.DB, k loginKeys, now, mine int64) (LoginLock, error) {
	for _, sc := range k.scopes() {
		rows, err := s.recentFailures(db, sc, now, "id <= ?", mine)
		if err != nil {
			return LoginLock{}, err
		}
		if until, ok := lockedUntil(rows, sc.limit, now); ok && rows[0].ID == mine {
			lock := newLock(sc.scope, until, now, k)
			lock.Started = true
			return lock, nil
		}
	}
	return LoginLock{}, nil
}

func newLock(scope string, until, now int64, k loginKeys) LoginLock {
	return LoginLock{Scope: scope, Until: fromMS(until), Wait: time.Duration(until-now) * time.Millisecond, LoginRef: k.name[:12]}
}
