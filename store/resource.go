package store

import (
	"context"

	"github.com/onlinemeetings/meeting-addon/addon"
)

func tokenContext(inst, res string) string { return "token:" + inst + "/" + res }

func toResource(r resourceRow) addon.MeetingResource {
	return addon.MeetingResource{InstallationID: r.InstallationID, ResourceID: r.ResourceID, Provider: r.Provider,
		Name: r.Name, Account: r.Account, Status: r.Status, Deleted: r.Deleted}
}

// SaveResource records a meeting resource as the CRM describes it. Tokens belong to the
// account they were granted for, so a changed account (or provider) starts without consent.
// Meetings created with the previous account keep it: they move, with the previous consent, to
// a retired copy of the resource, so that their next save deletes them with that consent and
// creates them anew with the new account (the resource-swap path), instead of leaving them at
// the provider where nobody can delete them. It returns how many meetings moved.
func (s *Store) SaveResource(ctx context.Context, r addon.MeetingResource) (addon.MeetingResource, int, error) {
	var (
		out   addon.MeetingResource
		moved int
	)
	// Most saves describe the resource as it is (every Zoom appointment's save does): one
	// read, no write.
	var cur resourceRow
	if err := s.db.WithContext(ctx).Where("installation_id = ? AND resource_id = ?", r.InstallationID, r.ResourceID).Take(&cur).Error; err == nil &&
		!cur.Deleted && cur.Account == r.Account && cur.Provider == r.Provider && cur.Name == r.Name {
		return toResource(cur), 0, nil
	} else if err != nil && !isNotFound(err) {
		return out, 0, translate(err, "resource")
	}
	err := s.transaction(ctx, func(tx *gormDB) error {
		moved = 0 // a retried run counts afresh
		var row resourceRow
		err := tx.Where("installation_id = ? AND resource_id = ?", r.InstallationID, r.ResourceID).Take(&row).Error
		if err != nil && !isNotFound(err) {
			return err
		}
		same := err == nil && row.Account == r.Account && row.Provider == r.Provider
		switch {
		case same && row.Deleted && row.Token != "":
			row.Deleted = false // deleted while its meetings kept the consent, and back again
		case same && !row.Deleted:
		default:
			if err == nil {
				if moved, err = s.retire(tx, row); err != nil {
					return err
				}
			}
			row = resourceRow{InstallationID: r.InstallationID, ResourceID: r.ResourceID, Status: addon.StatusNotConnected}
		}
		row.Provider, row.Name, row.Account, row.UpdatedMS = r.Provider, r.Name, r.Account, s.nowMS()
		out = toResource(row)
		return tx.Save(&row).Error
	})
	forgetResources(ctx)
	if moved > 0 {
		forgetPrefetched(ctx)
	}
	return out, moved, translate(err, "resource")
}

// retire moves the meetings created with a resource, and its consent, to a deleted copy under
// a new id; DropUnusedConsents drops the copy's consent once its last meeting is gone.
func (s *Store) retire(tx *gormDB, row resourceRow) (int, error) {
	var n int64
	if err := tx.Model(&meetingRow{}).Where("installation_id = ? AND resource_id = ?", row.InstallationID, row.ResourceID).Count(&n).Error; err != nil || n == 0 {
		return 0, err
	}
	old := row
	old.ResourceID, old.Deleted, old.HostKey, old.UpdatedMS = "retired~"+NewSecret(12), true, "", s.nowMS()
	if row.Token != "" {
		plain, err := s.box.Open(row.Token, tokenContext(row.InstallationID, row.ResourceID))
		if err != nil {
			return 0, err
		}
		if old.Token, err = s.box.Seal(plain, tokenContext(old.InstallationID, old.ResourceID)); err != nil {
			return 0, err
		}
	}
	if err := tx.Create(&old).Error; err != nil {
		return 0, err
	}
	err := tx.Model(&meetingRow{}).Where("installation_id = ? AND resource_id = ?", row.InstallationID, row.ResourceID).
		Update("resource_id", old.ResourceID).Error
	return int(n), err
}

// Resource returns a meeting resource that has not been deleted.
func (s *Store) Resource(ctx context.Context, inst, res string) (addon.MeetingResource, error) {
	var row resourceRow
	err := s.db.WithContext(ctx).Where("installation_id = ? AND resource_id = ? AND deleted = ?", inst, res, false).Take(&row).Error
	if err != nil {
		return addon.MeetingResource{}, translate(err, "meeting resource "+res)
	}
	return toResource(row), nil
}

// Resources lists an installation's meeting resources.
func (s *Store) Resources(ctx context.Context, inst string) ([]addon.MeetingResource, error) {
	var rows []resourceRow
	if err := s.db.WithContext(ctx).Where("installation_id = ? AND deleted = ?", inst, false).Order("name, resource_id").Find(&rows).Error; err != nil {
		return nil, translate(err, "resources")
	}
	out := make([]addon.MeetingResource, len(rows))
	for i, r := range rows {
		out[i] = toResource(r)
	}
	return out, nil
}

// ResourceRecord returns a meeting resource even when the CRM has deleted it: meetings created
// with it are still changed and deleted with its consent.
func (s *Store) ResourceRecord(ctx context.Context, inst, res string) (addon.MeetingResource, error) {
	var row resourceRow
	err := s.db.WithContext(ctx).Where("installation_id = ? AND resource_id = ?", inst, res).Take(&row).Error
	if err != nil {
		return addon.MeetingResource{}, translate(err, "meeting resource "+res)
	}
	return toResource(row), nil
}

// DeleteResource marks a resource deleted and returns the meetings that were created with it.
// While any remain, its consent is kept so that changing or deleting their appointments still
// reaches the provider (no meeting is left behind that nobody can delete); without any, the
// consent is dropped at once. DropUnusedConsents drops it later.
func (s *Store) DeleteResource(ctx context.Context, inst, res string) ([]addon.MeetingRecord, error) {
	left, err := s.MeetingsOfResource(ctx, inst, res)
	if err != nil {
		return nil, err
	}
	upd := map[string]any{"deleted": true, "updated_ms": s.nowMS()}
	if len(left) == 0 {
		upd["token"], upd["token_expiry_ms"], upd["status"] = "", 0, addon.StatusNotConnected
	}
	err = s.db.WithContext(ctx).Model(&resourceRow{}).Where("installation_id = ? AND resource_id = ?", inst, res).Updates(upd).Error
	return left, translate(err, "resource")
}

// DropUnusedConsents drops the consent of deleted resources whose last meeting is gone.
func (s *Store) DropUnusedConsents(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Model(&resourceRow{}).
		Where("deleted = ? AND token <> ?", true, "").
		Where("NOT EXISTS (SELECT 1 FROM meetings m WHERE m.installation_id = meeting_resources.installation_id AND m.resource_id = meeting_resources.resource_id)").
		Updates(map[string]any{"token": "", "token_expiry_ms": 0, "status": addon.StatusNotConnected, "updated_ms": s.nowMS()})
	return res.RowsAffected, translate(res.Error, "resources")
}

// ResourceToken returns the stored OAuth token (JSON) of a resource, decrypted.
func (s *Store) ResourceToken(ctx context.Context, inst, res string) (string, error) {
	_, tok, err := s.ResourceWithToken(ctx, inst, res)
	return tok, err
}

// ResourceWithToken returns a meeting resource and its decrypted OAuth token ("" when not
// connected) in one read.
func (s *Store) ResourceWithToken(ctx context.Context, inst, res string) (addon.MeetingResource, string, error) {
	row, ok := prefetchedResource(ctx, inst, res) // read by the hook's reservation a moment ago
	if !ok {
		if err := s.db.WithContext(ctx).Where("installation_id = ? AND resource_id = ?", inst, res).Take(&row).Error; err != nil {
			return addon.MeetingResource{}, "", translate(err, "meeting resource "+res)
		}
	}
	tok, err := s.box.Open(row.Token, tokenContext(inst, res))
	return toResource(row), tok, err
}

// SaveResourceToken stores a resource's OAuth token encrypted and marks it connected.
func (s *Store) SaveResourceToken(ctx context.Context, inst, res, tokenJSON string, expiryMS int64) error {
	forgetResources(ctx)
	sealed, err := s.box.Seal(tokenJSON, tokenContext(inst, res))
	if err != nil {
		return err
	}
	// A deleted resource takes no new consent, but one kept for its remaining meetings is renewed.
	result := s.db.WithContext(ctx).Model(&resourceRow{}).Where("installation_id = ? AND resource_id = ? AND (deleted = ? OR token <> ?)", inst, res, false, "").
		Updates(map[string]any{"token": sealed, "token_expiry_ms": expiryMS, "status": addon.StatusConnected, "updated_ms": s.nowMS()})
	if result.Error == nil && result.RowsAffected == 0 {
		return addon.Errorf(addon.ENOTFOUND, "meeting resource %s not found", res)
	}
	return translate(result.Error, "resource token")
}

// SetResourceStatus changes a resource's connection state; reconnect_needed also drops the token.
func (s *Store) SetResourceStatus(ctx context.Context, inst, res, status string) error {
	forgetResources(ctx)
	upd := map[string]any{"status": status, "updated_ms": s.nowMS()}
	if status != addon.StatusConnected {
		upd["token"], upd["token_expiry_ms"] = "", 0
	}
	return translate(s.db.WithContext(ctx).Model(&resourceRow{}).Where("installation_id = ? AND resource_id = ?", inst, res).Updates(upd).Error, "resource")
}

func hostKeyContext(inst, res string) string { return "hostkey:" + inst + "/" + res }

// SetResourceHostKey stores a resource's Zoom host key sealed; "" removes it.
func (s *Store) SetResourceHostKey(ctx context.Context, inst, res, key string) error {
	sealed := ""
	if key != "" {
		var err error
		if sealed, err = s.box.Seal(key, hostKeyContext(inst, res)); err != nil {
			return err
		}
	}
	err := s.db.WithContext(ctx).Model(&resourceRow{}).Where("installation_id = ? AND resource_id = ?", inst, res).
		Update("host_key", sealed).Error
	return translate(err, "resource")
}

// ResourceHostKey returns a resource's Zoom host key ("" when none is set).
func (s *Store) ResourceHostKey(ctx context.Context, inst, res string) (string, error) {
	var row resourceRow
	if err := s.db.WithContext(ctx).Select("host_key").Where("installation_id = ? AND resource_id = ?", inst, res).Take(&row).Error; err != nil {
		return "", translate(err, "resource")
	}
	if row.HostKey == "" {
		return "", nil
	}
	return s.box.Open(row.HostKey, hostKeyContext(inst, res))
}
