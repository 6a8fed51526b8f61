package bench

import (
	"fmt"
	"maps"
	"net/http"
	"strings"
)

// A Result is what an implementation did with one request.
type Result struct {
	// Status is the status written; 200 when the implementation wrote none,
	// as net/http would send.
	Status    int
	Header    http.Header
	AppCalled bool
}

// Granted reports whether the response carries Access-Control-Allow-Origin.
func (r Result) Granted() bool { return len(r.Header["Access-Control-Allow-Origin"]) > 0 }

// Varies reports whether the response's Vary lists name.
func (r Result) Varies(name string) bool {
	for _, line := range r.Header["Vary"] {
		for elem := range strings.SplitSeq(line, ",") {
			if strings.EqualFold(strings.TrimSpace(elem), name) {
				return true
			}
		}
	}
	return false
}

// Probe serves r once and says what happened.
func (in *Instance) Probe(r *http.Request) Result {
	w := NewWriter()
	w.probe = true
	before := in.App.Calls
	in.Serve(w, r)
	res := Result{Status: w.Status, Header: maps.Clone(w.h), AppCalled: in.App.Calls > before}
	if res.Status == 0 {
		res.Status = http.StatusOK
	}
	return res
}

// unlistedHeaderProbe is a preflight for the scenario's origin asking for a
// header no scenario allows.
func unlistedHeaderProbe(s Scenario) *http.Request {
	r := s.Request()
	r.Header.Set("Access-Control-Request-Headers", "x-not-allowed")
	return r
}

// Shortcuts lists where im, serving s, does less than the Fetch standard
// and corsheaders do, so that its figure is not like for like: a grant
// where the scenario calls for a refusal or the reverse, a missing
// Vary: Origin on a response caches may store, a preflight granted whatever headers it asks for, an actual
// request answered without the application. Baselines and ours have none by
// construction (ours are checked by the conformance suite).
func Shortcuts(s Scenario, im Impl) []string {
	if im.Ours || im.Baseline {
		return nil
	}
	in := im.Build(s.Config)
	res := in.Probe(s.Request())
	var out []string
	switch {
	case res.Granted() && !s.Grant:
		out = append(out, "grants the request, which corsheaders refuses")
	case !res.Granted() && s.Grant:
		out = append(out, "refuses the request")
	}
	// A preflight's answer needs no Vary: HTTP caches do not store
	// responses to OPTIONS, and the browser's preflight cache is keyed by
	// origin already (issue 15).
	if !s.Config.AllowAllOrigins && !s.Preflight && !res.Varies("Origin") {
		out = append(out, "no Vary: Origin")
	}
	if !s.Preflight && !res.AppCalled {
		out = append(out, fmt.Sprintf("answers %d %s itself: the application never runs", res.Status, http.StatusText(res.Status)))
	}
	if s.Preflight && res.AppCalled {
		out = append(out, "passes the preflight to the application")
	}
	if s.Preflight && s.Grant && in.Probe(unlistedHeaderProbe(s)).Granted() {
		out = append(out, "does not check Access-Control-Request-Headers")
	}
	return out
}
