package otelmetrics

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/corsheaders/corsheaders/core"
)

const appOrigin = "https://app.example.com"

// newMetrics returns Metrics on a fresh SDK provider and the reader that
// collects it.
func newMetrics(t testing.TB, opts ...Option) (*Metrics, *sdkmetric.ManualReader) {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	m, err := New(mp, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m, reader
}

// collect reads every integer point as `name{k=v,…}` → value, the
// attributes sorted by key.
func collect(t testing.TB, reader *sdkmetric.ManualReader) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != ScopeName {
			t.Errorf("scope %q, want %q", sm.Scope.Name, ScopeName)
		}
		for _, mt := range sm.Metrics {
			sum, ok := mt.Data.(metricdata.Sum[int64])
			if !ok || !sum.IsMonotonic {
				t.Fatalf("%s: %T, want a monotonic Sum[int64]", mt.Name, mt.Data)
			}
			for _, dp := range sum.DataPoints {
				got[series(mt.Name, dp.Attributes)] += dp.Value
			}
		}
	}
	return got
}

func series(name string, set attribute.Set) string {
	var kv []string
	for _, a := range set.ToSlice() {
		kv = append(kv, string(a.Key)+"="+a.Value.AsString())
	}
	return name + "{" + strings.Join(kv, ",") + "}"
}

func req(method, path, origin string, kv ...string) *http.Request {
	r := httptest.NewRequest(method, "http://api.example.com"+path, nil)
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Header.Set(kv[i], kv[i+1])
	}
	return r
}

// policy allows appOrigin, and every origin under /public/.
func policy(t testing.TB) *core.Policy {
	t.Helper()
	p, err := core.NewPolicy(core.Config{
		AllowedOrigins: []string{appOrigin},
		Paths:          []core.PathRule{{Prefix: "/public/", Config: core.Config{AllowAllOrigins: true}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mix is a known mix of requests and the counts it must give.
var mix = []struct {
	n int
	r func() *http.Request
}{
	{3, func() *http.Request { return req(http.MethodGet, "/api/todos", appOrigin) }},
	{2, func() *http.Request { return req(http.MethodGet, "/api/todos", "https://evil.example") }},
	{1, func() *http.Request {
		return req(http.MethodOptions, "/api/todos", appOrigin, "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "x-secret")
	}},
	{4, func() *http.Request {
		return req(http.MethodOptions, "/api/todos", appOrigin, "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type")
	}},
	{1, func() *http.Request {
		return req(http.MethodOptions, "/api/todos", appOrigin, "Access-Control-Request-Method", "PUT", "Access-Control-Request-Private-Network", "true")
	}},
	{5, func() *http.Request { return req(http.MethodGet, "/api/todos", "") }},
	{2, func() *http.Request { return req(http.MethodGet, "/public/feed", "https://anyone.example") }},
}

var mixCounts = map[string]int64{
	DecisionsName + "{kind=actual,outcome=granted,reason=allowed,rule=}":                                 3,
	DecisionsName + "{kind=actual,outcome=refused,reason=origin_not_allowed,rule=}":                      2,
	DecisionsName + "{kind=preflight_rejected,outcome=refused,reason=header_not_allowed,rule=}":          1,
	DecisionsName + "{kind=preflight_accepted,outcome=granted,reason=allowed,rule=}":                     4,
	DecisionsName + "{kind=preflight_accepted,outcome=partial,reason=private_network_not_allowed,rule=}": 1,
	DecisionsName + "{kind=not_cors,outcome=not_cors,reason=no_origin,rule=}":                            5,
	DecisionsName + `{kind=actual,outcome=granted,reason=allowed,rule=Prefix "/public/"}`:                2,
}

func TestCountsAKnownMix(t *testing.T) {
	m, reader := newMetrics(t)
	src := m.Source(core.NewLive(policy(t)))
	for _, c := range mix {
		for range c.n {
			core.Handle(src, http.Header{}, c.r())
		}
	}
	assertCounts(t, collect(t, reader), mixCounts)
	// Cumulative: the same mix again doubles every count.
	for _, c := range mix {
		for range c.n {
			core.Handle(src, http.Header{}, c.r())
		}
	}
	doubled := map[string]int64{}
	for k, v := range mixCounts {
		doubled[k] = 2 * v
	}
	assertCounts(t, collect(t, reader), doubled)
}

func assertCounts(t *testing.T, got, want map[string]int64) {
	t.Helper()
	for _, k := range slices.Sorted(mapsKeys(want)) {
		if got[k] != want[k] {
			t.Errorf("%s = %d, want %d", k, got[k], want[k])
		}
	}
	for _, k := range slices.Sorted(mapsKeys(got)) {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected %s = %d", k, got[k])
		}
	}
}

func mapsKeys(m map[string]int64) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// A Live policy reloaded with other rules is counted under the new rules'
// names, without giving Observe again.
func TestCountsAcrossAReload(t *testing.T) {
	m, reader := newMetrics(t)
	live := core.NewLive(policy(t))
	src := m.Source(live)
	core.Handle(src, http.Header{}, req(http.MethodGet, "/public/x", "https://a.example"))
	if err := live.Reload(core.Config{
		AllowedOrigins: []string{appOrigin},
		Paths:          []core.PathRule{{Regex: "^/open/", Config: core.Config{AllowAllOrigins: true}}},
	}); err != nil {
		t.Fatal(err)
	}
	core.Handle(src, http.Header{}, req(http.MethodGet, "/open/x", "https://a.example"))
	core.Handle(src, http.Header{}, req(http.MethodGet, "/public/x", "https://a.example"))
	assertCounts(t, collect(t, reader), map[string]int64{
		DecisionsName + `{kind=actual,outcome=granted,reason=allowed,rule=Prefix "/public/"}`: 1,
		DecisionsName + `{kind=actual,outcome=granted,reason=allowed,rule=Regex "^/open/"}`:   1,
		DecisionsName + `{kind=actual,outcome=refused,reason=origin_not_allowed,rule=}`:       1,
	})
}

// Disagreements of a report-only candidate are counted from the
// Observation's fields, by the kind in force and the candidate's answer.
func TestCountsDisagreements(t *testing.T) {
	m, reader := newMetrics(t)
	for range 3 {
		m.Observe(core.Observation{Kind: core.Actual, Allowed: true, Origin: appOrigin,
			Disagrees: true, CandidateKind: core.Actual, CandidateReason: core.ReasonOriginNotAllowed})
	}
	m.Observe(core.Observation{Kind: core.PreflightAccepted, Allowed: true, Status: 204, Rule: `Prefix "/admin/"`, Origin: appOrigin,
		Disagrees: true, CandidateKind: core.PreflightRejected, CandidateReason: core.ReasonHeaderNotAllowed})
	m.Observe(core.Observation{Kind: core.Actual, Allowed: true, Origin: appOrigin}) // agrees
	assertCounts(t, collect(t, reader), map[string]int64{
		DecisionsName + "{kind=actual,outcome=granted,reason=allowed,rule=}":                                                                        4,
		DecisionsName + `{kind=preflight_accepted,outcome=granted,reason=allowed,rule=Prefix "/admin/"}`:                                            1,
		DisagreementsName + "{candidate_kind=actual,candidate_reason=origin_not_allowed,kind=actual,rule=}":                                         3,
		DisagreementsName + `{candidate_kind=preflight_rejected,candidate_reason=header_not_allowed,kind=preflight_accepted,rule=Prefix "/admin/"}`: 1,
	})
}

// Past MaxRules rule names, decisions are counted under "(other)": the
// number of series stays bounded.
func TestRuleNamesAreBounded(t *testing.T) {
	m, reader := newMetrics(t)
	for i := range MaxRules + 10 {
		m.Observe(core.Observation{Kind: core.Actual, Allowed: true, Rule: fmt.Sprintf(`Prefix "/r%d/"`, i)})
	}
	m.Observe(core.Observation{Kind: core.Actual, Allowed: true, Rule: `Prefix "/r0/"`})
	got := collect(t, reader)
	if len(got) != MaxRules+1 {
		t.Errorf("%d series, want %d", len(got), MaxRules+1)
	}
	if k := DecisionsName + "{kind=actual,outcome=granted,reason=allowed,rule=(other)}"; got[k] != 10 {
		t.Errorf("%s = %d, want 10", k, got[k])
	}
	if k := DecisionsName + `{kind=actual,outcome=granted,reason=allowed,rule=Prefix "/r0/"}`; got[k] != 2 {
		t.Errorf("%s = %d, want 2", k, got[k])
	}
}

func TestNewRefusesAnOptionOutOfRange(t *testing.T) {
	for _, n := range []int{0, -1, MaxRefusedOrigins + 1} {
		_, err := New(noop.NewMeterProvider(), WithRefusedOrigins(n))
		var ce *core.ConfigError
		if !errors.As(err, &ce) || ce.Field != "WithRefusedOrigins" || ce.Value != fmt.Sprint(n) {
			t.Errorf("WithRefusedOrigins(%d): %v, want a ConfigError naming it", n, err)
		}
	}
	if _, err := New(nil); err == nil {
		t.Error("New(nil): no error")
	}
	for _, n := range []int{1, MaxRefusedOrigins} {
		if _, err := New(noop.NewMeterProvider(), WithRefusedOrigins(n)); err != nil {
			t.Errorf("WithRefusedOrigins(%d): %v", n, err)
		}
	}
}

// Observing a request allocates nothing: through core.Handle, an observed
// Source and Observe, with and without the top-N, in every outcome.
func TestObserveAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	p := policy(t)
	plain, _ := newMetrics(t)
	withTop, _ := newMetrics(t, WithRefusedOrigins(10))
	for _, r := range []*http.Request{
		req(http.MethodGet, "/api/todos", appOrigin),
		req(http.MethodGet, "/api/todos", "https://evil.example"),
		req(http.MethodGet, "/api/todos", "HTTPS://EVIL.EXAMPLE:443"),
		req(http.MethodGet, "/api/todos", "https://ex\xffample.com"),
		req(http.MethodOptions, "/api/todos", appOrigin, "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "x-secret"),
		req(http.MethodOptions, "/public/x", "https://a.example", "Access-Control-Request-Method", "PUT"),
		req(http.MethodGet, "/api/todos", ""),
	} {
		h := http.Header{}
		alone := testing.AllocsPerRun(100, func() { clear(h); core.Handle(p, h, r) })
		for name, m := range map[string]*Metrics{"counters": plain, "counters and top-N": withTop} {
			src := m.Source(p)
			observed := testing.AllocsPerRun(100, func() { clear(h); core.Handle(src, h, r) })
			if observed != alone {
				t.Errorf("%s %s %q with %s: %v allocations, %v without metrics", r.Method, r.URL.Path, r.Header.Get("Origin"), name, observed, alone)
			}
		}
	}
}

// The top-N of refused origins: normal forms counted together, values that
// are no origin counted as "(malformed)", granted requests not counted,
// and never more than N series however many origins are refused.
func TestRefusedOrigins(t *testing.T) {
	m, reader := newMetrics(t, WithRefusedOrigins(3))
	src := m.Source(policy(t))
	send := func(n int, origin string) {
		for range n {
			core.Handle(src, http.Header{}, req(http.MethodGet, "/api/todos", origin))
		}
	}
	send(4, "https://evil.example")
	send(2, "HTTPS://EVIL.EXAMPLE:443")
	send(3, "https://ex\xffample.com")
	send(1, "https://"+strings.Repeat("a", 10000)+".example")
	send(2, "https://other.example:8443")
	send(1, "https://rare.example")
	send(9, appOrigin) // granted: not counted
	got := collect(t, reader)
	for k := range got {
		if strings.HasPrefix(k, DecisionsName) {
			delete(got, k)
		}
	}
	assertCounts(t, got, map[string]int64{
		RefusedOriginsName + "{origin=https://evil.example}":       6,
		RefusedOriginsName + "{origin=(malformed)}":                4,
		RefusedOriginsName + "{origin=https://other.example:8443}": 2,
	})

	// A flood of distinct origins: still 3 series at every collection.
	for i := range 5000 {
		send(1, fmt.Sprintf("https://flood%d.example", i))
		if i%1000 == 0 {
			if n := len(collect(t, reader)); n > 3+len(mixCounts) {
				t.Fatalf("after %d origins: %d series", i, n)
			}
		}
	}
	n := 0
	for k := range collect(t, reader) {
		if strings.HasPrefix(k, RefusedOriginsName) {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d series of %s, want 3", n, RefusedOriginsName)
	}
}

// Observing from many goroutines while collecting loses no count (run
// with -race).
func TestConcurrentObserve(t *testing.T) {
	m, reader := newMetrics(t, WithRefusedOrigins(5))
	const goroutines, each = 4, 500
	done := make(chan struct{})
	for g := range goroutines {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range each {
				m.Observe(core.Observation{Kind: core.Actual, Reason: core.ReasonOriginNotAllowed,
					Rule: fmt.Sprintf(`Prefix "/r%d/"`, i%3), Origin: fmt.Sprintf("https://o%d-%d.example", g, i%7)})
			}
		}()
	}
	for range 3 {
		collect(t, reader)
	}
	for range goroutines {
		<-done
	}
	var decisions, origins int64
	for k, v := range collect(t, reader) {
		switch {
		case strings.HasPrefix(k, DecisionsName):
			decisions += v
		case strings.HasPrefix(k, RefusedOriginsName):
			origins += v
		}
	}
	if decisions != goroutines*each {
		t.Errorf("%d decisions counted, want %d", decisions, goroutines*each)
	}
	if origins == 0 || origins > goroutines*each {
		t.Errorf("top-5 origins count %d requests, want between 1 and %d", origins, goroutines*each)
	}
}

// TestCountsReportOnlyThroughHandle: a report-only source observed through
// Source counts, through core.Handle, every request its candidate answers
// otherwise, however many records the report limit holds back.
func TestCountsReportOnlyThroughHandle(t *testing.T) {
	m, reader := newMetrics(t)
	enforced := core.MustPolicy(core.Config{AllowedOrigins: []string{appOrigin, "https://old.example.com"}})
	candidate := core.MustPolicy(core.Config{AllowedOrigins: []string{appOrigin}})
	records := 0
	src, err := core.ReportOnly(enforced, candidate, core.ReportOptions{Report: func(core.Disagreement) { records++ }, RecordsPerMinute: 1, RecordBurst: 1})
	if err != nil {
		t.Fatal(err)
	}
	src = m.Source(src)
	for range 5 {
		core.Handle(src, http.Header{}, req(http.MethodGet, "/items", "https://old.example.com"))
		core.Handle(src, http.Header{}, req(http.MethodGet, "/items", appOrigin))
	}
	assertCounts(t, collect(t, reader), map[string]int64{
		DecisionsName + "{kind=actual,outcome=granted,reason=allowed,rule=}":                                10,
		DisagreementsName + "{candidate_kind=actual,candidate_reason=origin_not_allowed,kind=actual,rule=}": 5,
	})
	if records != 1 {
		t.Errorf("%d records reported, want 1 (the limit holds back the rest)", records)
	}
}

// TestCountsGuardRefusals: a request the Host guard or Origin enforcement
// refuses is counted under kind "refused", with the guard's reason.
func TestCountsGuardRefusals(t *testing.T) {
	m, reader := newMetrics(t)
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{appOrigin}, HostGuard: true, AllowedHosts: []string{"api.example.com"}, EnforceOrigin: true})
	src := m.Source(p)
	rebound := req(http.MethodGet, "/items", "")
	rebound.Host = "rebind.evil.example"
	core.Handle(src, http.Header{}, rebound)
	core.Handle(src, http.Header{}, req(http.MethodPost, "/items", "https://evil.example"))
	core.Handle(src, http.Header{}, req(http.MethodGet, "/items", appOrigin))
	assertCounts(t, collect(t, reader), map[string]int64{
		DecisionsName + "{kind=refused,outcome=refused,reason=host_not_allowed,rule=}": 1,
		DecisionsName + "{kind=refused,outcome=refused,reason=origin_enforced,rule=}":  1,
		DecisionsName + "{kind=actual,outcome=granted,reason=allowed,rule=}":           1,
	})
}
