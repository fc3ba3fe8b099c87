package store

import "context"

// Expired single-use records (launch tokens, start tokens; the MACs of hooks go with their stored answers) are swept by
// housekeeping, under its lease, rather than by every request that adds one: on Galera the
// sweeps of different nodes delete the same rows and abort each other's transactions, and on
// any server they add a statement, replicated to every node, to each hook.

// SweepLaunchTokens forgets used launch tokens an hour after they expired: a token is refused
// as expired long before its record goes, whatever the clocks' skew.
func (s *Store) SweepLaunchTokens(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Where("expires_ms < ?", s.nowMS()-3600_000).Delete(&launchRow{})
	return res.RowsAffected, translate(res.Error, "launch tokens")
}

// SweepStartTokens forgets expired start tokens.
func (s *Store) SweepStartTokens(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Where("expires_ms < ?", s.nowMS()).Delete(&startTokenRow{})
	return res.RowsAffected, translate(res.Error, "start tokens")
}
