package corstest

import (
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
)

// NewServer builds the server under test: the adapter's middleware, made
// from cfg, in front of app, inside a real instance of its framework that
// routes every method and path to app.
type NewServer func(t *testing.T, cfg core.Config, app http.Handler) http.Handler

// AppBody is what the application handler writes, so that a test can tell
// its response from the middleware's.
const AppBody = "application"

// Run runs every case of [Cases] against the servers newServer builds.
func Run(t *testing.T, newServer NewServer) {
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			RunCase(t, c, newServer)
		})
	}
}

// RunCase runs one case.
func RunCase(t *testing.T, c Case, newServer NewServer) {
	cfg := c.Config
	calls := make([]atomic.Int32, len(c.Hooks))
	cfg.CheckRequest = append([]func(*http.Request) bool(nil), cfg.CheckRequest...)
	for i, h := range c.Hooks {
		cfg.CheckRequest = append(cfg.CheckRequest, func(r *http.Request) bool {
			calls[i].Add(1)
			return h.answer(r)
		})
	}
	var appRan atomic.Bool
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		appRan.Store(true)
		if c.AppVary != "" {
			w.Header().Add("Vary", c.AppVary)
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		status := c.AppStatus
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(AppBody))
	})
	srv := newServer(t, cfg, app)
	require.NotNil(t, srv, "NewServer returned nil")
	if c.OuterVary != "" {
		inner := srv
		srv = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Vary", c.OuterVary)
			inner.ServeHTTP(w, r)
		})
	}

	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, c.HTTPRequest())
	res := rec.Result()

	assert.Equal(t, c.WantStatus(), res.StatusCode, "status")
	assert.Equal(t, c.NextRuns(), appRan.Load(), "whether the application ran")
	if !c.NextRuns() {
		assert.Empty(t, rec.Body.String(), "a preflight's answer has no body")
	}
	assert.Equal(t, c.Header, corsHeaders(res.Header), "Access-Control-* and Vary headers")
	for i, h := range c.Hooks {
		assert.Equal(t, int32(h.Calls), calls[i].Load(), "calls of hook %d", i)
	}
}

// corsHeaders extracts the Access-Control-* and Vary headers of h, each
// header's lines joined with ", ".
func corsHeaders(h http.Header) map[string]string {
	got := map[string]string{}
	for name, values := range h {
		if name == "Vary" || strings.HasPrefix(name, "Access-Control-") {
			got[name] = strings.Join(values, ", ")
		}
	}
	return got
}

// CheckDecisions checks core.Policy.Decide itself against every case: the
// Kind, and that the headers it writes are those the case expects.
func CheckDecisions(t *testing.T) {
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			cfg := c.Config
			for _, h := range c.Hooks {
				cfg.CheckRequest = append(cfg.CheckRequest, h.answer)
			}
			p, err := core.NewPolicy(cfg)
			require.NoError(t, err)
			d := p.Decide(core.NewRequest(c.HTTPRequest()))
			assert.Equal(t, c.Kind, d.Kind, "kind (reason: %s)", d.Reason)
			h := http.Header{}
			if c.OuterVary != "" {
				h.Set("Vary", c.OuterVary)
			}
			d.Apply(h)
			if c.AppVary != "" && c.NextRuns() {
				h.Add("Vary", c.AppVary)
			}
			assert.Equal(t, c.Header, corsHeaders(h))
		})
	}
}

// Names returns the names of every case, sorted; a test can check that no
// two cases share one.
func Names() []string {
	var names []string
	for _, c := range Cases() {
		names = append(names, c.Name)
	}
	sort.Strings(names)
	return names
}
