package core_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// onHost is r sent to host.
func onHost(r *http.Request, host string) *http.Request { r.Host = host; return r }

// TestReportOnlyGuardDifferences: a candidate decides with its own
// HostGuard and EnforceOrigin, and a request one policy refuses with them
// while the other lets it reach the application (granted or not) is a
// disagreement, in either direction; two refusals, a refusal and a
// rejected preflight, and requests without Origin are not.
func TestReportOnlyGuardDifferences(t *testing.T) {
	list := core.Config{AllowedOrigins: []string{benchOrigin}}
	guarded := core.Config{AllowedOrigins: []string{benchOrigin}, HostGuard: true, AllowedHosts: []string{"api.example.test"}, EnforceOrigin: true}
	guardedLocal := core.Config{AllowedOrigins: []string{benchOrigin}, HostGuard: true, EnforceOrigin: true}
	hostOnly := core.Config{AllowedOrigins: []string{benchOrigin}, HostGuard: true, AllowedHosts: []string{"api.example.test"}}
	for _, tc := range []struct {
		name                string
		enforced, candidate core.Config
		r                   *http.Request
		// enforced and candidate are the answers reported; nil when the
		// request is not reported.
		enforcedAnswer, candidateAnswer *core.Answer
	}{
		{"a foreign simple POST the candidate's enforcement refuses", list, guarded,
			newReq(http.MethodPost, "https://evil.example", "Content-Type", "text/plain"),
			&core.Answer{Kind: core.Actual, Reason: core.ReasonOriginNotAllowed},
			&core.Answer{Kind: core.Refused, Reason: core.ReasonOriginEnforced}},
		{"a rebound Host the candidate's guard refuses", list, guarded,
			onHost(newReq(http.MethodPost, "http://rebind.example:8080"), "rebind.example:8080"),
			&core.Answer{Kind: core.Actual, Reason: core.ReasonOriginNotAllowed},
			&core.Answer{Kind: core.Refused, Reason: core.ReasonHostNotAllowed}},
		{"the allowed origin on a Host the candidate does not list", list, guardedLocal,
			newReq(http.MethodGet, benchOrigin),
			&core.Answer{Kind: core.Actual, Reason: core.ReasonAllowed, Allowed: true},
			&core.Answer{Kind: core.Refused, Reason: core.ReasonHostNotAllowed}},
		{"a refusal in force the candidate would lift", guarded, list,
			newReq(http.MethodPost, "https://evil.example"),
			&core.Answer{Kind: core.Refused, Reason: core.ReasonOriginEnforced},
			&core.Answer{Kind: core.Actual, Reason: core.ReasonOriginNotAllowed}},
		{"enforcement dropped, the guard kept", guarded, hostOnly,
			newReq(http.MethodPost, "https://evil.example"),
			&core.Answer{Kind: core.Refused, Reason: core.ReasonOriginEnforced},
			&core.Answer{Kind: core.Actual, Reason: core.ReasonOriginNotAllowed}},
		{"refused by both, for other reasons", guardedLocal, guarded,
			onHost(newReq(http.MethodPost, "https://evil.example"), "localhost:8080"), nil, nil},
		{"refused by the candidate's guard, rejected as a preflight in force", list, guardedLocal,
			preflight("https://evil.example", "PUT"), nil, nil},
		{"same-origin passes the candidate's enforcement", list, guarded,
			newReq(http.MethodPost, "http://api.example.test"), nil, nil},
		{"the same guard on both", guarded, guarded,
			newReq(http.MethodPost, "https://evil.example"), nil, nil},
		{"no Origin: not compared", list, guarded,
			onHost(newReq(http.MethodGet, "", "Sec-Fetch-Site", "cross-site"), "rebind.example"), nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			enforced := core.MustPolicy(tc.enforced)
			src, got := collect(t, enforced, core.MustPolicy(tc.candidate))
			hAlone, hBoth := http.Header{}, http.Header{}
			alone, both := core.Handle(enforced, hAlone, tc.r), core.Handle(src, hBoth, tc.r)
			if alone.Kind != both.Kind || alone.Reason != both.Reason || alone.Status != both.Status || !equalHeader(hAlone, hBoth) {
				t.Errorf("answered %v %v %d %v, the enforced policy alone %v %v %d %v", both.Kind, both.Reason, both.Status, hBoth, alone.Kind, alone.Reason, alone.Status, hAlone)
			}
			if tc.candidateAnswer == nil {
				if len(*got) != 0 {
					t.Errorf("reported %+v", *got)
				}
				return
			}
			if len(*got) != 1 {
				t.Fatalf("reported %d records, want 1", len(*got))
			}
			if d := (*got)[0]; d.Enforced != *tc.enforcedAnswer || d.Candidate != *tc.candidateAnswer {
				t.Errorf("reported enforced %+v, candidate %+v; want %+v, %+v", d.Enforced, d.Candidate, *tc.enforcedAnswer, *tc.candidateAnswer)
			}
		})
	}
}

// equalHeader reports whether a and b hold the same values.
func equalHeader(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w := b[k]
		if len(v) != len(w) {
			return false
		}
		for i := range v {
			if v[i] != w[i] {
				return false
			}
		}
	}
	return true
}

// TestReportOnlyGuardedCandidateIsQuiet: the candidate's guard refuses
// without a word to its DebugLogger, and Observe sees the disagreement
// with the candidate's kind Refused.
func TestReportOnlyGuardedCandidateIsQuiet(t *testing.T) {
	var candidateLog bytes.Buffer
	cfg := core.Config{AllowedOrigins: []string{benchOrigin}, HostGuard: true, EnforceOrigin: true, DebugLogger: slog.New(slog.NewTextHandler(&candidateLog, nil))}
	src, got := collect(t, core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}}), core.MustPolicy(cfg))
	candidateLog.Reset()
	var seen []core.Observation
	observed := core.Observe(src, func(o core.Observation) { seen = append(seen, o) })
	core.Handle(observed, http.Header{}, onHost(newReq(http.MethodPost, "https://evil.example"), "localhost"))
	core.Handle(observed, http.Header{}, newReq(http.MethodPost, "https://evil.example"))
	if candidateLog.Len() != 0 {
		t.Errorf("the candidate's DebugLogger logged:\n%s", candidateLog.String())
	}
	if len(*got) != 2 || len(seen) != 2 {
		t.Fatalf("reported %d, observed %d; want 2 each", len(*got), len(seen))
	}
	for i, want := range []core.Reason{core.ReasonOriginEnforced, core.ReasonHostNotAllowed} {
		if o := seen[i]; !o.Disagrees || o.CandidateKind != core.Refused || o.CandidateReason != want {
			t.Errorf("observation %d: %+v, want the candidate refusing, %v", i, o, want)
		}
	}
}

// TestReportOnlyGuardedAgreeingAllocatesNothing: a guarded candidate that
// agrees costs no allocation beyond the enforced policy's.
func TestReportOnlyGuardedAgreeingAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	cfg := core.Config{AllowedOrigins: []string{benchOrigin}, HostGuard: true, AllowedHosts: []string{"api.example.test"}, EnforceOrigin: true}
	enforced := core.MustPolicy(cfg)
	cfg.AllowedHosts = append(cfg.AllowedHosts, "localhost")
	src, got := collect(t, enforced, core.MustPolicy(cfg))
	for _, r := range []*http.Request{
		newReq(http.MethodGet, benchOrigin),
		newReq(http.MethodPost, "https://evil.example"),
		newReq(http.MethodPost, "http://api.example.test"),
		onHost(newReq(http.MethodPost, "https://evil.example"), "rebind.example"),
		preflight("https://evil.example", "PUT"),
	} {
		h := http.Header{}
		alone := testing.AllocsPerRun(100, func() { clear(h); core.Handle(enforced, h, r) })
		both := testing.AllocsPerRun(100, func() { clear(h); core.Handle(src, h, r) })
		if both != alone {
			t.Errorf("%s Host %s %v: %v allocations report-only, %v alone", r.Method, r.Host, r.Header["Origin"], both, alone)
		}
	}
	if len(*got) != 0 {
		t.Errorf("reported %+v", *got)
	}
}

// BenchmarkReportOnlyGuarded decides requests with a guarded policy alone
// (off) and with a guarded candidate beside it that agrees (agree): the
// candidate's Host check and enforcement are the cost of comparing them.
func BenchmarkReportOnlyGuarded(b *testing.B) {
	cfg := core.Config{AllowedOrigins: []string{benchOrigin}, HostGuard: true, AllowedHosts: []string{"api.example.test"}, EnforceOrigin: true}
	enforced := core.MustPolicy(cfg)
	cfg.AllowedHosts = append(cfg.AllowedHosts, "localhost")
	src, err := core.ReportOnly(enforced, core.MustPolicy(cfg), core.ReportOptions{Report: func(core.Disagreement) { b.Fatal("a disagreement") }})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		r    *http.Request
	}{
		{"actual allowed", newReq(http.MethodGet, benchOrigin)},
		{"foreign origin enforced", newReq(http.MethodPost, "https://evil.example")},
		{"rebound host", onHost(newReq(http.MethodPost, "http://rebind.example"), "rebind.example")},
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
