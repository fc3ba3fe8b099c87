// Package apispec checks HTTP requests against a vendor's OpenAPI 3 description, so that tests
// of the provider clients and the fake provider servers notice when the add-on sends something
// the real vendor would refuse. Only requests are checked: the vendors' response descriptions
// are too loose to be worth enforcing.
package apispec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// maxBody bounds what Middleware reads of a request body; vendor requests are small.
const maxBody = 10 << 20

// Validator validates requests against one loaded OpenAPI document. It is safe for
// concurrent use.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

type cacheEntry struct {
	once sync.Once
	v    *Validator
	err  error
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*cacheEntry{}
)

// Load reads the OpenAPI document at path (YAML or JSON). Documents are cached per path
// because the Zoom descriptions take a noticeable time to parse and many tests use them.
func Load(path string) (*Validator, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("apispec: %w", err)
	}
	cacheMu.Lock()
	e, ok := cache[abs]
	if !ok {
		e = &cacheEntry{}
		cache[abs] = e
	}
	cacheMu.Unlock()
	e.once.Do(func() { e.v, e.err = load(abs) })
	return e.v, e.err
}

func load(path string) (*Validator, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("apispec: load %s: %w", path, err)
	}
	// The servers name the vendor's production hosts; the fakes run on 127.0.0.1, so routes are
	// matched on the path below the base path the caller names instead.
	doc.Servers = nil
	for _, item := range doc.Paths.Map() {
		item.Servers = nil
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("apispec: routes of %s: %w", path, err)
	}
	return &Validator{doc: doc, router: router}, nil
}

// ValidateRequest checks r's method, path, query and body against the document. body is the
// request body already read (r.Body is not touched); basePath ("/G2M/rest", "/v2") is stripped
// from the request path before it is matched against the document's paths. Security
// requirements are not checked: the fakes decide about tokens themselves.
func (v *Validator) ValidateRequest(r *http.Request, body []byte, basePath string) error {
	basePath = strings.TrimSuffix(basePath, "/")
	rel, ok := strings.CutPrefix(r.URL.Path, basePath)
	if !ok || (rel != "" && rel[0] != '/') {
		return fmt.Errorf("%s %s: path is outside the base path %q", r.Method, r.URL.Path, basePath)
	}
	ctx := r.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	req := r.Clone(ctx)
	req.URL = &url.URL{Path: rel, RawQuery: r.URL.RawQuery}
	req.Host = ""
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))

	route, params, err := v.router.FindRoute(req)
	if err != nil {
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			return fmt.Errorf("%s %s: the spec has no %s operation on this path", r.Method, r.URL.Path, r.Method)
		}
		return fmt.Errorf("%s %s: the spec has no such path", r.Method, r.URL.Path)
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		MultiError:         true,
	}
	// The default message dumps the whole schema, which for Zoom is pages long.
	opts.WithCustomSchemaErrorFunc(func(se *openapi3.SchemaError) string {
		return fmt.Sprintf("at /%s: %s", strings.Join(se.JSONPointer(), "/"), se.Reason)
	})
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		return fmt.Errorf("%s %s (%s): %w", r.Method, r.URL.Path, route.Operation.OperationID, err)
	}
	return nil
}

// Middleware validates every request under basePath before serving it with next; requests
// outside basePath (OAuth endpoints of a fake, for instance) are served unchecked. A mismatch
// is handed to report and the request is still served, so one test sees all its mismatches.
func (v *Validator) Middleware(report func(error), basePath string, next http.Handler) http.Handler {
	prefix := strings.TrimSuffix(basePath, "/")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != prefix && !strings.HasPrefix(r.URL.Path, prefix+"/") {
			next.ServeHTTP(w, r)
			return
		}
		var body []byte
		if r.Body != nil {
			b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
			if err != nil {
				report(fmt.Errorf("%s %s: read body: %w", r.Method, r.URL.Path, err))
			}
			r.Body.Close()
			body = b
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		if err := v.ValidateRequest(r, body, prefix); err != nil {
			report(err)
		}
		next.ServeHTTP(w, r)
	})
}

// RequestFunc adapts v to the Validate hook of the fake servers (gototest.Options.Validate).
func (v *Validator) RequestFunc(basePath string) func(r *http.Request, body []byte) error {
	return func(r *http.Request, body []byte) error { return v.ValidateRequest(r, body, basePath) }
}
