package bench

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
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
// Vary: Origin on a response caches may store, a preflight granted whatever
// headers it asks for, an actual request answered without the application,
// header values shared between responses (SharesHeaderValues). Baselines and ours have none by
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
	// origin already.
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
	if SharesHeaderValues(s, im) {
		out = append(out, "shares header values between responses: one written in place reaches later responses")
	}
	return out
}

// SharesHeaderValues reports whether im, serving s, hands a response header
// values whose memory outlives it: it serves s's request, writes every Vary
// and Access-Control-* value of the response in place, as handlers and
// middleware in front do (h[name][0] = v), serves the request again and
// compares the second response's headers with the first's. Such a peer
// saves the copy that keeps one response's handler from rewriting every
// later response's headers (Vary: Origin gone, so a shared cache serves one
// origin's grant to another) and from racing with concurrent requests: a
// shortcut, not a like-for-like figure. Fiber's responses are probed
// through copies of fasthttp's header, which copies what it is given.
func SharesHeaderValues(s Scenario, im Impl) bool {
	in := im.Build(s.Config)
	first := in.Probe(s.Request())
	want := corsValues(first.Header)
	for name, v := range first.Header {
		if len(v) > 0 && isCORSHeader(name) {
			// Written back once probed: a peer may share the value with
			// every instance, through a package variable.
			defer func(v []string, was string) { v[0] = was }(v, v[0])
			v[0] = "rewritten in place"
		}
	}
	return corsValues(in.Probe(s.Request()).Header) != want
}

func isCORSHeader(name string) bool {
	return name == "Vary" || strings.HasPrefix(name, "Access-Control-")
}

// corsValues is h's Vary and Access-Control-* lines, sorted, one a line.
func corsValues(h http.Header) string {
	var lines []string
	for name, v := range h {
		if isCORSHeader(name) {
			lines = append(lines, name+": "+strings.Join(v, "\x00"))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
