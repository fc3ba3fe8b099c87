package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/onlinemeetings/meeting-addon/addon"
)

type poolMemberRow struct {
	InstallationID string `gorm:"primaryKey;size:64;index:ix_pool_member_res,priority:1"`
	PoolID         string `gorm:"primaryKey;size:64"`
	ResourceID     string `gorm:"primaryKey;size:64;index:ix_pool_member_res,priority:2"`
	Capacity       int
	Position       int
}

func (poolMemberRow) TableName() string { return "pool_members" }

// hostUsageRow counts the add-on's own meeting creates and updates per Zoom host and UTC day,
// against Zoom's 100 per host and day.
type hostUsageRow struct {
	InstallationID string `gorm:"primaryKey;size:64"`
	Login          string `gorm:"primaryKey;size:191"`
	Day            string `gorm:"primaryKey;size:10"`
	Calls          int
}

func (hostUsageRow) TableName() string { return "zoom_host_usage" }

// PoolMembers returns a pool's licences in the administrator's order, each with its meeting
// resource; members whose resource the CRM deleted are left out.
func (s *Store) PoolMembers(ctx context.Context, inst, poolID string) ([]addon.PoolMember, error) {
	var rows []struct {
		ResourceID, Provider, Name, Account, Status string
		Capacity                                    int
	}
	err := s.db.WithContext(ctx).Table("pool_members AS pm").
		Select("pm.resource_id, pm.capacity, r.provider, r.name, r.account, r.status").
		Joins("JOIN meeting_resources r ON r.installation_id = pm.installation_id AND r.resource_id = pm.resource_id").
		Where("pm.installation_id = ? AND pm.pool_id = ? AND r.deleted = ? AND r.provider <> ?", inst, poolID, false, addon.ProviderPool).
		Order("pm.position, pm.resource_id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "pool members")
	}
	var out []addon.PoolMember
	for _, r := range rows {
		out = append(out, addon.PoolMember{ResourceID: r.ResourceID, Capacity: r.Capacity, Provider: r.Provider, Name: r.Name,
			Account: r.Account, Status: r.Status})
	}
	return out, nil
}

// SetPoolMembers replaces a pool's licences (in this order).
func (s *Store) SetPoolMembers(ctx context.Context, inst, poolID string, members []addon.PoolMember) error {
	err := s.transaction(ctx, func(tx *gormDB) error {
		if err := tx.Where("installation_id = ? AND pool_id = ?", inst, poolID).Delete(&poolMemberRow{}).Error; err != nil {
			return err
		}
		for i, m := range members {
			if m.Capacity < 0 || m.Capacity > 10 {
				return addon.Invalid("capacity", "must be between 1 and 10")
			}
			row := poolMemberRow{InstallationID: inst, PoolID: poolID, ResourceID: m.ResourceID, Capacity: m.Capacity, Position: i}
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
			// A licence's capacity is the licence's, whichever pool's page set it.
			if err := tx.Model(&poolMemberRow{}).Where("installation_id = ? AND resource_id = ? AND pool_id <> ?", inst, m.ResourceID, poolID).
				Update("capacity", m.Capacity).Error; err != nil {
				return err
			}
		}
		return nil
	})
	var ae *addon.Error
	if errors.As(err, &ae) {
		return ae
	}
	return translate(err, "pool members")
}

// LicenceCapacity returns how many meetings a licence runs at once as its pools set it; 0 when
// no pool sets it (the installation's default applies).
func (s *Store) LicenceCapacity(ctx context.Context, inst, resourceID string) (int, error) {
	var c *int
	err := s.db.WithContext(ctx).Model(&poolMemberRow{}).Select("MAX(capacity)").
		Where("installation_id = ? AND resource_id = ?", inst, resourceID).Scan(&c).Error
	if err != nil || c == nil {
		return 0, translate(err, "pool members")
	}
	return *c, nil
}

// OverlappingEach is Overlapping for several resources in one query: the bookings of each,
// other than those of excludeAppointmentID, that overlap any of the spans.
func (s *Store) OverlappingEach(ctx context.Context, inst string, resourceIDs []string, excludeAppointmentID string, spans []addon.Booking) (map[string][]addon.Booking, error) {
	out, err := overlappingEach(s.db.WithContext(ctx), inst, resourceIDs, excludeAppointmentID, spans)
	return out, translate(err, "bookings")
}

func overlappingEach(db *gormDB, inst string, resourceIDs []string, excludeAppointmentID string, spans []addon.Booking) (map[string][]addon.Booking, error) {
	out := map[string][]addon.Booking{}
	if len(spans) == 0 || len(resourceIDs) == 0 {
		return out, nil
	}
	lo, hi := spanBounds(spans)
	var rows []bookingRow
	err := db.Where("installation_id = ? AND resource_id IN ? AND appointment_id <> ? AND start_ms < ? AND end_ms > ?",
		inst, resourceIDs, excludeAppointmentID, hi, lo).Order("start_ms").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	return overlapsOf(rows, spans), nil
}

// spanBounds is the earliest start and the latest end of the spans (at least one).
func spanBounds(spans []addon.Booking) (lo, hi int64) {
	lo, hi = ms(spans[0].Start), ms(spans[0].End)
	for _, sp := range spans {
		lo, hi = min(lo, ms(sp.Start)), max(hi, ms(sp.End))
	}
	return lo, hi
}

// overlapsOf groups by account the bookings that overlap one of the spans.
func overlapsOf(rows []bookingRow, spans []addon.Booking) map[string][]addon.Booking {
	out := map[string][]addon.Booking{}
	for _, r := range rows {
		b := toBooking(r)
		if slices.ContainsFunc(spans, func(sp addon.Booking) bool { return addon.Overlaps(sp.Start, sp.End, b.Start, b.End) }) {
			out[r.ResourceID] = append(out[r.ResourceID], b)
		}
	}
	return out
}

// UTCDay is the key of Zoom's daily limit: the limit resets at 00:00 UTC.
func UTCDay(t time.Time) string { return t.UTC().Format("2006-01-02") }

// CountHostCalls adds n meeting creates/updates to a Zoom host's count of today (UTC).
func (s *Store) CountHostCalls(ctx context.Context, inst, login string, n int) error {
	if n <= 0 || login == "" {
		return nil
	}
	login, day := strings.ToLower(login), UTCDay(s.now())
	db := s.db.WithContext(ctx)
	for range 3 {
		res := db.Model(&hostUsageRow{}).Where("installation_id = ? AND login = ? AND day = ?", inst, login, day).
			Update("calls", gorm.Expr("calls + ?", n))
		if res.Error != nil {
			return translate(res.Error, "zoom host usage")
		}
		if res.RowsAffected > 0 {
			return nil
		}
		err := db.Create(&hostUsageRow{InstallationID: inst, Login: login, Day: day, Calls: n}).Error
		if err == nil {
			return nil
		}
		if !errors.Is(err, gorm.ErrDuplicatedKey) && !isContention(err) {
			return translate(err, "zoom host usage")
		}
		// Another save counted the first call of the day at the same moment: add to its row.
	}
	return addon.Errorf(addon.EUNAVAILABLE, "zoom host usage: busy")
}

// HostCalls returns today's (UTC) count of meeting creates/updates per Zoom host login
// (lower case); hosts without any are absent.
func (s *Store) HostCalls(ctx context.Context, inst string, logins []string) (map[string]int, error) {
	out := map[string]int{}
	if len(logins) == 0 {
		return out, nil
	}
	lower := make([]string, len(logins))
	for i, l := range logins {
		lower[i] = strings.ToLower(l)
	}
	var rows []hostUsageRow
	err := s.db.WithContext(ctx).Where("installation_id = ? AND day = ? AND login IN ?", inst, UTCDay(s.now()), lower).Find(&rows).Error
	if err != nil {
		return nil, translate(err, "zoom host usage")
	}
	for _, r := range rows {
		out[r.Login] = r.Calls
	}
	return out, nil
}

// SweepHostUsage forgets the daily counts of days before yesterday (UTC): only today's count.
func (s *Store) SweepHostUsage(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Where("day < ?", UTCDay(s.now().AddDate(0, 0, -1))).Delete(&hostUsageRow{})
	return res.RowsAffected, translate(res.Error, "zoom host usage")
}
