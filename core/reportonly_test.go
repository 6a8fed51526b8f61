package core_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/corsheaders/corsheaders/core"
)

const otherOrigin = "https://partner.example.org"

// preflight is a preflight from origin asking for method and, if given,
// the headers.
func preflight(origin, method string, headers ...string) *http.Request {
	r := newReq(http.MethodOptions, origin, "Access-Control-Request-Method", method)
	for _, h := range headers {
		r.Header.Add("Access-Control-Request-Headers", h)
	}
	return r
}

// onPath is r with its path set to p.
func onPath(r *http.Request, p string) *http.Request { r.URL.Path = p; return r }

// collect returns a Source reporting enforced against candidate with no
// limit, and the records it made.
func collect(t *testing.T, enforced, candidate core.Source) (core.Source, *[]core.Disagreement) {
	t.Helper()
	var got []core.Disagreement
	src, err := core.ReportOnly(enforced, candidate, core.ReportOptions{Report: func(d core.Disagreement) { got = append(got, d) }, UnlimitedRecords: true})
	if err != nil {
		t.Fatal(err)
	}
	return src, &got
}

// TestReportOnlyReportsWhatABrowserSeesDiffer: the response is the
// enforced policy's alone, and a request is reported exactly when the
// candidate's answer differs as a browser sees it: granted or not,
// credentials, exposed headers, a preflight's grants, private network
// access; not the spelling of Access-Control-Allow-Origin, nor Kind.
func TestReportOnlyReportsWhatABrowserSeesDiffer(t *testing.T) {
	list := core.Config{AllowedOrigins: []string{benchOrigin}}
	for _, tc := range []struct {
		name                string
		enforced, candidate core.Config
		r                   *http.Request
		// want is the candidate's answer when it differs; nil when not.
		want *core.Answer
	}{
		{"allow-all and a list listing the origin", core.Config{AllowAllOrigins: true}, list, newReq(http.MethodGet, benchOrigin), nil},
		{"allow-all and a list, another origin", core.Config{AllowAllOrigins: true}, list, newReq(http.MethodGet, otherOrigin),
			&core.Answer{Kind: core.Actual, Reason: core.ReasonOriginNotAllowed}},
		{"a list and allow-all, another origin", list, core.Config{AllowAllOrigins: true}, newReq(http.MethodGet, otherOrigin),
			&core.Answer{Kind: core.Actual, Allowed: true}},
		{"refused by both, differently", list, core.Config{AllowedOrigins: []string{"https://x.example"}}, newReq(http.MethodGet, "https://evil.example"), nil},
		{"a malformed origin refused by both", list, core.Config{AllowAllOrigins: true, URLsRegex: "^/other"}, newReq(http.MethodGet, "evil"), nil},
		{"refused: 403 or left to the application", list, core.Config{AllowedOrigins: []string{benchOrigin}, URLsRegex: "^/other"}, preflight("https://evil.example", "PUT"), nil},
		{"credentials", list, core.Config{AllowedOrigins: []string{benchOrigin}, AllowCredentials: true}, newReq(http.MethodGet, benchOrigin),
			&core.Answer{Kind: core.Actual, Allowed: true}},
		{"exposed headers, same set", core.Config{AllowedOrigins: []string{benchOrigin}, ExposeHeaders: []string{"X-A", "X-B"}},
			core.Config{AllowedOrigins: []string{benchOrigin}, ExposeHeaders: []string{"x-b", "x-a"}}, newReq(http.MethodGet, benchOrigin), nil},
		{"exposed headers, another set", core.Config{AllowedOrigins: []string{benchOrigin}, ExposeHeaders: []string{"X-A", "X-B"}},
			core.Config{AllowedOrigins: []string{benchOrigin}, ExposeHeaders: []string{"X-A"}}, newReq(http.MethodGet, benchOrigin),
			&core.Answer{Kind: core.Actual, Allowed: true}},
		{"a method refused", list, core.Config{AllowedOrigins: []string{benchOrigin}, AllowMethods: []string{"GET", "PUT"}}, preflight(benchOrigin, "DELETE"),
			&core.Answer{Kind: core.PreflightRejected, Reason: core.ReasonMethodNotAllowed}},
		{"a method granted and cached that the other refuses", list, core.Config{AllowedOrigins: []string{benchOrigin}, AllowMethods: []string{"GET", "PUT"}}, preflight(benchOrigin, "PUT"),
			&core.Answer{Kind: core.PreflightAccepted, Allowed: true}},
		{"methods: echoed and listed, the same grants", core.Config{AllowedOrigins: []string{benchOrigin}, AllowMethods: []string{"*"}},
			core.Config{AllowedOrigins: []string{benchOrigin}, AllowMethods: []string{"GET", "POST", "PUT"}}, preflight(benchOrigin, "PUT"), nil},
		{"headers: echoed and listed, the same grants", core.Config{AllowedOrigins: []string{benchOrigin}, AllowHeaders: []string{"*"}},
			core.Config{AllowedOrigins: []string{benchOrigin}, AllowHeaders: []string{"X-Custom"}}, preflight(benchOrigin, "PUT", "x-custom"), nil},
		{"a header refused", list, core.Config{AllowedOrigins: []string{benchOrigin}, AllowHeaders: []string{"content-type"}}, preflight(benchOrigin, "PUT", "authorization"),
			&core.Answer{Kind: core.PreflightRejected, Reason: core.ReasonHeaderNotAllowed}},
		{"authorization, which * does not cover", core.Config{AllowedOrigins: []string{benchOrigin}, AllowHeaders: []string{"authorization"}},
			core.Config{AllowedOrigins: []string{benchOrigin}, AllowHeaders: []string{"*"}}, preflight(benchOrigin, "PUT"),
			&core.Answer{Kind: core.PreflightAccepted, Allowed: true}},
		{"private network", core.Config{AllowedOrigins: []string{benchOrigin}, AllowPrivateNetwork: true}, list,
			preflight(benchOrigin, "PUT", "content-type"),
			nil},
		{"private network asked", core.Config{AllowedOrigins: []string{benchOrigin}, AllowPrivateNetwork: true}, list,
			func() *http.Request {
				r := preflight(benchOrigin, "PUT")
				r.Header.Set("Access-Control-Request-Private-Network", "true")
				return r
			}(),
			&core.Answer{Kind: core.PreflightAccepted, Reason: core.ReasonPrivateNetworkNotAllowed, Allowed: true}},
		{"max-age differs only", list, core.Config{AllowedOrigins: []string{benchOrigin}, PreflightMaxAge: time.Minute}, preflight(benchOrigin, "PUT"), nil},
		{"a path rule closes", list, core.Config{AllowedOrigins: []string{benchOrigin}, Paths: []core.PathRule{{Prefix: "/admin/"}}},
			onPath(newReq(http.MethodGet, benchOrigin), "/admin/users"), &core.Answer{Kind: core.NotCORS, Reason: core.ReasonPathNotEnabled}},
		{"a path rule, elsewhere", list, core.Config{AllowedOrigins: []string{benchOrigin}, Paths: []core.PathRule{{Prefix: "/admin/"}}},
			onPath(newReq(http.MethodGet, benchOrigin), "/api/users"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ep, cp := core.MustPolicy(tc.enforced), core.MustPolicy(tc.candidate)
			src, got := collect(t, ep, cp)
			h, alone := http.Header{}, http.Header{}
			d := core.Handle(src, h, tc.r)
			a := core.Handle(ep, alone, tc.r)
			if d.Kind != a.Kind || d.Reason != a.Reason || d.Status != a.Status || !equalHeaders(h, alone) {
				t.Errorf("the answer is not the enforced policy's alone:\n\t%+v %v\n\t%+v %v", d, h, a, alone)
			}
			switch {
			case tc.want == nil && len(*got) != 0:
				t.Errorf("reported %+v, want nothing", *got)
			case tc.want != nil && len(*got) != 1:
				t.Errorf("reported %+v, want one disagreement", *got)
			case tc.want != nil:
				g := (*got)[0]
				if g.Candidate != *tc.want || g.Enforced != (core.Answer{Kind: a.Kind, Reason: a.Reason, Allowed: a.Allowed()}) {
					t.Errorf("reported enforced %+v candidate %+v, want %+v and %+v", g.Enforced, g.Candidate, a, *tc.want)
				}
			}
		})
	}
}

// TestReportOnlyRecordSchema: a record logged through slog's JSON handler
// carries the attributes docs/report-only.md lists, escaped and bounded.
func TestReportOnlyRecordSchema(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	enforced := core.MustPolicy(core.Config{AllowAllOrigins: true, Paths: []core.PathRule{{Prefix: "/api/", Config: core.Config{AllowAllOrigins: true, AllowHeaders: []string{"*"}}}}})
	candidate := core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}})
	var reported []core.Disagreement
	src, err := core.ReportOnly(enforced, candidate, core.ReportOptions{Logger: logger, Report: func(d core.Disagreement) { reported = append(reported, d) }})
	if err != nil {
		t.Fatal(err)
	}
	label := strings.Repeat("a", 60)
	long := "https://" + strings.Join([]string{label, label, label, label, "com:8443"}, ".") // 260 bytes
	r := onPath(preflight(long, "PUT", "X-A", "x-b"), "/api/\x1b]0;x\x07/token")
	core.Handle(src, http.Header{}, r)
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("%v: %s", err, buf.Bytes())
	}
	origin, _ := rec["origin"].(string)
	if len(origin) > 256 || !strings.HasPrefix(long, origin) || rec["origin_truncated"] != true {
		t.Errorf("origin %q (%d bytes), truncated %v: want a prefix of at most 256 bytes, cut on a rune, flagged", origin, len(origin), rec["origin_truncated"])
	}
	for k, v := range map[string]any{
		"level": "WARN", "msg": "corsheaders: report-only candidate answers otherwise",
		"method": "OPTIONS", "request_method": "PUT",
		"path": `/api/\x1b]0;x\x07/token`, "rule": `Prefix "/api/"`, "request_headers": "X-A, x-b",
	} {
		if rec[k] != v {
			t.Errorf("%s: %#v, want %#v", k, rec[k], v)
		}
	}
	for group, want := range map[string]map[string]any{
		"enforced":  {"kind": "preflight_accepted", "reason": "allowed", "allowed": true},
		"candidate": {"kind": "preflight_rejected", "reason": "origin_not_allowed", "allowed": false},
	} {
		got, _ := rec[group].(map[string]any)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s.%s: %#v, want %#v", group, k, got[k], v)
			}
		}
	}
	if len(reported) != 1 || reported[0].Origin != origin || reported[0].Path != rec["path"] {
		t.Errorf("Report got %+v, the log %v", reported, rec)
	}
	if _, ok := rec["suppressed"]; ok {
		t.Error("suppressed is logged only when > 0")
	}
}

// TestReportOnlySharedHookRunsOnce: a CheckRequest hook in both policies
// runs once per request, and the candidate answers with what it said; a
// hook of the candidate's own runs for the candidate.
func TestReportOnlySharedHookRunsOnce(t *testing.T) {
	var shared, own atomic.Int32
	hook := func(r *http.Request) bool { shared.Add(1); return r.Header.Get("Origin") == otherOrigin }
	ownHook := func(*http.Request) bool { own.Add(1); return false }
	enforced := core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}, CheckRequest: []func(*http.Request) bool{hook}})
	candidate := core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}, AllowCredentials: true, CheckRequest: []func(*http.Request) bool{ownHook, hook}})
	src, got := collect(t, enforced, candidate)
	for _, origin := range []string{otherOrigin, "https://evil.example"} {
		shared.Store(0)
		own.Store(0)
		*got = nil
		core.Handle(src, http.Header{}, newReq(http.MethodGet, origin))
		if shared.Load() != 1 || own.Load() != 1 {
			t.Errorf("%s: the shared hook ran %d times, the candidate's own %d; want 1 and 1", origin, shared.Load(), own.Load())
		}
		// Granted by the hook in both, but with credentials by the
		// candidate only: a disagreement only the hook's answer explains.
		if want := origin == otherOrigin; (len(*got) == 1) != want {
			t.Errorf("%s: reported %+v, want a disagreement: %v", origin, *got, want)
		}
	}
}

// TestReportOnlyNestedSharesHooks: a ReportOnly enforcing another, each
// with its own candidate, runs a hook all three share once.
func TestReportOnlyNestedSharesHooks(t *testing.T) {
	var calls atomic.Int32
	hook := func(*http.Request) bool { calls.Add(1); return true }
	policy := func(credentials bool) *core.Policy {
		return core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}, AllowCredentials: credentials, CheckRequest: []func(*http.Request) bool{hook}})
	}
	inner, innerGot := collect(t, policy(false), policy(true))
	outer, outerGot := collect(t, inner, policy(true))
	core.Handle(outer, http.Header{}, newReq(http.MethodGet, otherOrigin))
	if calls.Load() != 1 || len(*innerGot) != 1 || len(*outerGot) != 1 {
		t.Errorf("the hook ran %d times; reported %d and %d times, want 1, 1, 1", calls.Load(), len(*innerGot), len(*outerGot))
	}
}

// TestReportOnlyCandidateIsQuiet: the candidate's DebugLogger logs no
// refusal, which never happened; the enforced one's logs its own.
func TestReportOnlyCandidateIsQuiet(t *testing.T) {
	var enforcedLog, candidateLog bytes.Buffer
	enforced := core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}, DebugLogger: slog.New(slog.NewTextHandler(&enforcedLog, nil))})
	candidate := core.MustPolicy(core.Config{AllowedOrigins: []string{otherOrigin}, DebugLogger: slog.New(slog.NewTextHandler(&candidateLog, nil))})
	src, got := collect(t, enforced, candidate)
	candidateLog.Reset()
	core.Handle(src, http.Header{}, newReq(http.MethodGet, benchOrigin))
	core.Handle(src, http.Header{}, newReq(http.MethodGet, otherOrigin))
	if candidateLog.Len() != 0 {
		t.Errorf("the candidate's DebugLogger logged:\n%s", candidateLog.String())
	}
	if !strings.Contains(enforcedLog.String(), otherOrigin) || strings.Contains(enforcedLog.String(), benchOrigin) {
		t.Errorf("the enforced policy's log:\n%s", enforcedLog.String())
	}
	if len(*got) != 2 {
		t.Errorf("reported %d disagreements, want 2", len(*got))
	}
}

// TestReportOnlyCandidatePanicIsRecovered: a candidate's hook that panics
// is logged; the request is answered by the enforced policy.
func TestReportOnlyCandidatePanicIsRecovered(t *testing.T) {
	var log bytes.Buffer
	enforced := core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}})
	candidate := core.MustPolicy(core.Config{CheckRequest: []func(*http.Request) bool{func(*http.Request) bool { panic("boom") }}})
	src, err := core.ReportOnly(enforced, candidate, core.ReportOptions{Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	d := core.Handle(src, h, newReq(http.MethodGet, benchOrigin))
	if !d.Allowed() || h.Get("Access-Control-Allow-Origin") != benchOrigin {
		t.Errorf("answered %+v %v, want the enforced grant", d, h)
	}
	if !strings.Contains(log.String(), "level=ERROR") || !strings.Contains(log.String(), "panic=boom") {
		t.Errorf("log:\n%s", log.String())
	}
}

// TestReportOnlyObserved: Observe around ReportOnly sees each
// disagreement, unlimited by the records' rate limit, with the
// candidate's answer.
func TestReportOnlyObserved(t *testing.T) {
	enforced := core.MustPolicy(core.Config{AllowAllOrigins: true})
	candidate := core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}})
	var records int
	ro, err := core.ReportOnly(enforced, candidate, core.ReportOptions{Report: func(core.Disagreement) { records++ }})
	if err != nil {
		t.Fatal(err)
	}
	var obs []core.Observation
	src := core.Observe(ro, func(o core.Observation) { obs = append(obs, o) })
	for range 3 {
		core.Handle(src, http.Header{}, newReq(http.MethodGet, otherOrigin))
	}
	core.Handle(src, http.Header{}, newReq(http.MethodGet, benchOrigin))
	want := core.Observation{Kind: core.Actual, Allowed: true, Origin: otherOrigin, Disagrees: true, CandidateKind: core.Actual, CandidateReason: core.ReasonOriginNotAllowed}
	if len(obs) != 4 || obs[0] != want || obs[2] != want || obs[3].Disagrees {
		t.Errorf("observed %+v", obs)
	}
	if records != 1 {
		t.Errorf("%d records, want 1: one origin, one record a minute", records)
	}
}

// TestReportOnlyFollowsLives: both policies are read on each request, so
// that either can be reloaded.
func TestReportOnlyFollowsLives(t *testing.T) {
	enforced := core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}}))
	candidate := core.NewLive(core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}}))
	src, got := collect(t, enforced, candidate)
	ask := func() (bool, int) {
		*got = nil
		d := core.Handle(src, http.Header{}, newReq(http.MethodGet, otherOrigin))
		return d.Allowed(), len(*got)
	}
	if a, n := ask(); a || n != 0 {
		t.Errorf("before: allowed %v, %d reports", a, n)
	}
	if err := candidate.Reload(core.Config{AllowedOrigins: []string{benchOrigin, otherOrigin}}); err != nil {
		t.Fatal(err)
	}
	if a, n := ask(); a || n != 1 {
		t.Errorf("candidate reloaded: allowed %v, %d reports; want false, 1", a, n)
	}
	if err := enforced.Reload(core.Config{AllowedOrigins: []string{benchOrigin, otherOrigin}}); err != nil {
		t.Fatal(err)
	}
	if a, n := ask(); !a || n != 0 {
		t.Errorf("both reloaded: allowed %v, %d reports; want true, 0", a, n)
	}
}

// TestReportOnlyNoOriginDecidesOnce: a request without Origin is not
// decided by the candidate.
func TestReportOnlyNoOriginDecidesOnce(t *testing.T) {
	var calls atomic.Int32
	enforced := core.MustPolicy(core.Config{AllowAllOrigins: true})
	candidate := core.MustPolicy(core.Config{CheckRequest: []func(*http.Request) bool{func(*http.Request) bool { calls.Add(1); return false }}})
	src, _ := collect(t, enforced, candidate)
	core.Handle(src, http.Header{}, newReq(http.MethodGet, ""))
	if calls.Load() != 0 {
		t.Error("the candidate decided a request without Origin")
	}
	core.Handle(src, http.Header{}, newReq(http.MethodGet, otherOrigin))
	if calls.Load() != 1 {
		t.Error("the candidate did not decide a request with an Origin")
	}
}

// TestReportOnlyConfigErrors: every problem of the arguments, at once,
// each naming the field.
func TestReportOnlyConfigErrors(t *testing.T) {
	p := core.MustPolicy(core.Config{AllowAllOrigins: true})
	_, err := core.ReportOnly(nil, new(core.Live), core.ReportOptions{RecordsPerMinute: -1, RecordBurst: -2, OriginInterval: -time.Second})
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *core.ConfigError
		if !errors.As(e, &ce) {
			t.Fatalf("%v is not a ConfigError", e)
		}
		fields = append(fields, ce.Field)
	}
	want := "ReportOnly enforced, ReportOnly candidate, ReportOptions.Report, ReportOptions.RecordsPerMinute, ReportOptions.RecordBurst, ReportOptions.OriginInterval"
	if got := strings.Join(fields, ", "); got != want {
		t.Errorf("fields %s\nwant %s", got, want)
	}
	if _, err := core.ReportOnly(p, p, core.ReportOptions{Logger: slog.Default(), UnlimitedRecords: true, RecordBurst: 5}); err == nil || !strings.Contains(err.Error(), "UnlimitedRecords") {
		t.Errorf("UnlimitedRecords with a limit: %v", err)
	}
	if _, err := core.ReportOnly(p, p, core.ReportOptions{Logger: slog.Default()}); err != nil {
		t.Error(err)
	}
}

// TestReportOnlyRateLimit: one origin gets one record per OriginInterval;
// fresh origins share the bucket (RecordBurst at once, RecordsPerMinute
// over time); every disagreement held back is counted in the next record.
func TestReportOnlyRateLimit(t *testing.T) {
	enforced := core.MustPolicy(core.Config{AllowAllOrigins: true})
	candidate := core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}})
	var got []core.Disagreement
	src, err := core.ReportOnly(enforced, candidate, core.ReportOptions{
		Report:           func(d core.Disagreement) { got = append(got, d) },
		RecordsPerMinute: 6, RecordBurst: 2, OriginInterval: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	var now int64
	core.SetReportClock(src, func() int64 { return now })
	send := func(origin string) { core.Handle(src, http.Header{}, newReq(http.MethodGet, origin)) }
	// Origins of their own slots, so that no two share a limit by chance.
	used := map[uint64]bool{}
	own := func(name string) string {
		for i := 0; ; i++ {
			o := "https://" + name + strconv.Itoa(i) + ".example"
			if s := core.ReportSlot(src, o); !used[s] {
				used[s] = true
				return o
			}
		}
	}
	a, b, c, d := own("a"), own("b"), own("c"), own("d")
	check := func(when string, wantOrigins []string, wantSuppressed []int) {
		t.Helper()
		var origins []string
		var suppressed []int
		for _, d := range got {
			origins, suppressed = append(origins, d.Origin), append(suppressed, d.Suppressed)
		}
		if strings.Join(origins, " ") != strings.Join(wantOrigins, " ") || len(suppressed) != len(wantSuppressed) {
			t.Fatalf("%s: records for %v (suppressed %v), want %v (%v)", when, origins, suppressed, wantOrigins, wantSuppressed)
		}
		for i := range suppressed {
			if suppressed[i] != wantSuppressed[i] {
				t.Fatalf("%s: suppressed %v, want %v", when, suppressed, wantSuppressed)
			}
		}
		got = nil
	}
	// A flood from one origin: one record.
	for range 1000 {
		send(a)
	}
	check("a flood from one origin", []string{a}, []int{0})
	// Another origin still gets through, with the count of the flood.
	send(b)
	check("another origin", []string{b}, []int{999})
	// Fresh origins: the bucket (2, refilled at one per 10 s) is empty.
	for i := range 100 {
		send("https://o" + strconv.Itoa(i) + ".example")
	}
	check("fresh origins, bucket empty", nil, nil)
	now += int64(10 * time.Second)
	send(c)
	send(d)
	check("10 s later", []string{c}, []int{100})
	now += int64(time.Hour)
	send(a)
	check("an hour later", []string{a}, []int{1})
}

// TestReportOnlyLimiterMemoryIsFixed: the limiter keeps nothing per
// origin: a million distinct origins allocate nothing in it.
func TestReportOnlyLimiterMemoryIsFixed(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	enforced := core.MustPolicy(core.Config{AllowAllOrigins: true})
	candidate := core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}})
	src, err := core.ReportOnly(enforced, candidate, core.ReportOptions{Report: func(core.Disagreement) {}, RecordBurst: 1, RecordsPerMinute: 1})
	if err != nil {
		t.Fatal(err)
	}
	core.Handle(src, http.Header{}, newReq(http.MethodGet, "https://first.example")) // the one record
	const n = 1 << 20
	origins := make([]string, 0, n)
	for i := range n {
		origins = append(origins, "https://o"+strconv.Itoa(i)+".evil.example")
	}
	r := newReq(http.MethodGet, "")
	h := http.Header{}
	i := 0
	allocs := testing.AllocsPerRun(n-1, func() {
		r.Header["Origin"] = origins[i : i+1]
		i++
		clear(h)
		core.Handle(src, h, r)
	})
	alone := testing.AllocsPerRun(100, func() { clear(h); core.Handle(enforced, h, r) })
	if allocs != alone {
		t.Errorf("%v allocations per disagreement held back, %v for the enforced policy alone", allocs, alone)
	}
}

// TestReportOnlyAgreeingAllocatesNothing: when the two agree, deciding
// report-only allocates nothing more than the enforced policy alone, with
// Lives, Paths, hooks, preflights and refusals.
func TestReportOnlyAgreeingAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	hook := func(r *http.Request) bool { return r.Header.Get("Origin") == otherOrigin }
	cfg := core.Config{AllowedOrigins: []string{benchOrigin}, AllowCredentials: true, ExposeHeaders: []string{"X-Request-Id"},
		CheckRequest: []func(*http.Request) bool{hook},
		Paths:        []core.PathRule{{Prefix: "/public/", Config: core.Config{AllowAllOrigins: true}}}}
	enforced := core.NewLive(core.MustPolicy(cfg))
	cfg.PreflightMaxAge = time.Hour // a difference a browser does not see
	candidate := core.NewLive(core.MustPolicy(cfg))
	src, got := collect(t, enforced, candidate)
	for _, r := range []*http.Request{
		newReq(http.MethodGet, benchOrigin),
		newReq(http.MethodGet, otherOrigin),
		newReq(http.MethodGet, "https://evil.example"),
		preflight(benchOrigin, "PUT", "content-type"),
		preflight("https://evil.example", "PUT"),
		onPath(newReq(http.MethodGet, "https://any.example"), "/public/feed"),
		newReq(http.MethodGet, ""),
	} {
		h := http.Header{}
		alone := testing.AllocsPerRun(100, func() { clear(h); core.Handle(enforced, h, r) })
		both := testing.AllocsPerRun(100, func() { clear(h); core.Handle(src, h, r) })
		if both != alone {
			t.Errorf("%s %s %v: %v allocations report-only, %v alone", r.Method, r.URL.Path, r.Header["Origin"], both, alone)
		}
	}
	if len(*got) != 0 {
		t.Errorf("reported %+v", *got)
	}
}

// TestReportOnlyConcurrentReloads: requests decided while both Lives are
// reloaded get one of the enforced policy's answers, and the records and
// the limiter are safe for concurrent use (run with -race).
func TestReportOnlyConcurrentReloads(t *testing.T) {
	a := core.Config{AllowedOrigins: []string{benchOrigin}}
	b := core.Config{AllowedOrigins: []string{benchOrigin, otherOrigin}, AllowCredentials: true}
	enforced, candidate := core.NewLive(core.MustPolicy(a)), core.NewLive(core.MustPolicy(b))
	var records atomic.Int32
	src, err := core.ReportOnly(enforced, candidate, core.ReportOptions{Report: func(core.Disagreement) { records.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 200 {
			enforced.Store(core.MustPolicy([]core.Config{a, b}[i%2]))
			candidate.Store(core.MustPolicy([]core.Config{b, a}[i%2]))
		}
	}()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range 300 {
				h := http.Header{}
				d := core.Handle(src, h, newReq(http.MethodGet, []string{benchOrigin, otherOrigin}[i%2]))
				if got := h.Get("Access-Control-Allow-Credentials"); d.Allowed() && got != "" && got != "true" {
					t.Errorf("credentials %q", got)
				}
				if i%2 == 0 && !d.Allowed() {
					t.Errorf("%s refused: both enforced policies allow it", benchOrigin)
				}
			}
		})
	}
	wg.Wait()
	<-done
	if records.Load() == 0 {
		t.Error("no record")
	}
}

// BenchmarkReportOnly decides requests with the policy alone (off) and
// with a candidate beside it that agrees on every request (agree), which
// differs from it in Max-Age only, a difference a browser does not see.
func BenchmarkReportOnly(b *testing.B) {
	cfg := benchCfg
	enforced := core.MustPolicy(cfg)
	cfg.PreflightMaxAge = time.Hour
	src, err := core.ReportOnly(enforced, core.MustPolicy(cfg), core.ReportOptions{Report: func(core.Disagreement) { b.Fatal("a disagreement") }})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		r    *http.Request
	}{
		{"actual allowed", newReq(http.MethodGet, benchOrigin)},
		{"actual refused", newReq(http.MethodGet, "https://evil.example")},
		{"preflight allowed", preflight(benchOrigin, "PUT", "content-type, x-requested-with")},
		{"preflight refused", preflight("https://evil.example", "PUT", "content-type")},
	} {
		for _, mode := range []struct {
			name string
			src  core.Source
		}{{"off", enforced}, {"agree", src}} {
			b.Run(tc.name+"/reportonly="+mode.name, func(b *testing.B) {
				req := core.NewRequest(tc.r)
				b.ReportAllocs()
				for b.Loop() {
					r := req
					core.HandleRequest(mode.src, discard{}, &r)
				}
			})
		}
	}
}

// discard is a header store that keeps nothing.
type discard struct{}

func (discard) Get(string) string  { return "" }
func (discard) Set(string, string) {}
func (discard) Add(string, string) {}
