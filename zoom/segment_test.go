package zoom

import (
	"net/http"
	"strings"
	"testing"
)

// A licence user named "." or ".." stays one path segment: it cannot reach another endpoint.
func TestUserPathSegment(t *testing.T) {
	c := NewClient(nil)
	for _, id := range []string{"..", ".", "a/b", "user@example.org"} {
		req, err := c.NewRequest(t.Context(), http.MethodGet, "users/"+segment(id)+"/meetings", nil)
		if err != nil {
			t.Fatal(err)
		}
		got := req.URL.EscapedPath()
		parts := strings.Split(got, "/") // "", "v2", "users", user, "meetings"
		if len(parts) != 5 || parts[3] == "." || parts[3] == ".." {
			t.Errorf("user %q: path %s leaves its segment", id, got)
		}
	}
}
