package meeting

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/resources"
)

var (
	t9  = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	t10 = t9.Add(time.Hour)
	t11 = t10.Add(time.Hour)
)

func gotoRoom(id, login string) resources.Booked {
	return resources.Booked{Provider: addon.ProviderGoTo, Account: login, Resource: addon.Resource{ID: id, Name: "Room " + id}}
}

func zoomHost(id, login string) resources.Booked {
	return resources.Booked{Provider: addon.ProviderZoom, Account: login, Resource: addon.Resource{ID: id, Name: "Zoom " + id}}
}

func pool(id string) resources.Booked {
	return resources.Booked{Provider: addon.ProviderPool, Account: "licences", Resource: addon.Resource{ID: id, Name: "Pool " + id}}
}

// appt is a saved appointment from 9:00 to 10:00 UTC in Berlin, with extra fields.
func appt(fields map[string]string) *addon.Appointment {
	return &addon.Appointment{ID: "a1", Title: "Excel basics", Number: "K-17", Start: t9, End: t10, TimeZone: "Europe/Berlin", Fields: fields}
}

// recorded is the record of a meeting made for appt() with account b, as the provider has it.
func recorded(b resources.Booked, subject string, alt string) *addon.MeetingRecord {
	return &addon.MeetingRecord{Ref: "r1", InstallationID: "i1", AppointmentID: "a1", ResourceID: b.Resource.ID,
		Meeting: addon.Meeting{Provider: b.Provider, ID: "m1"}, Subject: subject, Start: t9, End: t10, TimeZone: "Europe/Berlin", Data: alt}
}

func with(rec *addon.MeetingRecord, change func(*addon.MeetingRecord)) *addon.MeetingRecord {
	c := *rec
	change(&c)
	return &c
}

func TestPlanMeeting(t *testing.T) {
	room, room2 := gotoRoom("g1", "alice@example.com"), gotoRoom("g2", "bob@example.com")
	host, host2 := zoomHost("z1", "host@example.com"), zoomHost("z2", "co@example.com")
	gotoRec := recorded(room, "Excel basics", "")
	topic := addon.Settings{TopicTemplate: "<KURSNR> <KURSTITEL>"}
	zoomRec := recorded(host, "K-17 Excel basics", "")

	// what the user sees of a plan: what happens, the messages, and what is sent
	type want struct {
		Do       action
		Notice   string
		Done     string
		Account  string
		Subject  string
		Start    time.Time
		AltHosts []string
		Forget   bool
		Names    string
		TimeZone string // of the record to finish with
	}
	tests := []struct {
		name     string
		appt     *addon.Appointment
		settings addon.Settings
		booked   []resources.Booked
		rec      *addon.MeetingRecord
		adopted  bool
		want     want
	}{
		{name: "new GoTo meeting is created with the title",
			appt: appt(nil), booked: []resources.Booked{room},
			want: want{Do: create, Done: "meeting_created", Account: "g1", Subject: "Excel basics", Start: t9}},
		{name: "new Zoom meeting is named by the topic template",
			appt: appt(nil), settings: topic, booked: []resources.Booked{host},
			want: want{Do: create, Done: "meeting_created", Account: "z1", Subject: "K-17 Excel basics", Start: t9}},
		{name: "GoTo ignores the topic template",
			appt: appt(nil), settings: topic, booked: []resources.Booked{room},
			want: want{Do: create, Done: "meeting_created", Account: "g1", Subject: "Excel basics", Start: t9}},
		{name: "further Zoom hosts and the field become alternative hosts, without the host and duplicates",
			appt:   appt(map[string]string{resources.AltHostsField: "x@example.com; CO@example.com,host@example.com\ny@example.com"}),
			booked: []resources.Booked{host, host2},
			want: want{Do: create, Done: "meeting_created", Account: "z1", Subject: "Excel basics", Start: t9,
				AltHosts: []string{"co@example.com", "x@example.com", "y@example.com"}}},
		{name: "GoTo has no alternative hosts",
			appt: appt(map[string]string{resources.AltHostsField: "x@example.com"}), booked: []resources.Booked{room},
			want: want{Do: create, Done: "meeting_created", Account: "g1", Subject: "Excel basics", Start: t9}},
		{name: "two GoTo rooms cannot make one meeting",
			appt: appt(nil), booked: []resources.Booked{room, room2}, rec: gotoRec,
			want: want{Do: reject, Names: "Room g1, Room g2"}},
		{name: "a Zoom host and a GoTo room cannot make one meeting",
			appt: appt(nil), booked: []resources.Booked{host, room},
			want: want{Do: reject, Names: "Zoom z1, Room g1"}},
		{name: "a pool with a room cannot make one meeting",
			appt: appt(nil), booked: []resources.Booked{pool("p1"), host},
			want: want{Do: reject, Names: "Pool p1, Zoom z1"}},
		{name: "nothing booked and nothing recorded: only the bookings are freed",
			appt: appt(nil),
			want: want{Do: remove}},
		{name: "room removed: the meeting is deleted",
			appt: appt(nil), rec: gotoRec,
			want: want{Do: remove, Done: "meeting_deleted", TimeZone: "Europe/Berlin"}},
		{name: "unchanged re-save sends nothing",
			appt: appt(nil), booked: []resources.Booked{room}, rec: gotoRec,
			want: want{Do: keep, Account: "g1", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "unchanged Zoom re-save with the same topic sends nothing",
			appt: appt(nil), settings: topic, booked: []resources.Booked{host}, rec: zoomRec,
			want: want{Do: keep, Account: "z1", Subject: "K-17 Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "changed topic template updates the Zoom meeting",
			appt: appt(nil), booked: []resources.Booked{host}, rec: zoomRec,
			want: want{Do: update, Done: "meeting_updated", Account: "z1", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "moved by an hour: updated",
			appt: func() *addon.Appointment { a := appt(nil); a.Start, a.End = t10, t11; return a }(), booked: []resources.Booked{room}, rec: gotoRec,
			want: want{Do: update, Done: "meeting_updated", Account: "g1", Subject: "Excel basics", Start: t10, TimeZone: "Europe/Berlin"}},
		{name: "new alternative host: updated",
			appt: appt(map[string]string{resources.AltHostsField: "x@example.com"}), booked: []resources.Booked{host}, rec: recorded(host, "Excel basics", ""),
			want: want{Do: update, Done: "meeting_updated", Account: "z1", Subject: "Excel basics", Start: t9, AltHosts: []string{"x@example.com"}, TimeZone: "Europe/Berlin"}},
		{name: "same alternative hosts: kept",
			appt: appt(map[string]string{resources.AltHostsField: "x@example.com"}), booked: []resources.Booked{host}, rec: recorded(host, "Excel basics", "alt:x@example.com"),
			want: want{Do: keep, Account: "z1", Subject: "Excel basics", Start: t9, AltHosts: []string{"x@example.com"}, TimeZone: "Europe/Berlin"}},
		{name: "only the time zone changed: the record is written, nothing sent",
			appt: func() *addon.Appointment { a := appt(nil); a.TimeZone = "Europe/Vienna"; return a }(), booked: []resources.Booked{room}, rec: gotoRec,
			want: want{Do: rezone, Account: "g1", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Vienna"}},
		{name: "room swapped: the old meeting goes, a new one is made",
			appt: appt(nil), booked: []resources.Booked{room2}, rec: gotoRec,
			want: want{Do: replace, Done: "meeting_created", Account: "g2", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "GoTo room swapped for a Zoom host",
			appt: appt(nil), booked: []resources.Booked{host}, rec: gotoRec,
			want: want{Do: replace, Done: "meeting_created", Account: "z1", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "a pool before its reservation is never the recorded licence",
			appt: appt(nil), booked: []resources.Booked{pool("p1")}, rec: zoomRec,
			want: want{Do: replace, Done: "meeting_created", Account: "p1", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "deleted in the provider's interface: the user is told once",
			appt: appt(nil), booked: []resources.Booked{room}, rec: with(gotoRec, func(r *addon.MeetingRecord) { r.RemoteState = addon.RemoteGone }),
			want: want{Do: reportGone, Notice: "meeting_deleted_remotely", Account: "g1", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "saved again after being told: a new meeting",
			appt: appt(nil), booked: []resources.Booked{room}, rec: with(gotoRec, func(r *addon.MeetingRecord) { r.RemoteState = addon.RemoteGoneNotified }),
			want: want{Do: create, Done: "meeting_created", Account: "g1", Subject: "Excel basics", Start: t9, Forget: true, TimeZone: "Europe/Berlin"}},
		{name: "changed in the provider's interface: everything is sent again, with a warning",
			appt: appt(nil), booked: []resources.Booked{room}, rec: with(gotoRec, func(r *addon.MeetingRecord) { r.RemoteState = addon.RemoteChanged }),
			want: want{Do: update, Notice: "meeting_changed_remotely", Done: "meeting_updated", Account: "g1", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "last update's outcome unknown: everything is sent again",
			appt: appt(nil), booked: []resources.Booked{room}, rec: with(gotoRec, func(r *addon.MeetingRecord) { r.RemoteState = addon.Unsure }),
			want: want{Do: update, Done: "meeting_updated", Account: "g1", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "adopted from a lost answer and unchanged: the user is told it was created",
			appt: appt(nil), booked: []resources.Booked{room}, rec: gotoRec, adopted: true,
			want: want{Do: keep, Done: "meeting_created", Account: "g1", Subject: "Excel basics", Start: t9, TimeZone: "Europe/Berlin"}},
		{name: "adopted and moved: updated",
			appt: func() *addon.Appointment { a := appt(nil); a.Start, a.End = t10, t11; return a }(), booked: []resources.Booked{room}, rec: gotoRec, adopted: true,
			want: want{Do: update, Done: "meeting_updated", Account: "g1", Subject: "Excel basics", Start: t10, TimeZone: "Europe/Berlin"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := planMeeting(planInput{Appt: tc.appt, Settings: tc.settings, Booked: tc.booked, Record: tc.rec, Adopted: tc.adopted})
			got := want{Do: p.Do, Notice: p.Notice, Done: p.Done, Account: p.Account.Resource.ID, Subject: p.Spec.Subject, Start: p.Spec.Start,
				AltHosts: p.Spec.AltHosts, Forget: p.Forget, Names: p.Names, TimeZone: p.Record.TimeZone}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			if p.HasRecord != (tc.rec != nil) && p.Do != reject {
				t.Errorf("HasRecord = %v with record %v", p.HasRecord, tc.rec != nil)
			}
			if tc.rec != nil && p.HasRecord && p.Record.Ref != tc.rec.Ref {
				t.Errorf("plan keeps record %q, want %q", p.Record.Ref, tc.rec.Ref)
			}
		})
	}
}

func TestPlanMeetingSpec(t *testing.T) {
	a := appt(nil)
	a.Start, a.End = t9.In(time.FixedZone("CET", 3600)), t10.In(time.FixedZone("CET", 3600))
	p := planMeeting(planInput{Appt: a, Booked: []resources.Booked{gotoRoom("g1", "alice")}})
	want := addon.MeetingSpec{Subject: "Excel basics", Start: t9, End: t10, TimeZone: "Europe/Berlin"}
	if diff := cmp.Diff(want, p.Spec); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}
	if p.Spec.Start.Location() != time.UTC {
		t.Errorf("spec start in %v, want UTC", p.Spec.Start.Location())
	}
}

func TestPlanIntent(t *testing.T) {
	room := gotoRoom("g1", "alice")
	tests := []struct {
		name string
		p    plan
		want bool
	}{
		{"new meeting of a room", plan{Do: create, Account: room}, true},
		{"new meeting of a pool's licence, not known before the reservation", plan{Do: create, Account: pool("p1")}, false},
		{"new meeting after forgetting a deleted one", plan{Do: create, Forget: true, Account: room}, false},
		{"update", plan{Do: update, Account: room}, false},
		{"replace", plan{Do: replace, Account: room}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.planIntent(); got != tc.want {
				t.Errorf("planIntent() = %v, want %v", got, tc.want)
			}
		})
	}
}

// course is a series master with n weekly sessions from 9:00 to 10:00, the first cancelled
// when cancelFirst.
func course(n int, cancelFirst bool) *addon.Appointment {
	a := appt(nil)
	a.Series = &addon.Series{}
	for i := range n {
		d := time.Duration(i) * 7 * 24 * time.Hour
		a.Series.Occurrences = append(a.Series.Occurrences, addon.Occurrence{RecurrenceID: t9.Add(d).Format("20060102"),
			Start: t9.Add(d), End: t10.Add(d), Cancelled: cancelFirst && i == 0})
	}
	return a
}

func seriesRecord(b resources.Booked, topic string) *addon.MeetingRecord {
	st := seriesState{SeriesMeeting: addon.SeriesMeeting{Mode: "recurring", Topic: topic,
		Blocks: []addon.Meeting{{Provider: b.Provider, ID: "m1"}}, Sessions: []addon.SeriesSession{{Key: "20261207", Start: t9, End: t10}}},
		AltHosts: []string{"x@example.com"}}
	return &addon.MeetingRecord{Ref: "r1", AppointmentID: "a1", ResourceID: b.Resource.ID, Meeting: st.Blocks[0],
		Subject: topic, Start: t9, End: t10, Data: st.data()}
}

func TestPlanSeries(t *testing.T) {
	host, host2 := zoomHost("z1", "host@example.com"), zoomHost("z2", "co@example.com")
	rec := seriesRecord(host, "Excel basics")
	type want struct {
		Do        action
		Notice    string
		Drop      bool
		HasRecord bool
		Sessions  int
		Over50    string
		AltHosts  []string
		PrevTopic string // what the provider is assumed to have; "" sends the topic again
	}
	tests := []struct {
		name     string
		master   *addon.Appointment
		settings addon.Settings
		booked   []resources.Booked
		rec      *addon.MeetingRecord
		want     want
	}{
		{name: "new course is created with its sessions and the default over-50 choice",
			master: course(3, false), booked: []resources.Booked{host},
			want: want{Do: create, Sessions: 3, Over50: addon.Over50NoFixedTime}},
		{name: "cancelled sessions are not sent; the installation's over-50 choice is",
			master: course(60, true), settings: addon.Settings{Over50: addon.Over50Blocks}, booked: []resources.Booked{host},
			want: want{Do: create, Sessions: 59, Over50: addon.Over50Blocks}},
		{name: "recorded course is updated in place",
			master: course(3, false), booked: []resources.Booked{host, host2}, rec: rec,
			want: want{Do: update, HasRecord: true, Sessions: 3, Over50: addon.Over50NoFixedTime, AltHosts: []string{"co@example.com"}, PrevTopic: "Excel basics"}},
		{name: "renamed in Zoom: the topic is sent again, with a warning",
			master: course(3, false), booked: []resources.Booked{host}, rec: with(rec, func(r *addon.MeetingRecord) { r.RemoteState = addon.RemoteChanged }),
			want: want{Do: update, Notice: "meeting_changed_remotely", HasRecord: true, Sessions: 3, Over50: addon.Over50NoFixedTime}},
		{name: "a meeting of the course deleted in Zoom: made anew, with a warning",
			master: course(3, false), booked: []resources.Booked{host}, rec: with(rec, func(r *addon.MeetingRecord) { r.RemoteState = addon.RemoteGone }),
			want: want{Do: replace, Notice: "series_deleted_remotely", Drop: true, Sessions: 3, Over50: addon.Over50NoFixedTime, PrevTopic: "Excel basics"}},
		{name: "another host: made anew with it",
			master: course(3, false), booked: []resources.Booked{host2}, rec: rec,
			want: want{Do: replace, Drop: true, Sessions: 3, Over50: addon.Over50NoFixedTime, PrevTopic: "Excel basics"}},
		{name: "a single meeting's record becomes a series",
			master: course(3, false), booked: []resources.Booked{host}, rec: recorded(host, "Excel basics", ""),
			want: want{Do: replace, Drop: true, Sessions: 3, Over50: addon.Over50NoFixedTime}},
		{name: "every session cancelled: the series goes",
			master: course(1, true), booked: []resources.Booked{host}, rec: rec,
			want: want{Do: remove, HasRecord: true, Over50: addon.Over50NoFixedTime, PrevTopic: "Excel basics"}},
		{name: "every session cancelled and nothing recorded: nothing to delete",
			master: course(1, true), booked: []resources.Booked{host},
			want: want{Do: remove, Over50: addon.Over50NoFixedTime}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := planSeries(planInput{Appt: tc.master, Settings: tc.settings, Booked: tc.booked, Record: tc.rec})
			got := want{Do: p.Do, Notice: p.Notice, Drop: p.Drop, HasRecord: p.HasRecord, Sessions: len(p.Spec.Sessions), Over50: p.Spec.Over50,
				AltHosts: p.Spec.AltHosts, PrevTopic: p.Prev.Topic}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			if p.Account.Resource.ID != tc.booked[0].Resource.ID {
				t.Errorf("account %q, want %q", p.Account.Resource.ID, tc.booked[0].Resource.ID)
			}
		})
	}
}

func TestPlanElement(t *testing.T) {
	host := zoomHost("z1", "host@example.com")
	master := *seriesRecord(host, "K-17 Excel basics")
	st, _ := seriesStateOf(master)
	st.Sessions = append(st.Sessions, addon.SeriesSession{Key: "20261214", Start: t9.Add(7 * 24 * time.Hour), End: t10.Add(7 * 24 * time.Hour)})
	element := func(key string, start, end time.Time) *addon.Appointment {
		return &addon.Appointment{ID: "e1", Title: "changed title", Start: start, End: end, TimeZone: "Europe/Berlin",
			Occurrence: &addon.OccurrenceRef{SeriesID: "a1", RecurrenceID: key}}
	}
	tests := []struct {
		name      string
		el        *addon.Appointment
		wantFound bool
		wantMove  bool
		want      addon.SeriesSpec
	}{
		{name: "element at its session's times: nothing sent", el: element("20261207", t9, t10), wantFound: true},
		{name: "element of no session of the series", el: element("20270101", t9, t10)},
		{name: "moved element moves only its session, with the master's topic and hosts", el: element("20261207", t10, t11),
			wantFound: true, wantMove: true,
			want: addon.SeriesSpec{Subject: "K-17 Excel basics", TimeZone: "Europe/Berlin", Over50: addon.Over50Blocks, AltHosts: []string{"x@example.com"},
				Sessions: []addon.Session{{Key: "20261207", Start: t10, End: t11}, {Key: "20261214", Start: t9.Add(7 * 24 * time.Hour), End: t10.Add(7 * 24 * time.Hour)}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, move, found := planElement(addon.Settings{Over50: addon.Over50Blocks}, master, st, tc.el)
			if found != tc.wantFound || move != tc.wantMove {
				t.Fatalf("found %v, move %v; want %v, %v", found, move, tc.wantFound, tc.wantMove)
			}
			if diff := cmp.Diff(tc.want, spec); diff != "" {
				t.Errorf("spec (-want +got):\n%s", diff)
			}
		})
	}
}
