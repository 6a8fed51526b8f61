package core

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
	"github.com/corsheaders/corsheaders/core/internal/origin"
)

// TrustsOrigin reports whether p grants the origin of r credentialed access:
// the access a page needs to act with its users' cookies. CSRF protection
// ([CrossOriginProtection]) and WebSocket handshakes
// ([CheckWebSocketOrigin]) use it, so that one list of origins decides what
// may read, what may write and what may open a socket.
//
// It is true only when all of these hold:
//   - AllowCredentials is set: a policy without it grants no origin access
//     with cookies, so it trusts none;
//   - r has exactly one Origin, and it is a serialized origin;
//   - an entry of AllowedOrigins or AllowedOriginRegexes matches the origin
//     and URLsRegex matches r's path, or else a CheckRequest hook returns
//     true for r (hooks run in order, at most once each).
//
// AllowAllOrigins never makes an origin trusted, not even with
// UnsafeAllowAllOriginsWithCredentials: trusting every web site would turn
// CSRF protection off. With it (which excludes listing origins), only
// CheckRequest hooks can trust an origin.
//
// With Config.Paths, the rule for r's path decides, as for a CORS request;
// a path left out of CORS trusts no origin.
//
// For any Origin a browser sends, TrustsOrigin allocates nothing, save what
// a hook allocates.
func (p *Policy) TrustsOrigin(r *http.Request) bool {
	if p.paths != nil {
		// The rule for r's path decides, as for a CORS request (paths.go).
		if p, _ = p.paths.policyFor(r.URL.Path, r.URL.RawPath); p == nil {
			return false
		}
	}
	if !p.credentials {
		return false
	}
	values := r.Header["Origin"]
	if len(values) != 1 {
		return false
	}
	req := Request{Origin: values, HTTP: r}
	by, _ := p.allowOrigin(&req, p.pathEnabled(r.URL.Path, r.URL.RawPath), true)
	return by == byOrigin || by == byRegex || by == byHook
}

// CrossOriginProtection is the standard library's [http.CrossOriginProtection]
// trusting exactly the origins a CORS policy grants credentialed access
// ([Policy.TrustsOrigin]): exact entries, subdomain and any-port patterns,
// regexes and CheckRequest hooks alike, read from a [Source] for every
// request, so that a [Live] policy's reloads apply at once.
//
// It protects against cross-site request forgery: a request with an unsafe
// method (anything but GET, HEAD and OPTIONS) sent by a browser from another
// origin is refused with 403 Forbidden, unless the policy trusts that
// origin. As in the standard library, a request is recognised as
// cross-origin by its Sec-Fetch-Site header, or, from browsers that do not
// send it, by an Origin whose host differs from the request's Host; a
// request with neither header is not from a browser and passes. Safe
// methods always pass: they must not change anything.
//
// CORS and this protection answer different questions: the CORS middleware
// says which pages may read responses, while a browser sends a cross-site
// form POST, or a fetch() that needs no preflight, whatever CORS says, so
// only this check keeps it from acting with the user's cookies. Use both,
// the CORS middleware first.
//
// The zero value is not usable; create one with [NewCrossOriginProtection].
// A CrossOriginProtection is safe for concurrent use, configuration
// included.
type CrossOriginProtection struct {
	src  Source
	std  http.CrossOriginProtection // no trusted origin of its own: trust is the policy's
	deny atomic.Pointer[http.Handler]
}

// NewCrossOriginProtection returns the protection for the policy src holds:
// a [*Policy], or a [*Live] whose policy can be replaced while the server
// runs. It panics if src holds no policy.
func NewCrossOriginProtection(src Source) *CrossOriginProtection {
	if src == nil || src.Policy() == nil {
		panic("corsheaders: NewCrossOriginProtection needs a policy")
	}
	return &CrossOriginProtection{src: src}
}

// Check returns nil if r may proceed, and otherwise an error saying why it
// is refused. It runs the standard library's check first, so CheckRequest
// hooks run only for the cross-origin requests with an unsafe method that
// it refuses.
//
// With Config.DebugLogger set, every refusal is logged with the reason the
// origin is not trusted.
func (c *CrossOriginProtection) Check(r *http.Request) error {
	err := c.std.Check(r)
	if err == nil {
		return nil
	}
	p := c.src.Policy()
	if p.TrustsOrigin(r) {
		return nil
	}
	if p.debug != nil && p.debug.Enabled(r.Context(), slog.LevelInfo) {
		p.logUntrusted(r, err)
	}
	return err
}

// CheckView is [CrossOriginProtection.Check] for a server not built on
// net/http: r is the request view its adapter builds for [HandleRequest],
// with HTTP or ToHTTP set. A GET, HEAD or OPTIONS request, which Check
// always lets through, passes without being converted: CheckView returns
// nil, nil. Any other is converted through r.HTTP or r.ToHTTP, its path
// decoded first as HandleRequest decodes it when r gives it only as sent,
// so that the converted request's URL.Path is the path the CORS policy
// reads; CheckView returns it, for [CrossOriginProtection.Deny], with
// Check's answer.
func (c *CrossOriginProtection) CheckView(r *Request) (*http.Request, error) {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil, nil
	}
	if r.Path == "" && r.RawPath != "" {
		// The converted request outlives the call: its path has memory
		// of its own, not a pooled buffer's.
		sent := r.RawPath
		r.decodeSentPath(nil)
		defer func() { r.Path, r.RawPath = "", sent }()
	}
	hr := r.httpRequest()
	return hr, c.Check(hr)
}

// logUntrusted writes the debug line for a write refused by
// CrossOriginProtection.
func (p *Policy) logUntrusted(r *http.Request, err error) {
	why := "the origin matches no entry of AllowedOrigins or AllowedOriginRegexes (on this path, see URLsRegex) and no CheckRequest hook trusted it"
	switch {
	case len(r.Header["Origin"]) != 1:
		why = "the request does not carry exactly one Origin"
	case !p.credentials:
		why = "AllowCredentials is off, so the policy trusts no origin with cookies"
	case p.allowAll:
		why = "AllowAllOrigins never trusts an origin for writes, and no CheckRequest hook trusted it"
	}
	p.debug.LogAttrs(r.Context(), slog.LevelInfo, "corsheaders: cross-origin write refused",
		slog.String("method", escape(truncate(r.Method))),
		slog.String("path", escape(truncate(r.URL.Path))),
		slog.String("origin", escape(joinTruncated(r.Header["Origin"]))),
		slog.String("sec-fetch-site", escape(truncate(r.Header.Get("Sec-Fetch-Site")))),
		slog.String("reason", err.Error()),
		slog.String("why", why))
}

// Handler returns a handler that calls h for the requests Check lets
// through and answers the others with [CrossOriginProtection.Deny].
func (c *CrossOriginProtection) Handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := c.Check(r); err != nil {
			c.Deny(w, r, err)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Deny answers r, refused by Check with err: with the handler set by
// SetDenyHandler, or else, as the standard library does, with 403 Forbidden
// and err's text. Adapters call it to refuse in their framework.
func (c *CrossOriginProtection) Deny(w http.ResponseWriter, r *http.Request, err error) {
	if h := c.deny.Load(); h != nil {
		(*h).ServeHTTP(w, r)
		return
	}
	http.Error(w, err.Error(), http.StatusForbidden)
}

// SetDenyHandler sets the handler that answers refused requests; nil
// restores the default, 403 Forbidden.
func (c *CrossOriginProtection) SetDenyHandler(h http.Handler) {
	if h == nil {
		c.deny.Store(nil)
		return
	}
	c.deny.Store(&h)
}

// AddInsecureBypassPattern lets every request matching pattern, an
// [http.ServeMux] pattern, through unchecked, as the standard library's
// method of that name does: for endpoints that must accept cross-origin
// writes from anywhere, such as webhooks authenticated otherwise. Only
// the requests the pattern matches are let through: go1.25.0 also let
// through those a ServeMux would redirect to it (POST /hooks for
// "POST /hooks/", CVE-2025-47910), which is one reason this module
// requires go1.26.0 or later.
//
// There is no AddTrustedOrigin: origins are trusted by the CORS policy, in
// one place.
func (c *CrossOriginProtection) AddInsecureBypassPattern(pattern string) {
	c.std.AddInsecureBypassPattern(pattern)
}

// CheckWebSocketOrigin returns a check for WebSocket opening handshakes
// with the policy src holds, for gorilla/websocket's Upgrader.CheckOrigin
// (or before coder/websocket's Accept). Browsers apply no CORS to
// WebSockets: any page may open one to any server, with the user's cookies,
// which is how cross-site WebSocket hijacking works. The check lets a
// handshake through when:
//   - it has no Origin header: it is not from a browser, which always sends
//     one, so it carries no user's cookies;
//   - its Origin's host and port are the request's Host (compared
//     case-insensitively, as gorilla/websocket does, with the default port
//     of the Origin's scheme written or not: "localhost:80" is
//     "http://localhost"'s), the server's own pages;
//     when the handshake came over TLS (r.TLS set), the Origin must also be
//     https, since "http://host" is another origin, on port 80, that a
//     network attacker can write;
//   - or the policy trusts its origin for credentialed requests
//     ([Policy.TrustsOrigin]): same list, same hooks, same rules.
//
// It refuses every other handshake, and any with several Origin values or
// one that is not a serialized origin. When the policy has
// Config.HostGuard, it first refuses a handshake whose Host the guard
// refuses, as the middleware does: after DNS rebinding, an attacker's page
// is same-origin. For any Origin a browser sends, it
// allocates nothing, save what a hook allocates.
//
// Behind a proxy or load balancer that ends TLS, r.TLS is nil although the
// client used wss, so an "http://" Origin of the same host passes: use
// [CheckWebSocketOriginWith] to say that clients use https.
func CheckWebSocketOrigin(src Source) func(*http.Request) bool {
	return CheckWebSocketOriginWith(src, WebSocketOptions{})
}

// WebSocketOptions says what [CheckWebSocketOriginWith] cannot learn from
// the request itself: the scheme the client used, when a proxy in front of
// the server ends TLS. The zero value trusts r.TLS alone, as
// [CheckWebSocketOrigin] does.
type WebSocketOptions struct {
	// HTTPSOnly says clients reach the server only over https and wss (a
	// proxy or load balancer in front of it ends TLS): an "http://" Origin
	// of the request's own host is refused even when the handshake reached
	// the server without TLS. Set it whenever the public endpoint is https
	// only, as it should be.
	HTTPSOnly bool

	// SchemeHeader names a request header that the proxy in front of the
	// server sets to the scheme the client used, such as
	// "X-Forwarded-Proto": when one of its values is "https" (or "wss"),
	// the client is taken to have used TLS. It is for a server reached over
	// both http and https; prefer HTTPSOnly when it is https only. Name it
	// only if every request reaches the server through a proxy that sets
	// or overwrites the header: otherwise a client writes it. A browser
	// page cannot set it on a WebSocket handshake, and a value that says
	// "http" never relaxes the check: it only ever adds the https
	// requirement. "" reads no header. The value must be the bare scheme;
	// RFC 7239's Forwarded header is not read.
	SchemeHeader string
}

// CheckWebSocketOriginWith is [CheckWebSocketOrigin] told, by opts, the
// scheme clients use when a proxy ends TLS. It panics when opts.SchemeHeader
// is not a header name, or is "Forwarded".
func CheckWebSocketOriginWith(src Source, opts WebSocketOptions) func(*http.Request) bool {
	if src == nil || src.Policy() == nil {
		panic("corsheaders: CheckWebSocketOrigin needs a policy")
	}
	schemeHeader := http.CanonicalHeaderKey(opts.SchemeHeader)
	switch {
	case opts.SchemeHeader != "" && !fetch.IsToken(opts.SchemeHeader):
		panic(fmt.Sprintf("corsheaders: WebSocketOptions.SchemeHeader %q is not a header name; name the header your proxy sets to the client's scheme, e.g. \"X-Forwarded-Proto\"", opts.SchemeHeader))
	case schemeHeader == "Forwarded":
		panic(`corsheaders: WebSocketOptions.SchemeHeader "Forwarded" holds more than a scheme and is not read; name a header whose value is the bare scheme (X-Forwarded-Proto), or set HTTPSOnly when clients use https only`)
	}
	return func(r *http.Request) bool {
		if g := src.Policy().guard; g != nil && !g.hostAllowed(r.Host) {
			// A rebound page's handshake is same-origin: only its Host
			// tells it apart, as the middleware's HostGuard does.
			return false
		}
		values := r.Header["Origin"]
		switch len(values) {
		case 0:
			return true
		case 1:
		default:
			return false
		}
		var o origin.Origin
		if !origin.ParseInto(&o, values[0]) {
			return false
		}
		// Over TLS, an http:// page of the same host name is another
		// origin (port 80, not 443), one a network attacker can write.
		overTLS := r.TLS != nil || opts.HTTPSOnly || schemeHeader != "" && saysHTTPS(r.Header[schemeHeader])
		downgrade := overTLS && strings.HasPrefix(o.Norm(), "http:")
		sameHost := !o.Special() && !downgrade && hostIsOrigins(&o, r.Host)
		o.Release()
		if sameHost {
			return true
		}
		return src.Policy().TrustsOrigin(r)
	}
}

// saysHTTPS reports whether one of a scheme header's values, in any of its
// lines or comma-separated elements, is https or wss.
func saysHTTPS(lines []string) bool {
	for _, line := range lines {
		for len(line) > 0 {
			elem, rest, _ := strings.Cut(line, ",")
			elem = strings.TrimSpace(elem)
			if strings.EqualFold(elem, "https") || strings.EqualFold(elem, "wss") {
				return true
			}
			line = rest
		}
	}
	return false
}
