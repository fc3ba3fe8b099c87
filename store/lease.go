package store

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/catalog"
)

// TryLease takes the named lease for owner until ttl passes, if nobody else holds it. Leases,
// not open transactions, serialise work that calls a provider, so that no database connection
// or row lock is held across a slow HTTP call, and so that they work the same on SQLite and
// MySQL and across instances.
func (s *Store) TryLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	now := s.nowMS()
	until := now + ttl.Milliseconds()
	_, err := s.exec(ctx, nil, "INSERT INTO leases (name, owner, expires_ms) VALUES (?, ?, ?)", name, owner, until)
	if err == nil {
		return true, nil
	}
	if isContention(err) {
		return false, nil
	}
	if !errors.Is(err, gorm.ErrDuplicatedKey) {
		return false, translate(err, "lease")
	}
	res, err := s.exec(ctx, nil, "UPDATE leases SET owner = ?, expires_ms = ? WHERE name = ? AND (expires_ms < ? OR owner = ?)",
		owner, until, name, now, owner)
	if isContention(err) {
		return false, nil
	}
	if err != nil {
		return false, translate(err, "lease")
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err, "lease")
}

// ReleaseLease gives the lease up if owner still holds it.
func (s *Store) ReleaseLease(ctx context.Context, name, owner string) error {
	return translate(s.db.WithContext(ctx).Where("name = ? AND owner = ?", name, owner).Delete(&leaseRow{}).Error, "lease")
}

// Lease waits until it holds the named lease or ctx ends; the returned func releases it.
// Waiting polls with a growing pause (another instance's release is seen on the next poll); a
// release in this process hands over at once to the longest waiter here, one at a time, so
// that waiters neither sit out a pause nor all rush the database together. The hand-over only
// saves waiting: who holds the lease is decided in the database alone.
func (s *Store) Lease(ctx context.Context, name string, ttl time.Duration) (func(), error) {
	h, err := s.Hold(ctx, name, ttl)
	if err != nil {
		return nil, err
	}
	return h.Release, nil
}

// Held is a lease this process holds. Release gives it up; a transaction that ends the work
// the lease guarded can give it up in its own commit instead (see ApplyEvent), which saves the
// release its own commit.
type Held struct {
	s           *Store
	ctx         context.Context
	name, owner string
	done        atomic.Bool
}

// Release gives the lease up (once; later calls do nothing), even when the request's context
// is done: an unreleased lease blocks the next save of the same record until it expires.
func (h *Held) Release() {
	if h.done.Swap(true) {
		return
	}
	h.s.release(h.ctx, h.name, h.owner)
	h.s.releases.handOver(h.name)
}

// releaseIn returns the statement that deletes the lease row, for a transaction to run, and
// the func to call after that transaction committed, which marks the lease released and hands
// it over to a waiter here.
func (h *Held) releaseIn() (stmt, func()) {
	return stmt{"DELETE FROM leases WHERE name = ? AND owner = ?", []any{h.name, h.owner}}, func() {
		if !h.done.Swap(true) {
			h.s.releases.handOver(h.name)
		}
	}
}

// Hold is Lease returning the held lease itself.
func (s *Store) Hold(ctx context.Context, name string, ttl time.Duration) (*Held, error) {
	owner := NewSecret(12)
	pause := 5 * time.Millisecond
	w := s.releases.wait(name, false)            // before trying, so that no release is missed
	defer func() { s.releases.leave(name, w) }() // w changes while waiting
	for {
		ok, err := s.TryLease(ctx, name, owner, ttl)
		if err != nil {
			return nil, err
		}
		if ok {
			return &Held{s: s, ctx: ctx, name: name, owner: owner}, nil
		}
		select {
		case <-w:
			w = s.releases.wait(name, true) // woken first: stay first
		case <-ctx.Done():
			return nil, catalog.Error(addon.EUNAVAILABLE, "store.another_change_same_record")
		case <-time.After(pause):
		}
		if pause < 25*time.Millisecond {
			pause *= 2
		}
	}
}

// release gives a held lease up, trying a few times: a lease left behind blocks its account
// or appointment for the rest of its time to live (every save waits, then fails), so a
// transient failure (a connection cut by a failover, a busy node) must not leave it.
func (s *Store) release(ctx context.Context, name, owner string) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	var err error
	for n := 1; ; n++ {
		if err = s.ReleaseLease(rctx, name, owner); err == nil {
			return
		}
		if n == 3 || sleep(rctx, retryPause(n+2)) != nil {
			break
		}
	}
	s.log.Error("lease not released; it expires by itself", "lease", name, "err", err)
}

// isContention reports InnoDB's answers to two sessions racing for the same row (deadlock,
// lock wait timeout): for a lease that only means somebody else got it first.
// Conflicts the store's own retries could not resolve (EUNAVAILABLE) mean the same.
func isContention(err error) bool {
	return retryable(err) || addon.ErrorCode(err) == addon.EUNAVAILABLE
}

// releaseSignals queues this process's waiters for each lease, longest waiting first.
type releaseSignals struct {
	mu     sync.Mutex
	queues map[string][]chan struct{}
}

// wait queues a waiter for name (at the front when first is set) and returns its channel,
// closed when a release here hands the lease over to it.
func (r *releaseSignals) wait(name string, first bool) chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.queues == nil {
		r.queues = map[string][]chan struct{}{}
	}
	w := make(chan struct{})
	if first {
		r.queues[name] = append([]chan struct{}{w}, r.queues[name]...)
	} else {
		r.queues[name] = append(r.queues[name], w)
	}
	return w
}

// leave takes a waiter out of the queue (it got the lease or gave up).
func (r *releaseSignals) leave(name string, w chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	q := slices.DeleteFunc(r.queues[name], func(c chan struct{}) bool { return c == w })
	if len(q) == 0 {
		delete(r.queues, name)
	} else {
		r.queues[name] = q
	}
}

// handOver wakes the longest waiter for name.
func (r *releaseSignals) handOver(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	q := r.queues[name]
	if len(q) == 0 {
		return
	}
	close(q[0])
	if len(q) == 1 {
		delete(r.queues, name)
	} else {
		r.queues[name] = q[1:]
	}
}
