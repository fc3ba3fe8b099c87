package oauth

import (
	"net/http"

	"golang.org/x/oauth2"
)

// Transport is an http.RoundTripper that sends src's token with each request over base
// (nil: http.DefaultTransport). Unlike a bare *oauth2.Transport it has no CancelRequest: an
// http.Client with a Timeout calls that on a transport that has it, and oauth2's only logs
// "Transport.CancelRequest no longer does anything" on every provider call that runs out of
// time (the request's context cancels it).
func Transport(src oauth2.TokenSource, base http.RoundTripper) http.RoundTripper {
	return bearer{&oauth2.Transport{Source: src, Base: base}}
}

type bearer struct{ t *oauth2.Transport }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) { return b.t.RoundTrip(r) }
