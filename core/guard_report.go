package core

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/origin"
)

// hostsSaid names the hosts the guard lets through, for messages.
func (g *guard) hostsSaid() string {
	if len(g.hosts) > 0 && &g.hosts[0] == &loopbackHosts[0] {
		return "localhost, 127.0.0.1 and [::1] at any port, as AllowedHosts is empty"
	}
	names := make([]string, len(g.hosts))
	for i, e := range g.hosts {
		names[i] = e.String()
	}
	return "AllowedHosts " + strings.Join(names, ", ")
}

// hostStep is Explain's step for HostGuard.
func (g *guard) hostStep(host string) Step {
	if g.hostAllowed(host) {
		return Step{Check: "host", OK: true, Detail: "Host " + quote(truncate(host)) + " is one the server answers to (" + g.hostsSaid() + ")"}
	}
	return Step{Check: "host", Detail: "Host " + quote(truncate(host)) + " is not one the server answers to (" + g.hostsSaid() +
		"); HostGuard refuses it, as a page whose name was rebound to this machine's address sends its own name"}
}

// hostHint says how to let a refused Host through, when it is one.
func hostHint(host string) string {
	if host == "" || len(host) > maxHostLen {
		return ""
	}
	if e, problem, _ := parseHostEntry(host); problem == "" {
		return "if the server is reached as " + quote(e.String()) + " (a reverse proxy keeping the public Host, a name of your own), add it to AllowedHosts; every Host not listed is refused, as DNS rebinding needs"
	}
	return ""
}

// enforcementStep is Explain's step for a request EnforceOrigin refuses
// for reason, and the hint that lets it through.
func (g *guard) enforcementStep(r *Request, reason Reason) (Step, string) {
	if reason == ReasonCrossSiteWithoutOrigin {
		return Step{Check: "origin enforcement", Detail: "no Origin, and Sec-Fetch-Site " + quote(truncate(secFetchSite(r))) +
				": another site's page sent it without CORS (an image, a script, a form's GET), which EnforceOrigin refuses"},
			"a page of an allowed origin sends its Origin with fetch(); if pages of other sites must reach this path without one, EnforceOrigin cannot be on"
	}
	if len(r.Origin) != 1 {
		return Step{Check: "origin enforcement", Detail: "the request carries " + itoa(len(r.Origin)) + " Origin lines; browsers send one, so EnforceOrigin refuses it"}, ""
	}
	scheme := g.publicScheme(r)
	o, ok := origin.Parse(r.Origin[0])
	if !ok {
		return Step{Check: "origin enforcement", Detail: quote(truncate(r.Origin[0])) + " is not a serialized origin, so EnforceOrigin refuses it"}, ""
	}
	detail := quote(truncate(r.Origin[0])) + " is not allowed on this path, and is not the server's own origin (" +
		scheme + "://" + escape(truncate(r.Host)) + "), so EnforceOrigin refuses it"
	hint := "allow " + quote(o.Norm()) + " on this path (AllowedOrigins of the Config, or of the rule of Paths, that decides it) if its pages may call this server"
	if !o.Special() && o.Scheme() != scheme && hostIsOrigins(&o, r.Host) {
		hint = "the Origin differs from the server's own only in scheme: if clients reach the server over " + o.Scheme() + " (a proxy in front ends TLS), set PublicScheme to " + quote(o.Scheme())
	}
	return Step{Check: "origin enforcement", Detail: detail}, hint
}

// explainGuarded is Explain for a policy with a guard: the Host first,
// then the CORS decision, explained by explain, then enforcement.
func (p *Policy) explainGuarded(r Request, explain func(Request) Explanation) Explanation {
	g := p.guard
	var steps []Step
	if g.checkHost {
		s := g.hostStep(r.Host)
		if !s.OK {
			e := Explanation{Kind: Refused, Reason: ReasonHostNotAllowed, Status: http.StatusForbidden, Header: http.Header{}, Steps: []Step{s}, Hint: hostHint(r.Host)}
			if len(r.Origin) == 1 {
				e.Origin = r.Origin[0]
			}
			return e
		}
		steps = append(steps, s)
	}
	var e Explanation
	if g.corsOff {
		e = Explanation{Kind: NotCORS, Reason: ReasonPathNotEnabled, Header: http.Header{},
			Steps: []Step{{Check: "path", Detail: "no origin is allowed by the Config: CORS is enabled on no path, only HostGuard and EnforceOrigin apply"}}}
		if len(r.Origin) == 1 {
			e.Origin = r.Origin[0]
		}
	} else {
		e = explain(r)
	}
	e.Steps = append(steps, e.Steps...)
	if !g.enforce || e.Header.Get("Access-Control-Allow-Origin") != "" || e.Kind == PreflightRejected {
		return e
	}
	var reason Reason
	switch g.enforcementOf(&r) {
	case enforceForeignOrigin:
		reason = ReasonOriginEnforced
	case enforceCrossSiteNoOrigin:
		reason = ReasonCrossSiteWithoutOrigin
	default:
		if len(r.Origin) == 1 {
			e.Steps = append(e.Steps, Step{Check: "origin enforcement", OK: true, Detail: quote(truncate(r.Origin[0])) + " is the server's own origin: EnforceOrigin lets it through"})
		}
		return e
	}
	s, hint := g.enforcementStep(&r, reason)
	e.Kind, e.Reason, e.Status, e.Header, e.Hint = Refused, reason, http.StatusForbidden, http.Header{}, hint
	for i := range e.Steps {
		// The CORS decision's step says the application answers: not so.
		if d := &e.Steps[i].Detail; e.Steps[i].Check == "kind" && strings.HasSuffix(*d, ", answered by the application") {
			*d = strings.TrimSuffix(*d, ", answered by the application") + ", refused below before the application runs"
		}
	}
	e.Steps = append(e.Steps, s)
	return e
}

// logRefusal writes the debug line for a request HostGuard or
// EnforceOrigin refused for reason.
func (p *Policy) logRefusal(r Request, reason Reason) {
	var s Step
	var hint string
	if reason == ReasonHostNotAllowed {
		s, hint = p.guard.hostStep(r.Host), hostHint(r.Host)
	} else {
		s, hint = p.guard.enforcementStep(&r, reason)
	}
	attrs := []slog.Attr{
		slog.String("kind", Refused.String()),
		slog.String("reason", reason.Key()),
		// Copies, escaped, as logDecision's: see there.
		slog.String("method", strings.Clone(escape(truncate(r.Method)))),
		slog.String("path", strings.Clone(escape(truncate(r.Path)))),
		slog.String("host", strings.Clone(escape(truncate(r.Host)))),
		slog.String("origin", strings.Clone(escape(joinTruncated(r.Origin)))),
		slog.String("failed", s.Check+": "+s.Detail),
	}
	if hint != "" {
		attrs = append(attrs, slog.String("fix", hint))
	}
	p.debug.LogAttrs(r.context(), slog.LevelInfo, "corsheaders: request refused", attrs...)
}
