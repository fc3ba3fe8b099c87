package zoomtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// invitation is the fake's version of Zoom's invitation text, with CRLF line ends as Zoom's.
func invitation(m *Meeting) string {
	id := strconv.FormatInt(m.ID, 10)
	spaced := id
	if len(id) == 11 {
		spaced = id[:3] + " " + id[3:7] + " " + id[7:]
	}
	when := "Flexible time"
	if !m.StartTime.IsZero() {
		loc, err := time.LoadLocation(m.Timezone)
		if err != nil {
			loc = time.UTC
		}
		when = m.StartTime.In(loc).Format("Jan 2, 2006 03:04 PM") + " " + m.Timezone
	}
	lines := []string{
		m.HostEmail + " is inviting you to a scheduled Zoom meeting.", "",
		"Topic: " + m.Topic,
		"Time: " + when, "",
		"Join Zoom Meeting",
		fmt.Sprintf("https://us02web.zoom.us/j/%s?pwd=%s", id, m.EncryptedPassword), "",
		"Meeting ID: " + spaced,
		"Passcode: " + m.Password, "",
		"---", "",
		"One tap mobile",
		fmt.Sprintf("+496938079883,,%s#,,,,*%s# Germany", id, m.PstnPassword), "",
		"---", "",
		"Dial by your location",
		"• +49 69 3807 9883 Germany", "",
		"Meeting ID: " + spaced,
		"Passcode: " + m.PstnPassword,
	}
	return strings.Join(lines, "\r\n")
}
