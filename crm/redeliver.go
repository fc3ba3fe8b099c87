package crm

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/google/uuid"
)

// Redeliveries are the CRM's waits before it delivers an event again (protocol: after a
// timeout, a broken connection or a 5xx, again after 1 s, 5 s and 30 s).
var Redeliveries = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second}

// Attempt is one delivery of an event: the add-on's reply, or the error that stood for one.
type Attempt struct {
	AddonURL string
	Reply    Reply
	Err      error
}

// Failed reports whether the CRM delivers the event again after this attempt.
func (a Attempt) Failed() bool {
	return a.Err != nil || a.Reply.Status >= http.StatusInternalServerError
}

// Deliver sends an event as the CRM does: it delivers the same event again (same delivery id,
// new timestamp and signature) after each wait for as long as an attempt fails, and returns
// every attempt; the last one is what the CRM shows. target chooses the add-on instance of each
// attempt (a load balancer), nil keeps c.AddonURL.
func (c *Client) Deliver(ctx context.Context, event, delivery string, raw []byte, waits []time.Duration, target func(attempt int) string) []Attempt {
	if delivery == "" {
		delivery = uuid.NewString() // one id for every attempt
	}
	var out []Attempt
	for i := 0; ; i++ {
		cc := *c
		if target != nil {
			cc.AddonURL = target(i)
		}
		r, err := cc.Send(ctx, event, delivery, raw)
		if err != nil && r.Status != 0 {
			err = nil // an answer that is not the protocol's JSON is judged by its status
		}
		a := Attempt{AddonURL: cc.AddonURL, Reply: r, Err: err}
		out = append(out, a)
		if !a.Failed() || i >= len(waits) || errors.Is(ctx.Err(), context.Canceled) {
			return out
		}
		select {
		case <-ctx.Done():
			return out
		case <-time.After(waits[i]):
		}
	}
}
