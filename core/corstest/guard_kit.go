package corstest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// RunGuard runs every case of [GuardCases] against the servers newServer
// builds, each as a subtest named after the case: a refused request is
// answered 403 with no body and no Access-Control-* header, the
// application does not run and the request's body is not read, and the
// DebugLogger records the refusal with its reason's key (the marker that
// says the guard refused it, and not something else); any other request
// reaches the application, or is a preflight the middleware answers.
func RunGuard(t *testing.T, newServer NewServer) {
	t.Helper()
	for _, c := range GuardCases() {
		t.Run(c.Name, func(t *testing.T) {
			RunGuardCase(t, c, newServer)
		})
	}
}

// RunGuardCase runs one case of [RunGuard].
func RunGuardCase(t *testing.T, c GuardCase, newServer NewServer) {
	t.Helper()
	cfg := c.Config
	var log keyRecorder
	cfg.DebugLogger = slog.New(&log)
	var appRan atomic.Bool
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		appRan.Store(true)
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write([]byte(AppBody))
	})
	srv := newServer(t, cfg, app)
	if srv == nil {
		t.Fatal("corstest: NewServer returned nil")
	}
	method, path := c.Method, c.Path
	if method == "" {
		method = http.MethodGet
	}
	if path == "" {
		path = "/mcp"
	}
	body := &watchedBody{r: strings.NewReader("payload")}
	r := httptest.NewRequest(method, "http://api.example.test"+path, body)
	r.URL.Path = path // as sent, dot segments and case kept
	r.Host = c.Host
	for _, kv := range c.Header {
		r.Header.Add(kv[0], kv[1])
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, r)
	res := rec.Result()

	wantStatus := http.StatusOK
	switch {
	case c.Refused != core.ReasonAllowed:
		wantStatus = http.StatusForbidden
	case c.Status != 0:
		wantStatus = c.Status
	case c.Preflight:
		wantStatus = http.StatusNoContent
	}
	if res.StatusCode != wantStatus {
		t.Errorf("status %d, want %d", res.StatusCode, wantStatus)
	}
	if want := c.Refused == core.ReasonAllowed && !c.Preflight; appRan.Load() != want {
		t.Errorf("the application ran: %t, want %t", appRan.Load(), want)
	}
	keys := log.keys()
	if c.Refused == core.ReasonAllowed {
		for _, k := range keys {
			if k == core.ReasonHostNotAllowed.Key() || k == core.ReasonOriginEnforced.Key() || k == core.ReasonCrossSiteWithoutOrigin.Key() {
				t.Errorf("logged a refusal, %s, of a request that passes", k)
			}
		}
		return
	}
	if body.read.Load() {
		t.Error("the body was read before the refusal")
	}
	if rec.Body.Len() != 0 {
		t.Errorf("the refusal has a body: %q", rec.Body.String())
	}
	for name := range res.Header {
		if strings.HasPrefix(name, "Access-Control-") {
			t.Errorf("the refusal carries %s", name)
		}
	}
	if len(keys) != 1 || keys[0] != c.Refused.Key() {
		t.Errorf("DebugLogger recorded reasons %q, want one, %q", keys, c.Refused.Key())
	}
}

// watchedBody is a request body that says whether it was read.
type watchedBody struct {
	r    io.Reader
	read atomic.Bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	b.read.Store(true)
	return b.r.Read(p)
}

// keyRecorder is a slog.Handler keeping the "reason" of every record.
type keyRecorder struct {
	mu      sync.Mutex
	reasons []string
}

func (*keyRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h *keyRecorder) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "reason" {
			h.mu.Lock()
			h.reasons = append(h.reasons, a.Value.String())
			h.mu.Unlock()
		}
		return true
	})
	return nil
}
func (h *keyRecorder) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *keyRecorder) WithGroup(string) slog.Handler      { return h }

func (h *keyRecorder) keys() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.reasons...)
}
