package core_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core"
)

// TestObserveReportsEachDecision: Observe's function sees every decision
// as Handle makes it, with the rule of Paths that decided and the origin
// as sent, and the response is what the policy alone writes.
func TestObserveReportsEachDecision(t *testing.T) {
	p := core.MustPolicy(core.Config{
		AllowedOrigins: []string{benchOrigin},
		Paths: []core.PathRule{
			{Prefix: "/public/", Config: core.Config{AllowAllOrigins: true}},
		},
	})
	var got []core.Observation
	src := core.Observe(core.NewLive(p), func(o core.Observation) { got = append(got, o) })
	if src.Policy() != p {
		t.Fatal("Observe's Policy is not its source's")
	}
	at := func(r *http.Request, path string) *http.Request { r.URL.Path = path; return r }
	twoOrigins := newReq(http.MethodGet, benchOrigin)
	twoOrigins.Header.Add("Origin", "https://b.example")
	for _, tc := range []struct {
		r    *http.Request
		want core.Observation
	}{
		{newReq(http.MethodGet, ""), core.Observation{Kind: core.NotCORS, Reason: core.ReasonNoOrigin}},
		{newReq(http.MethodGet, benchOrigin), core.Observation{Kind: core.Actual, Allowed: true, Origin: benchOrigin}},
		{newReq(http.MethodGet, "https://evil.example"), core.Observation{Kind: core.Actual, Reason: core.ReasonOriginNotAllowed, Origin: "https://evil.example"}},
		{newReq(http.MethodOptions, "https://evil.example", "Access-Control-Request-Method", "PUT"), core.Observation{Kind: core.PreflightRejected, Reason: core.ReasonOriginNotAllowed, Status: http.StatusForbidden, Origin: "https://evil.example"}},
		{at(newReq(http.MethodOptions, "https://any.example", "Access-Control-Request-Method", "PUT"), "/public/x"), core.Observation{Kind: core.PreflightAccepted, Allowed: true, Status: http.StatusNoContent, Rule: `Prefix "/public/"`, Origin: "https://any.example"}},
		{twoOrigins, core.Observation{Kind: core.Actual, Reason: core.ReasonMultipleOrigins}},
	} {
		got = got[:0]
		h := http.Header{}
		d := core.Handle(src, h, tc.r)
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s %s %v: observed %+v, want %+v", tc.r.Method, tc.r.URL.Path, tc.r.Header["Origin"], got, tc.want)
		}
		alone := http.Header{}
		if a := core.Handle(p, alone, tc.r); a.Kind != d.Kind || a.Reason != d.Reason || a.Status != d.Status || !equalHeaders(alone, h) {
			t.Errorf("%s %v: observing changed the answer: %v, alone %v", tc.r.Method, tc.r.Header["Origin"], h, alone)
		}
	}
}

// TestObserveAllocatesNothing: deciding through Observe allocates nothing
// more than deciding alone.
func TestObserveAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counting needs a build without -race and without -short")
	}
	p := core.MustPolicy(core.Config{AllowedOrigins: []string{benchOrigin}})
	var n int
	src := core.Observe(p, func(o core.Observation) { n += len(o.Origin) })
	for _, r := range []*http.Request{
		newReq(http.MethodGet, benchOrigin),
		newReq(http.MethodGet, "https://evil.example"),
		newReq(http.MethodOptions, "HTTPS://APP.EXAMPLE.COM", "Access-Control-Request-Method", "PUT"),
	} {
		h := http.Header{}
		alone := testing.AllocsPerRun(100, func() { clear(h); core.Handle(p, h, r) })
		observed := testing.AllocsPerRun(100, func() { clear(h); core.Handle(src, h, r) })
		if observed != alone {
			t.Errorf("%s %v: %v allocations observed, %v alone", r.Method, r.Header["Origin"], observed, alone)
		}
	}
	if n == 0 {
		t.Fatal("the observer was not called")
	}
}

// TestKeysAreStable: the machine names of kinds and reasons, which metric
// labels and records carry, are pinned: changing one breaks dashboards.
func TestKeysAreStable(t *testing.T) {
	var kinds, reasons []string
	for k := core.NotCORS; k <= core.Refused; k++ {
		kinds = append(kinds, k.Key())
	}
	for r := core.ReasonAllowed; r <= core.ReasonTenantUnknown; r++ {
		reasons = append(reasons, r.Key())
	}
	if got, want := strings.Join(kinds, " "), "not_cors actual preflight_accepted preflight_rejected refused"; got != want {
		t.Errorf("kind keys %q, want %q", got, want)
	}
	want := "allowed no_origin path_not_enabled multiple_origins origin_malformed origin_not_allowed method_malformed method_not_allowed request_headers_malformed request_headers_too_long header_not_allowed private_network_not_allowed host_not_allowed origin_enforced cross_site_without_origin tenant_unknown"
	if got := strings.Join(reasons, " "); got != want {
		t.Errorf("reason keys %q, want %q", got, want)
	}
	if core.Reason(200).Key() != "reason_200" || core.Kind(9).Key() != "kind_9" {
		t.Error("keys of unknown values")
	}
}
