package zoom_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/zoom"
)

func TestUsersList(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/users", func(w http.ResponseWriter, r *http.Request) {
		if got, want := r.URL.RawQuery, "next_page_token=tok1&page_size=50&status=inactive"; got != want {
			t.Errorf("query: got %q, want %q", got, want)
		}
		io.WriteString(w, `{"page_size":50,"total_records":51,"next_page_token":"tok2","users":[{"id":"u1","email":"a@example.com","type":2,"status":"inactive"}]}`)
	})
	got, _, err := c.Users.List(context.Background(), &zoom.UserListOptions{Status: "inactive", PageSize: 50, NextPageToken: "tok1"})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	want := &zoom.UserList{PageSize: 50, TotalRecords: 51, NextPageToken: "tok2",
		Users: []zoom.User{{ID: "u1", Email: "a@example.com", Type: 2, Status: "inactive"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("page (-want +got):\n%s", diff)
	}
}

func TestUsersListAll(t *testing.T) {
	c, mux := setup(t)
	pages := map[string]string{
		"":   `{"next_page_token":"p2","users":[{"id":"1","email":"1@x.de"},{"id":"2","email":"2@x.de"}]}`,
		"p2": `{"next_page_token":"p3","users":[{"id":"3","email":"3@x.de"}]}`,
		"p3": `{"next_page_token":"","users":[{"id":"4","email":"4@x.de"}]}`,
	}
	var calls int
	mux.HandleFunc("GET /v2/users", func(w http.ResponseWriter, r *http.Request) {
		calls++
		q := r.URL.Query()
		if q.Get("status") != "active" || q.Get("page_size") != "300" {
			t.Errorf("query: got %q, want status=active and page_size=300", r.URL.RawQuery)
		}
		io.WriteString(w, pages[q.Get("next_page_token")])
	})
	users, err := c.Users.ListAll(context.Background(), "active")
	if err != nil {
		t.Fatalf("ListAll: %v", err)
	}
	var ids []string
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	if diff := cmp.Diff([]string{"1", "2", "3", "4"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if calls != 3 {
		t.Errorf("requests: got %d, want 3", calls)
	}
}

func TestUsersListAllStopsOnError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/users", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("next_page_token") == "" {
			io.WriteString(w, `{"next_page_token":"old","users":[{"id":"1"}]}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"code":300,"message":"The next page token is invalid or expired."}`)
	})
	users, err := c.Users.ListAll(context.Background(), "")
	if !zoom.IsCode(err, zoom.CodeInvalidParameter) || users != nil {
		t.Errorf("got %v users and error %v, want none and code 300", users, err)
	}
}

func TestUsersGet(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/users/a@example.com", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"id":"u1","email":"a@example.com","first_name":"Anna","last_name":"Berg","type":2,"status":"active","timezone":"Europe/Berlin"}`)
	})
	got, _, err := c.Users.Get(context.Background(), "a@example.com")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	want := &zoom.User{ID: "u1", Email: "a@example.com", FirstName: "Anna", LastName: "Berg", Type: 2, Status: "active", Timezone: "Europe/Berlin"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("user (-want +got):\n%s", diff)
	}
	if _, _, err := c.Users.Get(context.Background(), ""); err == nil {
		t.Errorf("Get with empty id: got no error")
	}
}

const requirementJSON = `{"length":8,"have_letter":true,"have_number":true,"have_special_character":true,
"have_upper_and_lower_characters":true,"only_allow_numeric":false,"consecutive_characters_length":4,"weak_enhance_detection":true}`

var wantRequirement = &zoom.PasswordRequirement{
	Length: 8, HaveLetter: true, HaveNumber: true, HaveSpecialCharacter: true, HaveUpperAndLowerCharacters: true,
	ConsecutiveCharactersLength: 4, WeakEnhanceDetection: true,
}

func TestUsersMeetingSecurity(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/users/u1/settings", func(w http.ResponseWriter, r *http.Request) {
		if got := r.URL.Query().Get("option"); got != "meeting_security" {
			t.Errorf("option: got %q, want meeting_security", got)
		}
		fmt.Fprintf(w, `{"meeting_security":{"waiting_room":false,"meeting_password_requirement":%s}}`, requirementJSON)
	})
	got, _, err := c.Users.MeetingSecurity(context.Background(), "u1")
	if err != nil {
		t.Fatalf("MeetingSecurity: %v", err)
	}
	if diff := cmp.Diff(wantRequirement, got); diff != "" {
		t.Errorf("requirement (-want +got):\n%s", diff)
	}
}

func TestAccountsSettings(t *testing.T) {
	tests := []struct {
		name, answer string
	}{
		{"in schedule_meeting", `{"schedule_meeting":{"meeting_password_requirement":` + requirementJSON + `}}`},
		{"in meeting_security", `{"meeting_security":{"meeting_password_requirement":` + requirementJSON + `}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("GET /v2/accounts/me/settings", func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, tc.answer)
			})
			st, _, err := c.Accounts.Settings(context.Background(), "me")
			if err != nil {
				t.Fatalf("Settings: %v", err)
			}
			if diff := cmp.Diff(wantRequirement, st.PasswordRequirement()); diff != "" {
				t.Errorf("requirement (-want +got):\n%s", diff)
			}
		})
	}
}
