package main

import (
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/onlinemeetings/meeting-addon/gotomeeting/gototest"
	"github.com/onlinemeetings/meeting-addon/zoom/zoomtest"
)

// fakes are the provider fakes, served from the bench's process on loopback with no added
// latency and no rate limits, so that the add-on's CPU time excludes them.
type fakes struct {
	goTo            *gototest.Server
	zoom            *zoomtest.Server
	gotoURL         string
	zoomURL         string
	gotoSrv, zomSrv *http.Server
}

func startFakes() (*fakes, error) {
	f := &fakes{
		goTo: gototest.New(gototest.Options{RateLimit: 1 << 30}),
		zoom: zoomtest.New(zoomtest.Options{QPSLimit: -1, DailyLimit: -1}),
	}
	var err error
	if f.gotoSrv, f.gotoURL, err = serve(f.goTo); err != nil {
		return nil, err
	}
	if f.zomSrv, f.zoomURL, err = serve(f.zoom); err != nil {
		f.gotoSrv.Close()
		return nil, err
	}
	return f, nil
}

func serve(h http.Handler) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return srv, "http://" + ln.Addr().String(), nil
}

func (f *fakes) Close() {
	f.gotoSrv.Close()
	f.zomSrv.Close()
}

// calls counts the API calls both fakes answered so far (Zoom's token endpoint excluded: a
// token lives an hour and is shared).
func (f *fakes) calls() int {
	n := len(f.goTo.Calls())
	for _, c := range f.zoom.Calls() {
		if strings.HasPrefix(c.Path, "/v2/") {
			n++
		}
	}
	return n
}

// env is the add-on's environment pointing at the fakes.
func (f *fakes) env(database string) []string {
	return addonEnv(database, f.gotoURL, f.zoomURL)
}
