package zoom_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/onlinemeetings/meeting-addon/apispec"
	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// setup starts a server whose mux the test fills, checking every request against Zoom's
// published descriptions when the shared specs folder is present (go-github's setup(t)).
func setup(t *testing.T) (*zoom.Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	var h http.Handler = mux
	if validate := specValidate(t); validate != nil {
		next := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			if err := validate(r, body); err != nil {
				t.Errorf("request breaks Zoom's API description: %v", err)
			}
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			next.ServeHTTP(w, r)
		})
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := zoom.NewClient(srv.Client())
	c.BaseURL, _ = url.Parse(srv.URL + "/v2/")
	return c, mux
}

func specValidate(t *testing.T) func(*http.Request, []byte) error {
	t.Helper()
	var vs []zoomtest.RequestValidator
	for _, name := range []string{"zoom-meetings-openapi.json", "zoom-users-openapi.json", "zoom-accounts-openapi.json"} {
		p, err := apispec.FindSpec(name)
		if err != nil {
			t.Logf("request validation against %s skipped: %v", name, err)
			return nil
		}
		v, err := apispec.Load(p)
		if err != nil {
			t.Fatalf("load %s: %v", name, err)
		}
		vs = append(vs, v)
	}
	return zoomtest.ValidateWith(vs...)
}

func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	if r.Method != want {
		t.Errorf("method: got %s, want %s", r.Method, want)
	}
}

func testBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(b)); got != want {
		t.Errorf("body:\n got %s\nwant %s", got, want)
	}
}

func TestNewRequest(t *testing.T) {
	c := zoom.NewClient(nil)
	tests := []struct {
		name, path, wantURL string
	}{
		{"relative", "users/me", "https://api.zoom.us/v2/users/me"},
		{"leading slash is relative to the base too", "/users/me", "https://api.zoom.us/v2/users/me"},
		{"query kept", "users?status=active", "https://api.zoom.us/v2/users?status=active"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := c.NewRequest(context.Background(), http.MethodGet, tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := req.URL.String(); got != tc.wantURL {
				t.Errorf("URL: got %s, want %s", got, tc.wantURL)
			}
			if req.Body != nil && req.Body != http.NoBody {
				t.Errorf("body: got one for a request without body")
			}
		})
	}
	t.Run("base URL without trailing slash", func(t *testing.T) {
		c := zoom.NewClient(nil)
		c.BaseURL, _ = url.Parse("https://api.zoom.us/v2")
		if _, err := c.NewRequest(context.Background(), http.MethodGet, "users", nil); err == nil {
			t.Errorf("got no error, want one about the trailing slash")
		}
	})
}

func TestDoBoundsTheAnswer(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/users/me", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"id":"x","email":"`+strings.Repeat("a", 5<<20)+`"}`)
	})
	_, _, err := c.Users.Get(context.Background(), "me")
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("got %v, want an error about the answer's size", err)
	}
}

func TestDoHonoursContext(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/users/me", func(w http.ResponseWriter, r *http.Request) {})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := c.Users.Get(ctx, "me")
	if err != context.Canceled {
		t.Errorf("got %v, want context.Canceled", err)
	}
}
