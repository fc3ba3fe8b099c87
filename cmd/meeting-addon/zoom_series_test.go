package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/crm"
	"github.com/onlinemeetings/meeting-addon/fields"
	"github.com/onlinemeetings/meeting-addon/meeting"
	"github.com/onlinemeetings/meeting-addon/store"
	"github.com/onlinemeetings/meeting-addon/store/storetest"
	"github.com/onlinemeetings/meeting-addon/zoom"
	"github.com/onlinemeetings/meeting-addon/zoomaccount"
)

// over50 sets the installation's choice for courses with more than 50 sessions.
func (e *env) over50(t *testing.T, choice string) {
	t.Helper()
	if err := e.app.store.UpdateSettings(t.Context(), e.inst, addon.Settings{PermittedGroups: []string{addon.GroupsAll}, Policy: addon.PolicyWarn, Over50: choice}); err != nil {
		t.Fatal(err)
	}
}

// monWed is a Monday and Wednesday course of n sessions from the Monday first, 17:00–19:00,
// leaving out the weeks in skip (counted from 0).
func monWed(first string, n int, skip ...int) []day {
	d, _ := time.Parse(time.DateOnly, first)
	var out []day
	for w := 0; len(out) < n; w++ {
		if slices.Contains(skip, w) {
			continue
		}
		for _, off := range []int{0, 2} {
			if len(out) < n {
				out = append(out, day{d.AddDate(0, 0, 7*w+off).Format(time.DateOnly), "17:00", "19:00"})
			}
		}
	}
	return out
}

// seriesData decodes the master's zoom_meeting_data.
func seriesData(t *testing.T, r crm.Reply) fields.MeetingData {
	t.Helper()
	if r.Answer.Appointment == nil {
		t.Fatalf("answer carries no appointment: %s", r.Raw)
	}
	d, ok, err := fields.DecodeDataField(fields.ZoomDataField, r.Answer.Appointment.Fields[fields.ZoomDataField])
	if err != nil || !ok {
		t.Fatalf("zoom_meeting_data: %v (%s)", err, r.Raw)
	}
	return d
}

// blocksOf returns the meeting id of every session, in the order of the data.
func blocksOf(d fields.MeetingData) []string {
	var ids []string
	for _, o := range d.Occurrences {
		id := o.MeetingID
		if id == "" { // the data's own meeting
			id = d.MeetingID
		}
		ids = append(ids, id)
	}
	return ids
}

// distinct returns the ids in the order they first appear.
func distinct(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// zoomSlots lists the available occurrences of the meetings, as wantSlots does for days.
func (e *env) zoomSlots(t *testing.T, ids []string) []string {
	t.Helper()
	var out []string
	for _, id := range ids {
		n, _ := strconv.ParseInt(id, 10, 64)
		m, ok := e.zoom.Meeting(n)
		if !ok {
			t.Fatalf("meeting %s not at Zoom", id)
		}
		if len(m.Occurrences) > 50 {
			t.Errorf("meeting %s has %d occurrences; Zoom creates at most 50", id, len(m.Occurrences))
		}
		for _, o := range m.Occurrences {
			if o.Status == "available" {
				l := o.StartTime.In(mustLoc(t))
				out = append(out, l.Format("Mon 02.01.2006 15:04")+"–"+l.Add(time.Duration(o.Duration)*time.Minute).Format("15:04"))
			}
		}
	}
	slices.Sort(out)
	return out
}

func sortedSlots(t *testing.T, days []day) []string {
	out := wantSlots(t, days)
	slices.Sort(out)
	return out
}

// element is a detached element of master id on the date of d, now at the times of to.
func element(t *testing.T, master string, d, to day, res ...map[string]any) map[string]any {
	el := appt(master+"-"+d.date, "", berlinAt(t, to.date, to.from), res...)
	el["end"] = berlinAt(t, to.date, to.to).Format(time.RFC3339)
	el["occurrence"] = map[string]any{"series_id": master, "recurrence_id": berlinAt(t, d.date, d.from).Format(time.RFC3339)}
	return el
}

// A course of more than 50 sessions in blocks: saves change only the block concerned, and every
// block keeps its meeting (and link) and its alternative hosts.
func TestZoomBlocksChangeOnlyTheBlockConcerned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
		e.over50(t, addon.Over50Blocks)
		days := monWed("2026-02-02", 60)
		save := func(days []day) crm.Reply {
			c := course(t, "big", days, zoomRoom("z-1", host1))
			c["fields"] = map[string]string{"zoom_alternative_hosts": host2}
			return e.save(c)
		}
		r := save(days)
		first := seriesData(t, r)
		blocks := distinct(blocksOf(first))
		if len(blocks) != 2 || !hasMessage(r, "series_blocks") {
			t.Fatalf("60 sessions in blocks: %d blocks %v, messages %+v", len(blocks), blocks, r.Answer.Messages)
		}
		check := func(step string, r crm.Reply, days []day) {
			t.Helper()
			d := seriesData(t, r)
			if got := distinct(blocksOf(d)); !slices.Equal(got, blocks) {
				t.Errorf("%s: blocks %v, want the same %v", step, got, blocks)
			}
			if got, want := e.zoomSlots(t, blocks), sortedSlots(t, days); !slices.Equal(got, want) {
				t.Errorf("%s: Zoom has\n%v\nwant\n%v", step, got, want)
			}
			for _, id := range blocks {
				n, _ := strconv.ParseInt(id, 10, 64)
				if m, _ := e.zoom.Meeting(n); m.AlternativeHosts != host2 {
					t.Errorf("%s: block %s has alternative hosts %q, want %q", step, id, m.AlternativeHosts, host2)
				}
			}
		}

		from := len(e.zoom.Calls())
		r = save(days)
		calls := e.meetingCalls(from)
		t.Logf("unchanged re-save of 60 sessions in blocks: meeting calls %v", calls)
		if len(calls) != 0 {
			t.Errorf("unchanged re-save: calls %v, want none", calls)
		}
		check("unchanged re-save", r, days)

		moved := slices.Clone(days)
		moved[55] = day{moved[55].date, "18:00", "20:00"}
		from = len(e.zoom.Calls())
		r = save(moved)
		calls = e.meetingCalls(from)
		t.Logf("moving one session (master saved): meeting calls %v", calls)
		if calls["PATCH"] != 1 || len(calls) != 1 {
			t.Errorf("moving one session: calls %v, want exactly 1 PATCH", calls)
		}
		check("moving one session", r, moved)

		// The same through the element: the element's save moves only its occurrence.
		moved2 := slices.Clone(moved)
		moved2[3] = day{moved[3].date, "16:00", "18:00"}
		from = len(e.zoom.Calls())
		er := e.save(element(t, "big", days[3], moved2[3], zoomRoom("z-1", host1)))
		calls = e.meetingCalls(from)
		t.Logf("moving one session (element saved): meeting calls %v", calls)
		if calls["PATCH"] != 1 || len(calls) != 1 || er.Status != 200 {
			t.Errorf("moving one element: %d, calls %v, want exactly 1 PATCH (%s)", er.Status, calls, er.Raw)
		}
		if got, want := e.zoomSlots(t, blocks), sortedSlots(t, moved2); !slices.Equal(got, want) {
			t.Errorf("after moving the element Zoom has\n%v\nwant\n%v", got, want)
		}
		r = save(moved2)
		if calls := e.meetingCalls(from); calls["PATCH"] != 1 || len(calls) != 1 {
			t.Errorf("master saved after the element: calls %v since the element's save, want only the element's PATCH", calls)
		}
		check("master after the element", r, moved2)

		added := append(slices.Clone(moved2), day{"2026-08-31", "17:00", "19:00"})
		from = len(e.zoom.Calls())
		r = save(added)
		calls = e.meetingCalls(from)
		t.Logf("adding one session at the end: meeting calls %v", calls)
		if calls["POST"] != 0 || calls["PATCH"] > 1+1 || calls["DELETE"] != 0 {
			t.Errorf("adding one session: calls %v, want the last block's new recurrence and no create", calls)
		}
		check("adding one session", r, added)

		// Removing a session deletes its occurrence only.
		removed := slices.Delete(slices.Clone(added), 10, 11)
		from = len(e.zoom.Calls())
		r = save(removed)
		if calls := e.meetingCalls(from); calls["DELETE"] != 1 || len(calls) != 1 {
			t.Errorf("removing one session: calls %v, want exactly 1 DELETE", calls)
		}
		check("removing one session", r, removed)
	})
}

// A Monday/Wednesday course with a holiday week: a block of 50 such dates needs more than 50
// occurrences, so the blocks are cut where each recurrence still carries its dates.
func TestZoomBlocksAcrossAHolidayWeek(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	e.over50(t, addon.Over50Blocks)
	days := monWed("2026-02-02", 60, 10)
	from := len(e.zoom.Calls())
	r := e.save(course(t, "hol", days, zoomRoom("z-1", host1)))
	t.Logf("60 sessions with a holiday week in blocks: meeting calls %v", e.meetingCalls(from))
	if !hasMessage(r, "series_blocks") {
		t.Fatalf("no blocks: %s", r.Raw)
	}
	blocks := distinct(blocksOf(seriesData(t, r)))
	if got, want := e.zoomSlots(t, blocks), sortedSlots(t, days); !slices.Equal(got, want) {
		t.Errorf("Zoom has\n%v\nwant\n%v", got, want)
	}
	// Moving the holiday week's sessions back in keeps every block.
	from = len(e.zoom.Calls())
	r = e.save(course(t, "hol", days, zoomRoom("z-1", host1)))
	if calls := e.meetingCalls(from); len(calls) != 0 {
		t.Errorf("unchanged re-save: calls %v, want none", calls)
	}
	if got := distinct(blocksOf(seriesData(t, r))); !slices.Equal(got, blocks) {
		t.Errorf("blocks %v, want the same %v", got, blocks)
	}
}

// A series with one date is one plain meeting, kept on later saves.
func TestZoomOneDateSeriesKeepsItsMeeting(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	days := []day{{"2026-02-03", "18:00", "19:30"}}
	r := e.save(course(t, "one", days, zoomRoom("z-1", host1)))
	first := seriesData(t, r)
	from := len(e.zoom.Calls())
	r = e.save(course(t, "one", days, zoomRoom("z-1", host1)))
	if calls := e.meetingCalls(from); len(calls) != 0 || seriesData(t, r).MeetingID != first.MeetingID {
		t.Errorf("unchanged re-save: calls %v, meeting %s → %s; want none and the same meeting", calls, first.MeetingID, seriesData(t, r).MeetingID)
	}
	later := []day{{"2026-02-03", "19:00", "20:30"}}
	from = len(e.zoom.Calls())
	r = e.save(course(t, "one", later, zoomRoom("z-1", host1)))
	if calls := e.meetingCalls(from); calls["PATCH"] != 1 || len(calls) != 1 || seriesData(t, r).MeetingID != first.MeetingID {
		t.Errorf("moved date: calls %v, meeting %s → %s; want 1 PATCH and the same meeting", calls, first.MeetingID, seriesData(t, r).MeetingID)
	}
	id, _ := strconv.ParseInt(first.MeetingID, 10, 64)
	if m, _ := e.zoom.Meeting(id); !m.StartTime.Equal(berlinAt(t, "2026-02-03", "19:00")) || m.Duration != 90 {
		t.Errorf("Zoom has %v for %d minutes, want 19:00 for 90", m.StartTime, m.Duration)
	}
}

// The master's invitation lists the course's dates (not one begin and end, which read like one
// event of two weeks) and its data spans the course; an element's shows its own session.
func TestZoomCourseInvitationSpansTheCourse(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2021, 7, 1, 8, 0, 0, 0, time.UTC))
	days := []day{{"2021-08-03", "16:30", "18:00"}, {"2021-08-06", "16:30", "18:00"}, {"2021-08-09", "16:30", "18:00"},
		{"2021-08-13", "16:30", "18:00"}, {"2021-08-16", "16:30", "18:00"}}
	r := e.save(course(t, "k-1", days, zoomRoom("z-1", host1)))
	note := noteOf(t, r)
	want := "Termine (5):\nDienstag, 3. August 2021, 16:30–18:00 Uhr\nFreitag, 6. August 2021, 16:30–18:00 Uhr\n" +
		"Montag, 9. August 2021, 16:30–18:00 Uhr\nFreitag, 13. August 2021, 16:30–18:00 Uhr\nMontag, 16. August 2021, 16:30–18:00 Uhr\n"
	if !strings.Contains(note, want) || strings.Contains(note, "Beginn:") {
		t.Errorf("master's note does not list the dates %q (and no Beginn/Ende):\n%s", want, note)
	}
	data := seriesData(t, r)
	if first, last := berlinAt(t, "2021-08-03", "16:30"), berlinAt(t, "2021-08-16", "18:00"); !data.Start.Equal(first) || !data.End.Equal(last) {
		t.Errorf("zoom_meeting_data start/end = %v/%v, want the course's first start %v and last end %v", data.Start, data.End, first, last)
	}
	// The lecturer's start page lists them too.
	button := r.Answer.Buttons[0].URL
	hostPage(t, button[:strings.Index(button, "/start/")], e.crm.LaunchURL(button, organizer, false),
		"Termine (5):\nDienstag, 3. August 2021, 16:30–18:00 Uhr")
	er := e.send("appointment.series_element_opened", "", map[string]any{"appointment": element(t, "k-1", days[2], days[2], zoomRoom("z-1", host1)),
		"series_master": course(t, "k-1", days, zoomRoom("z-1", host1))}, organizer)
	note = noteOf(t, er)
	for _, want := range []string{"Beginn: Montag, 9. August 2021, 16:30 Uhr", "Ende: Montag, 9. August 2021, 18:00 Uhr"} {
		if !strings.Contains(note, want) {
			t.Errorf("element's note does not contain %q:\n%s", want, note)
		}
	}
}

// The CRM sends up to 500 sessions; their data fits the hidden field (65,535 bytes).
func TestZoom500SessionsFitTheDataField(t *testing.T) {
	for _, choice := range []string{addon.Over50NoFixedTime, addon.Over50Blocks} {
		t.Run(choice, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, kind string) {
				e := newEnv(t, kind)
				e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
				e.over50(t, choice)
				var days []day
				for i := range 500 {
					days = append(days, day{time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.DateOnly), "09:00", "12:00"})
				}
				r := e.save(course(t, "long", days, zoomRoom("z-1", host1)))
				if r.Answer.Appointment == nil {
					t.Fatalf("500 sessions: %d %s", r.Status, r.Raw)
				}
				raw := r.Answer.Appointment.Fields[fields.ZoomDataField]
				t.Logf("%s: %d bytes of zoom_meeting_data for 500 sessions", choice, len(raw))
				if raw == "" || len(raw) > fields.MaxDataBytes {
					t.Fatalf("zoom_meeting_data is %d bytes, want 1 to %d; messages %+v", len(raw), fields.MaxDataBytes, r.Answer.Messages)
				}
				// The master's record holds the sessions too, in a TEXT column (65,535 bytes on MariaDB).
				rec, err := e.app.store.MeetingFor(t.Context(), e.inst, "long")
				t.Logf("%s: %d bytes of data in the master's record", choice, len(rec.Data))
				if err != nil || len(rec.Data) > 65535 {
					t.Errorf("record: %v, %d bytes of data", err, len(rec.Data))
				}
				d := seriesData(t, r)
				if len(d.Occurrences) != 500 {
					t.Errorf("%d sessions in the data, want 500", len(d.Occurrences))
				}
				seen := map[string]bool{}
				for _, o := range d.Occurrences {
					seen[o.RecurrenceID] = true
				}
				for _, dd := range days {
					if key := berlinAt(t, dd.date, dd.from).Format(time.RFC3339); !seen[key] {
						t.Errorf("session %s missing from the data", key)
						break
					}
				}
				if choice == addon.Over50Blocks {
					ids := distinct(blocksOf(d))
					if len(ids) != 10 {
						t.Errorf("%d blocks, %d listed meetings; want 10 of each", len(ids), 0)
					}
					if got, want := e.zoomSlots(t, ids), sortedSlots(t, days); !slices.Equal(got, want) {
						t.Errorf("Zoom has %d occurrences, want %d", len(got), len(want))
					}
				}
				// Saving again unchanged calls Zoom for nothing.
				from := len(e.zoom.Calls())
				e.save(course(t, "long", days, zoomRoom("z-1", host1)))
				if calls := e.meetingCalls(from); len(calls) != 0 {
					t.Errorf("unchanged re-save: calls %v, want none", calls)
				}
			})
		})
	}
}

// A master recorded by an earlier version (its sessions as objects) is read as it was.
func TestZoomSeriesRecordOfAnEarlierVersion(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	days := []day{{"2026-02-03", "18:00", "19:30"}, {"2026-02-10", "18:00", "19:30"}, {"2026-02-17", "18:00", "19:30"}}
	r := e.save(course(t, "old", days, zoomRoom("z-1", host1)))
	d := seriesData(t, r)
	id, _ := strconv.ParseInt(d.MeetingID, 10, 64)
	m, _ := e.zoom.Meeting(id)
	earlier := addon.SeriesMeeting{Mode: "recurring", Topic: m.Topic,
		Blocks: []addon.Meeting{{Provider: addon.ProviderZoom, ID: d.MeetingID, JoinURL: d.JoinURL, DialIn: d.DialIn, Passcode: d.Passcode, AccessCode: d.MeetingID}}}
	for i, o := range m.Occurrences {
		start := berlinAt(t, days[i].date, days[i].from)
		earlier.Sessions = append(earlier.Sessions, addon.SeriesSession{Key: start.Format(time.RFC3339), OccurrenceID: o.OccurrenceID,
			Start: start.UTC(), End: berlinAt(t, days[i].date, days[i].to).UTC()})
	}
	raw, _ := json.Marshal(earlier)
	rec, err := e.app.store.MeetingFor(t.Context(), e.inst, "old")
	if err != nil {
		t.Fatal(err)
	}
	rec.Data = string(raw)
	if err := e.app.store.UpdateMeeting(t.Context(), rec); err != nil {
		t.Fatal(err)
	}
	from := len(e.zoom.Calls())
	r = e.save(course(t, "old", days, zoomRoom("z-1", host1)))
	if calls := e.meetingCalls(from); len(calls) != 0 || seriesData(t, r).MeetingID != d.MeetingID {
		t.Errorf("unchanged re-save: calls %v, meeting %s → %s; want none and the same meeting", calls, d.MeetingID, seriesData(t, r).MeetingID)
	}
	moved := slices.Clone(days)
	moved[1] = day{"2026-02-10", "19:00", "20:30"}
	from = len(e.zoom.Calls())
	r = e.save(course(t, "old", moved, zoomRoom("z-1", host1)))
	if calls := e.meetingCalls(from); calls["PATCH"] != 1 || len(calls) != 1 {
		t.Errorf("moving one session: calls %v, want exactly 1 PATCH", calls)
	}
	if _, got := e.available(t, r.Answer.Appointment.Fields); !slices.Equal(got, wantSlots(t, moved)) {
		t.Errorf("Zoom has %v, want %v", got, wantSlots(t, moved))
	}
}

// A course in blocks grows past 50, gains a date before its start, is renamed, shrinks, and
// gains a date once its last block has begun: each step touches only the blocks concerned,
// and the first block keeps its meeting throughout.
func TestZoomBlocksGrowAndShrink(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	e.over50(t, addon.Over50Blocks)
	title := "Schulung Müller GmbH"
	save := func(days []day) crm.Reply {
		c := course(t, "grow", days, zoomRoom("z-1", host1))
		c["title"] = title
		return e.save(c)
	}
	days := monWed("2026-02-02", 50)
	r := save(days)
	if !hasMessage(r, "series_recurring") {
		t.Fatalf("50 sessions: %s", r.Raw)
	}
	first := seriesData(t, r).MeetingID
	steps := []struct {
		name    string
		change  func()
		want    map[string]int // meeting calls
		blocks  int
		changed bool  // the user is told a link changed
		over    []day // dates the course left that are over: Zoom keeps them
	}{
		{"a 51st session gets a block of its own", func() { days = append(days, day{"2026-07-27", "17:00", "19:00"}) },
			map[string]int{"POST": 1}, 2, false, nil},
		{"a date before the start pushes the first block's last date on", func() { days = append([]day{{"2026-01-28", "17:00", "19:00"}}, days...) },
			map[string]int{"PATCH": 2, "GET": 2}, 2, true, nil},
		{"a new title renames every block", func() { title = "Schulung Meier AG" },
			map[string]int{"PATCH": 2}, 2, false, nil},
		{"removing the second block's dates deletes it", func() { days = days[:50] },
			map[string]int{"DELETE": 1}, 1, false, nil},
		{"a date after the last block starts a new one", func() { days = append(days, day{"2026-07-27", "17:00", "19:00"}) },
			map[string]int{"POST": 1}, 2, false, nil},
		{"a date after a block that has begun gets a block of its own", func() {
			e.clock.mu.Lock()
			e.clock.t = time.Date(2026, 7, 28, 8, 0, 0, 0, time.UTC)
			e.clock.mu.Unlock()
			days = append(days, day{"2026-07-29", "17:00", "19:00"})
		}, map[string]int{"POST": 1}, 3, false, nil},
		{"removing a date that is over calls Zoom for nothing", func() { days = slices.Delete(days, 1, 2) }, map[string]int{}, 3, false,
			[]day{{"2026-02-02", "17:00", "19:00"}}},
	}
	for _, st := range steps {
		st.change()
		from := len(e.zoom.Calls())
		r := save(days)
		calls := e.meetingCalls(from)
		t.Logf("%s: meeting calls %v", st.name, calls)
		d := seriesData(t, r)
		blocks := distinct(blocksOf(d))
		if fmt.Sprint(calls) != fmt.Sprint(st.want) && len(calls)+len(st.want) > 0 || len(blocks) != st.blocks || d.MeetingID != first {
			t.Errorf("%s: calls %v, %d blocks, first %s; want %v, %d blocks, first %s", st.name, calls, len(blocks), d.MeetingID, st.want, st.blocks, first)
		}
		if got := strings.Contains(string(r.Raw), "Link hat sich geändert"); got != st.changed {
			t.Errorf("%s: told a link changed: %v, want %v", st.name, got, st.changed)
		}
		if got, want := e.zoomSlots(t, blocks), sortedSlots(t, append(slices.Clone(days), st.over...)); !slices.Equal(got, want) {
			t.Errorf("%s: Zoom has\n%v\nwant\n%v", st.name, got, want)
		}
		for _, id := range blocks {
			n, _ := strconv.ParseInt(id, 10, 64)
			if m, _ := e.zoom.Meeting(n); m.Topic != title {
				t.Errorf("%s: block %s is called %q, want %q", st.name, id, m.Topic, title)
			}
		}
	}
}

// A recurring meeting that has begun cannot move its start into the past: a new date gives the
// course a new meeting, which Zoom creates without the occurrences that are over.
func TestZoomCourseThatHasBegun(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	days := []day{{"2026-02-03", "18:00", "19:30"}, {"2026-02-10", "18:00", "19:30"}, {"2026-02-17", "18:00", "19:30"}}
	r := e.save(course(t, "run", days, zoomRoom("z-1", host1)))
	first := seriesData(t, r).MeetingID
	e.clock.mu.Lock()
	e.clock.t = time.Date(2026, 2, 12, 8, 0, 0, 0, time.UTC)
	e.clock.mu.Unlock()
	days = append(days, day{"2026-02-24", "18:00", "19:30"})
	from := len(e.zoom.Calls())
	r = e.save(course(t, "run", days, zoomRoom("z-1", host1)))
	t.Logf("a new date for a course that has begun: meeting calls %v", e.meetingCalls(from))
	d := seriesData(t, r)
	if d.MeetingID == first || !strings.Contains(string(r.Raw), "Link hat sich geändert") {
		t.Errorf("meeting %s → %s, %s; want a new meeting and the user told", first, d.MeetingID, r.Raw)
	}
	if _, got := e.available(t, r.Answer.Appointment.Fields); !slices.Equal(got, wantSlots(t, days)) {
		t.Errorf("Zoom has %v, want %v", got, wantSlots(t, days))
	}
	if id, _ := strconv.ParseInt(first, 10, 64); func() bool { _, ok := e.zoom.Meeting(id); return ok }() {
		t.Error("the old meeting is still at Zoom")
	}
	// Saving again changes nothing; removing a session that is over calls Zoom for nothing.
	for _, days := range [][]day{days, days[1:]} {
		from = len(e.zoom.Calls())
		r = e.save(course(t, "run", days, zoomRoom("z-1", host1)))
		if calls := e.meetingCalls(from); len(calls) != 0 || seriesData(t, r).MeetingID != d.MeetingID {
			t.Errorf("%d sessions: calls %v, meeting %s; want none and %s", len(days), calls, seriesData(t, r).MeetingID, d.MeetingID)
		}
	}
}

// Alternative hosts changed after the meetings exist reach Zoom: added, and removed again,
// for a single meeting and for every block of a course.
func TestZoomAlternativeHostsChangeLater(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	e.over50(t, addon.Over50Blocks)
	altOf := func(id string) string {
		n, _ := strconv.ParseInt(id, 10, 64)
		m, _ := e.zoom.Meeting(n)
		return m.AlternativeHosts
	}

	single := func(alt string) crm.Reply {
		a := appt("one", "", time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC), zoomRoom("z-1", host1))
		a["fields"] = map[string]string{"zoom_alternative_hosts": alt}
		return e.save(a)
	}
	id := seriesData(t, single("")).MeetingID
	for _, alt := range []string{host2, ""} {
		single(alt)
		if got := altOf(id); got != alt {
			t.Errorf("single meeting after setting alternative hosts to %q: Zoom has %q", alt, got)
		}
	}

	days := monWed("2026-02-02", 60)
	course := func(alt string) crm.Reply {
		c := course(t, "big", days, zoomRoom("z-1", host1))
		c["fields"] = map[string]string{"zoom_alternative_hosts": alt}
		return e.save(c)
	}
	blocks := distinct(blocksOf(seriesData(t, course(""))))
	for _, alt := range []string{host2, ""} {
		r := course(alt)
		if got := distinct(blocksOf(seriesData(t, r))); !slices.Equal(got, blocks) {
			t.Fatalf("blocks %v after changing alternative hosts, want the same %v", got, blocks)
		}
		for _, b := range blocks {
			if got := altOf(b); got != alt {
				t.Errorf("block %s after setting alternative hosts to %q: Zoom has %q", b, alt, got)
			}
		}
	}
}

// A series update that dies after Zoom created a new block but before our write: the next
// save deletes that block and keeps the recorded ones; so does housekeeping when nobody saves.
func TestZoomInterruptedSeriesUpdateLeavesNoOrphan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind)
		e.zoomSetup(time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
		e.over50(t, addon.Over50Blocks)
		days := monWed("2026-02-02", 60)
		r := e.save(course(t, "big", days, zoomRoom("z-1", host1)))
		blocks := distinct(blocksOf(seriesData(t, r)))
		rec, err := e.app.store.MeetingFor(t.Context(), e.inst, "big")
		if err != nil {
			t.Fatal(err)
		}
		orphanBlock := func() int64 {
			t.Helper()
			// What the dead update left: its mark, and a block Zoom created for it.
			if err := e.app.store.SetRemoteState(t.Context(), rec.Ref, addon.Updating); err != nil {
				t.Fatal(err)
			}
			req := &zoom.MeetingRequest{Topic: rec.Subject, Type: zoom.MeetingRecurringFixed, StartTime: zoom.FormatUTC(berlinAt(t, "2026-09-07", "18:00")),
				Duration: 90, Recurrence: &zoom.Recurrence{Type: 2, RepeatInterval: 1, WeeklyDays: "2", EndTimes: 3},
				Settings: zoomaccount.WireSettings(store.DefaultZoomMeetingSettings())} // as the add-on creates it
			m, _, err := e.zoomClient(t).Meetings.Create(t.Context(), e.zoomUserID(t, host1), req)
			if err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		listed := func() []string {
			var out []string
			for _, id := range e.zoomListed(t) {
				out = append(out, strconv.FormatInt(id, 10))
			}
			slices.Sort(out)
			return out
		}
		want := slices.Sorted(slices.Values(blocks))

		orphanBlock()
		e.save(course(t, "big", days, zoomRoom("z-1", host1)))
		if got := listed(); !slices.Equal(got, want) {
			t.Errorf("after the next save host1 has meetings %v, want the course's blocks %v", got, want)
		}

		orphanBlock()
		e.clock.Add(meeting.IntentAge + time.Minute)
		e.app.housekeepOnce(t.Context(), newLogger(io.Discard, "error"))
		if got := listed(); !slices.Equal(got, want) {
			t.Errorf("after housekeeping host1 has meetings %v, want the course's blocks %v", got, want)
		}
		if now, _ := e.app.store.MeetingFor(t.Context(), e.inst, "big"); now.RemoteState != "" {
			t.Errorf("the update mark stays: %q", now.RemoteState)
		}
	})
}
