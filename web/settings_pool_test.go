package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// A pool's licences can only be the installation's own Zoom and GoTo resources, only a pool
// takes licences, and the form needs the session's CSRF token.
func TestSettingsPoolSaveRefusesWhatIsNotALicence(t *testing.T) {
	s := newSite(t)
	other := newSite(t)
	for _, r := range []map[string]any{
		{"id": "lic-1", "name": "Zoom 1", "fields": map[string]string{"zoom_user": "dozent1@example.org"}},
		{"id": "pool", "name": "Zoom", "fields": map[string]string{"meeting_pool": "Zoom"}},
		{"id": "pool-2", "name": "Zoom 2", "fields": map[string]string{"meeting_pool": "Zoom"}},
	} {
		s.send(t, "resource.saved", admin, map[string]any{"resource": r})
	}
	other.send(t, "resource.saved", admin, map[string]any{"resource": map[string]any{"id": "foreign", "name": "F",
		"fields": map[string]string{"zoom_user": "x@example.org"}}})
	hc, csrf := adminClient(t, s)
	post := func(path string, form url.Values) int {
		t.Helper()
		resp, err := hc.PostForm(s.url+path, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	form := url.Values{"csrf": {csrf}, "member": {"lic-1", "foreign", "pool-2", "lic-1"}, "capacity:lic-1": {"2"}}
	if st := post("/settings/pools/pool", form); st != http.StatusOK { // the redirect is followed to the page
		t.Fatalf("save: %d", st)
	}
	got, err := s.store.PoolMembers(t.Context(), s.inst.ID, "pool")
	if err != nil || len(got) != 1 || got[0].ResourceID != "lic-1" || got[0].Capacity != 2 {
		t.Errorf("members %+v (%v), want lic-1 alone, with capacity 2 (another installation's resource, another pool and a repeat ignored)", got, err)
	}
	if st := post("/settings/pools/lic-1", url.Values{"csrf": {csrf}, "member": {"lic-1"}}); st != http.StatusNotFound {
		t.Errorf("a licence used as a pool: %d, want 404", st)
	}
	if st := post("/settings/pools/pool", url.Values{"member": {}}); st != http.StatusForbidden {
		t.Errorf("without the CSRF token: %d, want 403", st)
	}
	if got, _ := s.store.PoolMembers(t.Context(), s.inst.ID, "pool"); len(got) != 1 {
		t.Errorf("a refused post changed the pool: %+v", got)
	}
}
