package fault

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestModes(t *testing.T) {
	for _, tc := range []struct {
		mode       Mode
		wantStatus int // 0: the call fails without an answer
		wantWork   bool
	}{
		{ServerErrorAfter, 500, true},
		{Unavailable, 503, false},
		{RateLimited, 429, false},
		{HangAfter, 0, true},
		{ResetAfter, 0, true},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			var work atomic.Int32
			in := New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { work.Add(1); w.WriteHeader(201) }), 1)
			in.Set(1, tc.mode)
			srv := httptest.NewServer(in)
			defer srv.Close()
			hc := &http.Client{Timeout: 300 * time.Millisecond}
			resp, err := hc.Post(srv.URL, "application/json", nil)
			status := 0
			if err == nil {
				status = resp.StatusCode
				resp.Body.Close()
			}
			if status != tc.wantStatus {
				t.Errorf("status %d (err %v), want %d", status, err, tc.wantStatus)
			}
			if got := work.Load() == 1; got != tc.wantWork {
				t.Errorf("the provider did the work: %v, want %v", got, tc.wantWork)
			}
			if tc.mode == RateLimited && resp.Header.Get("Retry-After") != "1" {
				t.Errorf("Retry-After = %q, want 1", resp.Header.Get("Retry-After"))
			}
			if n := in.Counts()[tc.mode]; n != 1 {
				t.Errorf("counted %d injections, want 1", n)
			}
		})
	}
}

func TestRateAndOff(t *testing.T) {
	in := New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), 7)
	in.Set(0.2, Unavailable)
	failed := 0
	for range 1000 {
		rec := httptest.NewRecorder()
		in.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code == 503 {
			failed++
		}
	}
	if failed < 150 || failed > 250 {
		t.Errorf("%d of 1000 failed at rate 0.2", failed)
	}
	in.Set(0)
	rec := httptest.NewRecorder()
	in.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 200 {
		t.Errorf("faults off: status %d", rec.Code)
	}
}
