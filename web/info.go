package web

import (
	"bytes"
	"html/template"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onlinemeetings/meeting-addon/addon"
	"github.com/onlinemeetings/meeting-addon/meeting"
)

var infoTmpl = template.Must(template.New("info").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
dt{font-weight:600;margin-top:.6rem}dd{margin:0}</style></head>
<body><main><h1>{{.T.Title}}</h1>
<dl>
<dt>{{.T.Topic}}</dt><dd>{{.I.Topic}}</dd>
<dt>{{.T.ID}}</dt><dd>{{.I.ID}}</dd>
<dt>{{.T.Link}}</dt><dd><a href="{{.I.JoinURL}}">{{.I.JoinURL}}</a></dd>
{{if .I.Passcode}}<dt>{{.T.Passcode}}</dt><dd>{{.I.Passcode}}</dd>{{end}}
{{if .Start}}<dt>{{.T.Start}}</dt><dd>{{.Start}} ({{.I.Duration}} min)</dd>{{end}}
{{if .Occurrences}}<dt>{{.T.Dates}}</dt><dd><ul>{{range .Occurrences}}<li>{{.}}</li>{{end}}</ul></dd>{{end}}
</dl></main></body></html>`))

type infoTexts struct{ Title, Topic, ID, Link, Passcode, Start, Dates string }

func infoLabels(lang string) infoTexts {
	return infoTexts{tr(lang, "info_title"), tr(lang, "info_topic"), tr(lang, "info_id"), tr(lang, "info_link"),
		tr(lang, "info_passcode"), tr(lang, "info_start"), tr(lang, "info_dates")}
}

// info shows a meeting as the provider has it now (KuferSQL's "Info"); it never shows the
// host's start link.
func (s *Server) info(c echo.Context) error {
	ctx := c.Request().Context()
	inst, claims, err := s.Launch.Verify(ctx, c.QueryParam("crm_launch"))
	if err != nil {
		return err
	}
	i, err := s.Meetings.Info(ctx, inst, c.Param("ref"))
	if err != nil {
		return err
	}
	lang := claims.User().Locale
	loc, err := addon.LoadLocation(i.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	d := struct {
		Lang        string
		T           infoTexts
		I           meeting.Info
		Start       string
		Occurrences []string
	}{Lang: lang, T: infoLabels(lang), I: i}
	if !i.Start.IsZero() {
		d.Start = i.Start.In(loc).Format("02.01.2006 15:04 MST")
	}
	for _, o := range i.Occurrences {
		d.Occurrences = append(d.Occurrences, o.In(loc).Format("Mon 02.01.2006 15:04"))
	}
	var buf bytes.Buffer
	if err := infoTmpl.Execute(&buf, d); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}
