package oauth

import (
	"bytes"
	"errors"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// A provider call that runs out of time says so in its error, and nothing about oauth2's
// deprecated CancelRequest in the process's log.
func TestTimeoutLogsNoDeprecation(t *testing.T) {
	auth := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth <- r.Header.Get("Authorization")
		<-r.Context().Done() // hangs until the client gives up
	}))
	defer srv.Close()
	var logged bytes.Buffer
	was := log.Writer()
	log.SetOutput(&logged)
	defer log.SetOutput(was)
	c := &http.Client{Timeout: 50 * time.Millisecond, Transport: Transport(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t-1"}), nil)}
	_, err := c.Get(srv.URL)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("err = %v, want the client's timeout", err)
	}
	if got := <-auth; got != "Bearer t-1" {
		t.Errorf("Authorization %q, want the token", got)
	}
	if strings.Contains(logged.String(), "CancelRequest") {
		t.Errorf("log: %q", logged.String())
	}
}
