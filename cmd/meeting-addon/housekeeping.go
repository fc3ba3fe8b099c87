package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/onlinemeetings/meeting-addon/store"
)

// Deliveries are kept far longer than the CRM's redeliveries (within a minute) so that even a
// late one has no second effect. Housekeeping itself runs every ADDON_HOUSEKEEPING_INTERVAL
// (15 s by default), so that a save that died is settled within a minute of its lease expiring.
const keepDeliveries = 7 * 24 * time.Hour

// housekeep runs one round of housekeeping every interval until ctx ends. With several
// instances on one database, a shared lease lets one of them do a round; the work is safe to
// repeat anyway, since every cleanup runs under its appointment's lease.
func (a *app) housekeep(ctx context.Context, every time.Duration, logger *slog.Logger) {
	owner := store.NewSecret(12)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if ok, err := a.store.TryLease(ctx, "housekeeping", owner, every-every/5); err != nil || !ok {
			continue
		}
		a.housekeepOnce(ctx, logger)
	}
}

// housekeepOnce cleans up what interrupted saves left at the providers, drops the consent of
// deleted resources once their last meeting is gone, forgets old delivery answers and sweeps
// expired signatures and tokens; failures are logged and retried on the next round.
func (a *app) housekeepOnce(ctx context.Context, logger *slog.Logger) {
	if n, err := a.meetings.CleanStaleIntents(ctx); err != nil {
		logger.Warn("housekeeping: interrupted saves", "err", err)
	} else if n > 0 {
		logger.Info("housekeeping: interrupted saves cleaned", "count", n)
	}
	if n, err := a.store.DropUnusedConsents(ctx); err != nil {
		logger.Warn("housekeeping: consents of deleted resources", "err", err)
	} else if n > 0 {
		logger.Info("housekeeping: consents of deleted resources dropped", "count", n)
	}
	if n, err := a.store.SweepDeliveries(ctx, keepDeliveries); err != nil {
		logger.Warn("housekeeping: old deliveries", "err", err)
	} else if n > 0 {
		logger.Info("housekeeping: old deliveries forgotten", "count", n)
	}
	if n, err := a.store.SweepEventMarks(ctx, keepDeliveries); err != nil {
		logger.Warn("housekeeping: old event marks", "err", err)
	} else if n > 0 {
		logger.Info("housekeeping: old event marks forgotten", "count", n)
	}
	// Single-use records past their window; swept here rather than on each request (see
	// store/sweep.go).
	for _, sw := range []struct {
		what  string
		sweep func(context.Context) (int64, error)
	}{{"launch tokens", a.store.SweepLaunchTokens}, {"start tokens", a.store.SweepStartTokens},
		{"Zoom host counts of past days", a.store.SweepHostUsage}} {
		if n, err := sw.sweep(ctx); err != nil {
			logger.Warn("housekeeping: expired "+sw.what, "err", err)
		} else if n > 0 {
			logger.Debug("housekeeping: expired "+sw.what+" swept", "count", n)
		}
	}
}
