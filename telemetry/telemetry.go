// Package telemetry gathers what an operator needs to read a request's log line and the
// add-on's metrics: a per-request record in the context that the request-logging middleware
// starts, the handlers fill in (installation, event, delivery id, outcome) and an
// http.RoundTripper around the provider clients updates (count and time of provider calls).
// It holds ids, codes and durations only, never a token, secret or signature.
package telemetry

import (
	"context"
	"sync"
	"time"
)

type ctxKey struct{}

// Request is what one incoming request did. Safe for concurrent use: a save may call
// providers from several goroutines.
type Request struct {
	mu           sync.Mutex
	installation string
	event        string
	delivery     string
	outcome      string
	reason       string
	calls        int
	callTime     time.Duration
}

// With returns ctx carrying r.
func With(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, ctxKey{}, r)
}

// From returns the request record in ctx, or a throwaway one (calls outside a request, such as
// housekeeping, are then simply not attributed to any request).
func From(ctx context.Context) *Request {
	if r, ok := ctx.Value(ctxKey{}).(*Request); ok {
		return r
	}
	return &Request{}
}

// SetInstallation names the installation the request acts for.
func (r *Request) SetInstallation(id string) { r.set(&r.installation, id) }

// SetEvent names the hook event.
func (r *Request) SetEvent(e string) { r.set(&r.event, e) }

// SetDelivery records the hook's delivery id (X-CRM-Delivery).
func (r *Request) SetDelivery(id string) { r.set(&r.delivery, id) }

// SetOutcome records how a hook ended when it answered 200: "ok", "redelivery" (answered from
// the store) or the code of the answer's error message ("meeting_failed").
func (r *Request) SetOutcome(code string) { r.set(&r.outcome, code) }

// SetReason says why a handler that answers its own refusal (a page rather than an error)
// refused; never a secret.
func (r *Request) SetReason(why string) { r.set(&r.reason, why) }

func (r *Request) set(field *string, v string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*field = v
}

// AddCall counts one provider call that took d.
func (r *Request) AddCall(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	r.callTime += d
}

// Snapshot is a copy of a Request's fields.
type Snapshot struct {
	Installation, Event, Delivery, Outcome, Reason string
	Calls                                          int
	CallTime                                       time.Duration
}

// Snapshot returns the fields recorded so far.
func (r *Request) Snapshot() Snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Snapshot{Installation: r.installation, Event: r.event, Delivery: r.delivery, Outcome: r.outcome, Reason: r.reason,
		Calls: r.calls, CallTime: r.callTime}
}
