// Package fault injects the failures a provider and the network produce into a fake provider
// (gototest, zoomtest) for fault-injection tests: 5xx answers, rate limits with Retry-After, and
// the two that hurt most, a hang and a connection reset after the provider did the work, when
// the caller cannot tell whether its call took effect.
package fault

import (
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
)

// Mode is one kind of failure.
type Mode string

// The modes. "After" modes let the provider do the work first; the others refuse before.
const (
	ServerErrorAfter Mode = "500 after the work"
	Unavailable      Mode = "503 before the work"
	RateLimited      Mode = "429 with Retry-After"
	HangAfter        Mode = "hang after the work"
	ResetAfter       Mode = "reset after the work"
)

// AllModes are the modes in the order Injector draws them by default.
var AllModes = []Mode{ServerErrorAfter, Unavailable, RateLimited, HangAfter, ResetAfter}

// Injector wraps a provider fake. Rate is the share of eligible requests that fail (0 turns
// faults off); each failing request gets one of Modes, drawn with a seeded generator so that a
// run can be repeated. Match decides which requests are eligible (nil: all).
type Injector struct {
	Next  http.Handler
	Match func(r *http.Request) bool
	// RetryAfter is the Retry-After header of RateLimited answers, in seconds ("1" if empty).
	RetryAfter string
	// Header adds the provider's own headers to a RateLimited answer (Zoom's X-RateLimit-Type).
	Header http.Header

	mu     sync.Mutex
	once   []onceRule
	rate   float64
	modes  []Mode
	rnd    *rand.Rand
	counts map[Mode]int
}

// New returns an injector for next with faults off and a generator seeded with seed.
func New(next http.Handler, seed uint64) *Injector {
	return &Injector{Next: next, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), counts: map[Mode]int{}}
}

// Set turns faults on at rate with the given modes (none: AllModes), or off at rate 0.
func (in *Injector) Set(rate float64, modes ...Mode) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(modes) == 0 {
		modes = AllModes
	}
	in.rate, in.modes = rate, modes
}

type onceRule struct {
	mode  Mode
	match func(r *http.Request) bool
}

// Once makes the next request that match accepts fail with mode, whatever the rate; rules
// queue up in the order given.
func (in *Injector) Once(mode Mode, match func(r *http.Request) bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.once = append(in.once, onceRule{mode, match})
}

// Counts returns how often each mode was injected.
func (in *Injector) Counts() map[Mode]int {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make(map[Mode]int, len(in.counts))
	for m, n := range in.counts {
		out[m] = n
	}
	return out
}

func (in *Injector) draw(r *http.Request) (Mode, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for i, o := range in.once {
		if o.match(r) {
			in.once = append(in.once[:i], in.once[i+1:]...)
			in.counts[o.mode]++
			return o.mode, true
		}
	}
	if in.Match != nil && !in.Match(r) {
		return "", false
	}
	if in.rate <= 0 || in.rnd.Float64() >= in.rate {
		return "", false
	}
	m := in.modes[in.rnd.IntN(len(in.modes))]
	in.counts[m]++
	return m, true
}

func (in *Injector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	mode, ok := in.draw(r)
	if !ok {
		in.Next.ServeHTTP(w, r)
		return
	}
	switch mode {
	case Unavailable:
		failJSON(w, http.StatusServiceUnavailable, "Service temporarily unavailable")
	case RateLimited:
		for k, vs := range in.Header {
			w.Header()[k] = vs
		}
		ra := in.RetryAfter
		if ra == "" {
			ra = "1"
		}
		w.Header().Set("Retry-After", ra)
		failJSON(w, http.StatusTooManyRequests, "Too many requests")
	case ServerErrorAfter:
		in.Next.ServeHTTP(httptest.NewRecorder(), r)
		failJSON(w, http.StatusInternalServerError, "Internal server error")
	case HangAfter:
		in.Next.ServeHTTP(httptest.NewRecorder(), r)
		<-r.Context().Done() // until the caller gives up; it never learns what happened
	case ResetAfter:
		in.Next.ServeHTTP(httptest.NewRecorder(), r)
		reset(w)
	}
}

// failJSON answers with an error body both vendors' clients read: Zoom's {"code","message"} and
// GoTo's {"int_err_code","msg"}.
func failJSON(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"code":%d,"message":%q,"int_err_code":"InternalError","msg":%q}`, status, msg, msg)
}

// reset closes the connection with a TCP reset, without an answer.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: the server aborts the stream
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // RST instead of FIN
	}
	_ = conn.Close()
}
