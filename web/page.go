package web

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"
)

type pageData struct {
	Title   string
	Message string
	Lang    string
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{if .Lang}}{{.Lang}}{{else}}de{{end}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}p{line-height:1.5}</style></head>
<body><main><h1>{{.Title}}</h1><p role="status">{{.Message}}</p></main></body></html>`))

// page renders a simple message page; browser flows end on one of these.
func (s *Server) page(c echo.Context, status int, d pageData) error {
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, d); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	return c.HTMLBlob(status, buf.Bytes())
}

var _ = http.StatusOK
