package telemetry

import "testing"

func TestOperation(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/v2/users/dozent1@example.org/meetings", "/v2/users/{id}/meetings"},
		{"/v2/users/AbCdEfGhIjKlMnOpQrStUv/settings", "/v2/users/{id}/settings"},
		{"/v2/users/KdYKjnimT4KPd8FFgQt9FQ/meetings", "/v2/users/{id}/meetings"},
		{"/v2/meetings/85746065432", "/v2/meetings/{id}"},
		{"/v2/accounts/me/settings", "/v2/accounts/me/settings"},
		{"/G2M/rest/meetings/123456/start", "/G2M/rest/meetings/{id}/start"},
		{"/G2M/rest/upcomingMeetings", "/G2M/rest/upcomingMeetings"},
		{"/oauth/token", "/oauth/token"},
	} {
		if got := Operation(tc.in); got != tc.want {
			t.Errorf("Operation(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
