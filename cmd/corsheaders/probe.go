package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/corsheaders/corsheaders/core/browsercheck"
)

// maxHeaderProbes bounds the preflights check sends to find which of the
// headers asked for a server refuses, one header each.
const maxHeaderProbes = 8

// A probe is a preflight check sends after one was refused, asking for
// less, to find what the server refuses: a browser says only that the
// answer carries no Access-Control-Allow-Origin, which most CORS
// middlewares answer to any refused preflight, and routers to an OPTIONS
// request they have no route for.
type probe struct {
	// Asked is what the probe asked for, such as "GET, without
	// Access-Control-Request-Headers".
	Asked   string `json:"asked"`
	Status  int    `json:"status,omitempty"`
	Granted bool   `json:"granted"`
	Outcome string `json:"outcome"`
}

// diagnose finds what the server refused in the answer res to preflight p,
// which failed with e: a cause and a fix naming it, or "" when the
// browser's own message says it already. It records the probes it sends
// in s.
func (c *checker) diagnose(ctx context.Context, s *step, p browsercheck.Preflight, e *browsercheck.Error, res *http.Response) (cause, fix string) {
	// A preflight never carries credentials: the answer is the one a
	// fetch() without them gets.
	if p.Credentials {
		q := p
		q.Credentials = false
		if q.Check(res.StatusCode, res.Header) == nil {
			return "credentials", credentialsFix(e)
		}
	}
	if c.noProbe {
		return "", ""
	}
	routed := isRouterStatus(res.StatusCode)
	if e.Reason != browsercheck.MissingAllowOrigin && !(e.Reason == browsercheck.PreflightStatus && routed) {
		return "", ""
	}
	// granted sends a preflight asking for method and headers. The probes
	// are read without credentials, whose refusal is told apart above.
	// After a network error, none is sent and none is granted: what the
	// probes found is then not told.
	broken := false
	granted := func(method string, headers []string, asked string) bool {
		if broken {
			return false
		}
		q := p
		q.Method, q.Headers, q.Credentials = method, headers, false
		pr := probe{Asked: asked}
		_, r, err := c.sendPreflight(ctx, q)
		switch {
		case err != nil:
			pr.Outcome = "network error: " + err.Error()
			broken = true
		default:
			pr.Status = r.StatusCode
			routed = routed && isRouterStatus(r.StatusCode)
			if err := q.Check(r.StatusCode, r.Header); err != nil {
				pr.Outcome = fmt.Sprintf("%d %s, refused (%s)", r.StatusCode, http.StatusText(r.StatusCode), err.(*browsercheck.Error).Reason)
			} else {
				pr.Granted = true
				pr.Outcome = fmt.Sprintf("%d %s, granted", r.StatusCode, http.StatusText(r.StatusCode))
			}
		}
		s.Probes = append(s.Probes, pr)
		return pr.Granted
	}

	if len(p.Headers) > 0 && granted(p.Method, nil, p.Method+", without Access-Control-Request-Headers") {
		refused := p.Headers
		if len(p.Headers) > 1 && len(p.Headers) <= maxHeaderProbes {
			refused = nil
			for _, name := range p.Headers {
				if !granted(p.Method, []string{name}, p.Method+" and "+strings.ToLower(name)+" alone") {
					refused = append(refused, name)
				}
			}
		}
		if broken {
			return "", ""
		}
		return "headers", headersFix(p, refused)
	}
	last := p.Method
	if !browsercheck.IsSafelistedMethod(p.Method) {
		last = http.MethodGet
		if granted(http.MethodGet, nil, "GET, without Access-Control-Request-Headers") {
			return "method", methodFix(p)
		}
	}
	switch {
	case broken:
		return "", ""
	case routed:
		return "router", routerFix(res)
	case e.Reason == browsercheck.MissingAllowOrigin:
		o := quoted(p.Origin)
		return "origin", "no preflight from " + o + " is granted at this URL, not even one asking only for " + last +
			" (the probes above): the server's CORS configuration does not allow this origin, or its CORS middleware does not cover this path; add " +
			o + " to the origins it allows (with corsheaders, to CORS_ALLOWED_ORIGINS)"
	}
	return "", ""
}

// isRouterStatus reports whether status is what routers answer a method or
// path they have no route for.
func isRouterStatus(status int) bool {
	return status == http.StatusNotFound || status == http.StatusMethodNotAllowed
}

func routerFix(res *http.Response) string {
	answered := fmt.Sprintf("the router answered %d %s to the preflight (OPTIONS)", res.StatusCode, http.StatusText(res.StatusCode))
	for name := range res.Header {
		if strings.HasPrefix(name, "Access-Control-Allow-") {
			return answered + " after the CORS middleware passed it on: let the CORS middleware answer preflights itself instead of passing OPTIONS requests to the router"
		}
	}
	return answered + ": the CORS middleware never saw it (the answers carry no CORS header, whatever they ask for). " +
		"Attach the CORS middleware to the server or the router as a whole, so that it runs before routing, or register an OPTIONS route for this path that it wraps: " +
		"a middleware attached to a route or a group runs only once the router has found a route, and none answers OPTIONS here " +
		"(with corsheaders, also check that CORS_URLS_REGEX matches this path: outside it, a preflight goes on to the router)"
}

func headersFix(p browsercheck.Preflight, refused []string) string {
	if len(refused) == 0 {
		return "the server refuses the headers " + strings.ToLower(strings.Join(p.Headers, ", ")) +
			" asked for together, though it grants each alone and the same preflight without them: it may limit the length of Access-Control-Request-Headers; allow the headers together, or send fewer"
	}
	names := make([]string, len(refused))
	auth := false
	for i, n := range refused {
		names[i] = quoted(strings.ToLower(n))
		auth = auth || strings.EqualFold(n, "authorization")
	}
	what := "the header " + names[0]
	if len(names) > 1 {
		what = "the headers " + strings.Join(names, ", ")
	}
	fix := "the server refuses " + what + ": the same preflight without it is granted; add " + strings.Join(names, ", ") +
		" to the request headers the server's CORS configuration allows (with corsheaders, to CORS_ALLOW_HEADERS)"
	if len(names) > 1 {
		fix = strings.Replace(fix, "without it", "without them", 1)
	}
	if auth {
		fix += "; \"*\" there never covers Authorization: list it by name"
	}
	return fix
}

func methodFix(p browsercheck.Preflight) string {
	m := quoted(p.Method)
	fix := "the server refuses the method " + m + ": the same preflight asking for GET is granted; add " + m +
		" to the methods the server's CORS configuration allows (with corsheaders, to CORS_ALLOW_METHODS); methods are case-sensitive"
	if len(p.Headers) > 0 {
		fix += "; the headers asked for were not tried alone: check again once the method is allowed"
	}
	return fix
}

// missingAllowOriginFix tells apart, for an answer to an actual request
// without Access-Control-Allow-Origin, a CORS middleware that refused the
// origin from one that did not handle the request: a middleware that reads
// Origin answers Vary: Origin, so that caches keep its answers apart
// (corsheaders, rs/cors and most others do), while a path outside its
// scope (CORS_URLS_REGEX) or a route it does not wrap gets an answer that
// does not vary.
func missingAllowOriginFix(origin string, h http.Header) (cause, fix string) {
	o := quoted(origin)
	for _, v := range h.Values("Vary") {
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); strings.EqualFold(name, "Origin") || name == "*" {
				return "origin", "the server's CORS middleware handled the request (the answer varies by Origin) and does not allow the origin " + o +
					": add " + o + " to the origins it allows (with corsheaders, to CORS_ALLOWED_ORIGINS)"
			}
		}
	}
	return "path", "the answer carries no CORS header and does not vary by Origin, as when no CORS middleware handled the request: " +
		"make the server's CORS middleware cover this path (with corsheaders, CORS_URLS_REGEX must match it) and run for this route; " +
		"if it does, allow the origin " + o + " (with corsheaders, add it to CORS_ALLOWED_ORIGINS)"
}

// credentialsFix says that the answer that failed with e passes without
// credentials, and what the server must add.
func credentialsFix(e *browsercheck.Error) string {
	return "without credentials the browser accepts this answer: the server does not grant credentials to " + quoted(e.Origin) + "; " + e.Fix()
}

func quoted(s string) string { return fmt.Sprintf("%q", s) }
