package corstest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// RunReportOnly checks the adapter under [core.ReportOnly]: for policies
// that differ in origin, method, request headers, credentials and path
// rule, a server enforcing one with the other report-only answers every
// request exactly as a server enforcing the first alone (status, body,
// whether the application ran, every header but Date),
// and reports exactly the requests on which the candidate's answer differs
// as a browser sees it, with the record's origin, method, path, request
// headers, rules and answers. A CheckRequest hook the two policies share
// runs once per request.
//
// newServer builds the adapter's FromPolicy middleware for src in front of
// app, in a real instance of its framework that routes every method and
// path to app.
func RunReportOnly(t *testing.T, newServer NewServerFrom) {
	t.Helper()
	for _, c := range reportOnlyCases() {
		t.Run(c.name, func(t *testing.T) { runReportOnlyCase(t, c, newServer) })
	}
}

func runReportOnlyCase(t *testing.T, c reportOnlyCase, newServer NewServerFrom) {
	t.Helper()
	var hookCalls atomic.Int32
	if c.sharedHook {
		hook := func(r *http.Request) bool {
			hookCalls.Add(1)
			return r.Header.Get("Origin") == partner
		}
		c.enforced.CheckRequest = append(append([]func(*http.Request) bool(nil), c.enforced.CheckRequest...), hook)
		c.candidate.CheckRequest = append(append([]func(*http.Request) bool(nil), c.candidate.CheckRequest...), hook)
	}
	enforced, err := core.NewPolicy(c.enforced)
	if err != nil {
		t.Fatalf("corstest: enforced: %v", err)
	}
	candidate, err := core.NewPolicy(c.candidate)
	if err != nil {
		t.Fatalf("corstest: candidate: %v", err)
	}
	var mu sync.Mutex
	var records []core.Disagreement
	src, err := core.ReportOnly(enforced, candidate, core.ReportOptions{UnlimitedRecords: true, Report: func(d core.Disagreement) {
		mu.Lock()
		defer mu.Unlock()
		records = append(records, d)
	}})
	if err != nil {
		t.Fatalf("corstest: ReportOnly: %v", err)
	}
	var appRan atomic.Bool
	app := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		appRan.Store(true)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(AppBody))
	})
	reportOnly, alone := newServer(t, src, app), newServer(t, enforced, app)
	if reportOnly == nil || alone == nil {
		t.Fatal("corstest: NewServerFrom returned nil")
	}
	serve := func(srv http.Handler, r Request) (*httptest.ResponseRecorder, bool) {
		appRan.Store(false)
		cs := Case{Request: r}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, cs.HTTPRequest())
		return rec, appRan.Load()
	}
	for i, rq := range c.requests {
		cs := Case{Request: rq.request}
		label := describeRequest(cs.HTTPRequest())
		mu.Lock()
		records = nil
		mu.Unlock()
		hookCalls.Store(0)
		got, gotRan := serve(reportOnly, rq.request)
		calls := hookCalls.Load()
		mu.Lock()
		reported := records
		mu.Unlock()
		want, wantRan := serve(alone, rq.request)
		if got.Code != want.Code || gotRan != wantRan || got.Body.String() != want.Body.String() {
			t.Errorf("request %d:\n%s\nreport-only: status %d, application ran %v, body %q; enforced alone: %d, %v, %q",
				i, label, got.Code, gotRan, got.Body.String(), want.Code, wantRan, want.Body.String())
		}
		if d := diffHeaders(allHeaders(want.Result().Header), allHeaders(got.Result().Header)); d != "" {
			t.Errorf("request %d:\n%s\nheaders differ from the enforced policy's alone (- alone, + report-only):\n%s", i, label, d)
		}
		if c.sharedHook && calls > 1 {
			t.Errorf("request %d:\n%s\nthe hook both policies share ran %d times", i, label, calls)
		}
		switch {
		case rq.record == nil && len(reported) > 0:
			t.Errorf("request %d:\n%s\nreported %+v; the policies agree", i, label, reported)
		case rq.record != nil && len(reported) != 1:
			t.Errorf("request %d:\n%s\nreported %+v, want one record %+v", i, label, reported, *rq.record)
		case rq.record != nil:
			g := reported[0]
			g.OriginTruncated, g.Suppressed = false, 0
			if g != *rq.record {
				t.Errorf("request %d:\n%s\nreported %+v\nwant     %+v", i, label, g, *rq.record)
			}
		}
	}
}

// allHeaders is every header of h but Date, as name → value (several lines
// joined with ", ").
func allHeaders(h http.Header) map[string]string {
	got := map[string]string{}
	for name, values := range h {
		if name != "Date" {
			got[name] = strings.Join(values, ", ")
		}
	}
	return got
}
