package corstest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// NewServer builds the server under test: the adapter's middleware, made
// from cfg, in front of app, inside a real instance of its framework that
// routes every method and path to app.
type NewServer func(t *testing.T, cfg core.Config, app http.Handler) http.Handler

// AppBody is what the application handler writes, so that a test can tell
// its response from the middleware's.
const AppBody = "application"

// Run runs every case of [Cases] against the servers newServer builds, each
// as a subtest named after the case.
func Run(t *testing.T, newServer NewServer) {
	t.Helper()
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			RunCase(t, c, newServer)
		})
	}
}

// RunCase runs one case: it builds a server with newServer, sends c's
// request, and then each of c.Then, and reports through t every way a
// response differs from what c says: the status, whether the application
// ran, the body of a preflight's answer, the Access-Control-* and Vary
// headers (as a diff) and the calls of each hook.
func RunCase(t *testing.T, c Case, newServer NewServer) {
	t.Helper()
	cfg := c.Config
	calls := make([]atomic.Int32, len(c.Hooks))
	cfg.CheckRequest = append([]func(*http.Request) bool(nil), cfg.CheckRequest...)
	for i, h := range c.Hooks {
		cfg.CheckRequest = append(cfg.CheckRequest, func(r *http.Request) bool {
			calls[i].Add(1)
			return h.Answer(r)
		})
	}
	var appRan, rewriting atomic.Bool
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
		if rewriting.Load() {
			// Once the answer is written, as the header map stays
			// writable, and so that every adapter's response is the
			// same, whether its application can reach the CORS
			// headers or not.
			c.Rewrite.Apply(w.Header())
		}
	})
	srv := newServer(t, cfg, app)
	if srv == nil {
		t.Fatal("corstest: NewServer returned nil")
	}
	if c.OuterVary != "" {
		inner := srv
		srv = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Vary", c.OuterVary)
			inner.ServeHTTP(w, r)
		})
	}
	if c.Rewrite != NoRewrite {
		// A middleware in front, which still holds the response once
		// the adapter has answered a preflight.
		inner := srv
		srv = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			inner.ServeHTTP(w, r)
			if rewriting.Load() {
				c.Rewrite.Apply(w.Header())
			}
		})
	}

	rewriting.Store(c.Rewrite != NoRewrite)
	exchange(t, &c, srv, &appRan, "")
	rewriting.Store(false)
	for i, f := range c.Then {
		appRan.Store(false)
		fc := c.followup(f)
		exchange(t, &fc, srv, &appRan, fmt.Sprintf("request %d (Then[%d]): ", i+2, i))
	}
	for i, h := range c.Hooks {
		if got := calls[i].Load(); got != int32(h.Calls) {
			t.Errorf("hook %d called %d times, want %d", i, got, h.Calls)
		}
	}
}

// exchange sends c's request to srv and reports through t, each message
// starting with label, every way the response differs from c.
func exchange(t *testing.T, c *Case, srv http.Handler, appRan *atomic.Bool, label string) {
	t.Helper()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, c.HTTPRequest())
	res := rec.Result()

	failed := false
	fail := func(format string, args ...any) {
		t.Helper()
		if !failed {
			t.Logf("%srequest:\n%s", label, describeRequest(c.HTTPRequest()))
		}
		failed = true
		t.Errorf(label+format, args...)
	}
	// A router that cleans paths (http.ServeMux) may answer a request for
	// an unclean one with a redirect of its own, after the middleware ran:
	// only the CORS headers are the middleware's then.
	redirected := c.Kind != core.PreflightAccepted && c.Kind != core.PreflightRejected && !appRan.Load() &&
		path.Clean(c.HTTPRequest().URL.Path) != strings.TrimSuffix(c.HTTPRequest().URL.Path, "/") &&
		res.StatusCode >= 300 && res.StatusCode < 400
	if got, want := res.StatusCode, c.WantStatus(); got != want && !redirected {
		fail("status %d, want %d", got, want)
	}
	if got, want := appRan.Load(), c.NextRuns(); got != want && !redirected {
		fail("the application ran: %t, want %t (Kind %v)", got, want, c.Kind)
	}
	if !c.NextRuns() && rec.Body.Len() != 0 {
		fail("a preflight's answer has no body; got %q", rec.Body.String())
	}
	if d := diffHeaders(c.Header, corsHeaders(res.Header)); d != "" {
		fail("Access-Control-* and Vary headers differ (- want, + got):\n%s", d)
	}
}

// describeRequest is r's method, path and header lines, one a line.
func describeRequest(r *http.Request) string {
	var b strings.Builder
	b.WriteString("\t" + r.Method + " " + r.URL.RequestURI() + "\n")
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range r.Header[name] {
			b.WriteString("\t" + name + ": " + v + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// diffHeaders compares the headers a case wants with those a response got,
// both as name → value (several lines joined with ", "), and returns ""
// when they are equal. Otherwise it returns every name of either, sorted,
// one a line: "  Name: value" when both agree, "- Name: value" for what is
// wanted but missing or different, "+ Name: value" for what was got
// instead.
func diffHeaders(want, got map[string]string) string {
	names := make([]string, 0, len(want)+len(got))
	for name := range want {
		names = append(names, name)
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	differ := false
	for _, name := range names {
		w, inWant := want[name]
		g, inGot := got[name]
		switch {
		case inWant && inGot && w == g:
			b.WriteString("\t  " + name + ": " + w + "\n")
			continue
		case inWant && inGot:
			b.WriteString("\t- " + name + ": " + w + "\n\t+ " + name + ": " + g + "\n")
		case inWant:
			b.WriteString("\t- " + name + ": " + w + "\n")
		default:
			b.WriteString("\t+ " + name + ": " + g + "\n")
		}
		differ = true
	}
	if !differ {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
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
