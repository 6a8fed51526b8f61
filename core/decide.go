package core

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
)

// Decide classifies r and says which CORS headers its response carries.
// It allocates nothing for any request a browser can send, and reads no more
// than a bounded prefix of hostile headers. It calls the CheckRequest hooks
// only when the configuration alone does not grant the request, each at most
// once.
func (p *Policy) Decide(r Request) Decision {
	d := p.decide(r)
	if p.debug != nil && d.Reason > ReasonPathNotEnabled {
		p.logDecision(r, d)
	}
	return d
}

func (p *Policy) decide(r Request) Decision {
	var d Decision
	enabled := p.urls == nil || p.urls.MatchString(r.Path)
	if enabled || len(p.hooks) > 0 {
		// The response depends on Origin: on this path, or, with hooks,
		// on whatever a hook reads.
		d.vary = p.varyActual
	}
	if len(r.Origin) == 0 {
		d.Reason = ReasonNoOrigin
		if !enabled {
			d.Reason = ReasonPathNotEnabled
		}
		return d
	}
	if len(r.Origin) > 1 {
		return p.refuse(d, r, enabled, ReasonMultipleOrigins)
	}
	o, ok := parseRequestOrigin(r.Origin[0])
	if !ok {
		return p.refuse(d, r, enabled, ReasonOriginMalformed)
	}
	// A hook that enables a path also allows the origin, so the hooks run
	// at most once either way.
	if !enabled {
		if !p.runHooks(r.HTTP) {
			d.Reason = ReasonPathNotEnabled
			return d
		}
	} else if !p.allowsOrigin(&o) && !p.runHooks(r.HTTP) {
		return p.refuse(d, r, true, ReasonOriginNotAllowed)
	}

	// The origin is allowed.
	if p.allowAll && !p.credentials {
		d.allowOrigin = valueStar
	} else {
		d.allowOrigin = r.Origin[:1:1]
	}
	d.credentials = p.credentials
	if !isPreflight(r) {
		d.Kind = Actual
		d.exposeHeaders = p.exposeHeaders
		return d
	}
	d.vary = p.varyPreflight
	if reason := p.checkPreflight(r); reason != ReasonAllowed {
		return p.refuse(d, r, true, reason)
	}
	d.Kind = PreflightAccepted
	d.Status = p.preflightStatus
	d.allowMethods = p.allowMethods
	if p.methodWildcard {
		d.allowMethods = r.AccessControlRequestMethod[:1:1]
	}
	d.allowHeaders = p.allowHeaders
	if p.headers.wildcard {
		d.allowHeaders = nil
		if len(r.AccessControlRequestHeaders) > 0 {
			d.allowHeaders = r.AccessControlRequestHeaders[:len(r.AccessControlRequestHeaders):len(r.AccessControlRequestHeaders)]
		}
	}
	d.maxAge = p.maxAge
	if wantsPrivateNetwork(r) {
		if p.privateNetwork {
			d.privateNetwork = true
		} else {
			d.Reason = ReasonPrivateNetworkNotAllowed
		}
	}
	return d
}

// refuse turns d into a refusal for reason: a preflight on an enabled path
// is answered 403 without grant, anything else goes to the application
// without grant.
func (p *Policy) refuse(d Decision, r Request, enabled bool, reason Reason) Decision {
	grantless := Decision{Reason: reason, vary: d.vary}
	switch {
	case !enabled:
		grantless.Kind = NotCORS
	case isPreflight(r):
		grantless.Kind = PreflightRejected
		grantless.Status = http.StatusForbidden
		grantless.vary = p.varyPreflight
	default:
		grantless.Kind = Actual
	}
	return grantless
}

// isPreflight: an OPTIONS request with Origin and
// Access-Control-Request-Method. Any other OPTIONS is the application's.
func isPreflight(r Request) bool {
	return r.Method == http.MethodOptions && len(r.Origin) > 0 && len(r.AccessControlRequestMethod) > 0
}

func wantsPrivateNetwork(r Request) bool {
	v := r.AccessControlRequestPrivateNetwork
	return len(v) == 1 && v[0] == "true"
}

func (p *Policy) checkPreflight(r Request) Reason {
	if len(r.AccessControlRequestMethod) != 1 || !isToken(r.AccessControlRequestMethod[0]) {
		return ReasonMethodMalformed
	}
	if !p.allowsMethod(r.AccessControlRequestMethod[0]) {
		return ReasonMethodNotAllowed
	}
	if len(r.AccessControlRequestHeaders) > 0 {
		return p.headers.check(r.AccessControlRequestHeaders)
	}
	return ReasonAllowed
}

func (p *Policy) allowsMethod(m string) bool {
	if safelistedMethod(m) {
		return true
	}
	if p.methodWildcard {
		return !forbiddenMethod(m)
	}
	for _, allowed := range p.methods {
		if m == allowed {
			return true
		}
	}
	return false
}

// allowsOrigin reports whether the configuration, without hooks, allows o.
// Its cost does not grow with the number of entries, save for regexes, each
// of which runs only if o starts and ends with the literal text it requires.
func (p *Policy) allowsOrigin(o *origin) bool {
	if p.allowAll {
		return true
	}
	if _, ok := p.exact[o.norm]; ok {
		return true
	}
	if o.special {
		return false
	}
	if p.anyPort != nil {
		if _, ok := p.anyPort[o.norm[:o.hostEnd]]; ok {
			return true
		}
	}
	if p.subdomains != nil && !o.ipLiteral && !numericTLD(o.host()) {
		host := o.host()
		for i := 0; i < len(host); i++ {
			if host[i] != '.' {
				continue
			}
			for _, e := range p.subdomains[host[i+1:]] {
				if e.scheme == o.scheme() && (e.anyPort || e.port == o.port()) {
					return true
				}
			}
		}
	}
	for i, re := range p.regexes {
		a := &p.regexAffixes[i]
		if strings.HasPrefix(o.norm, a.prefix) && strings.HasSuffix(o.norm, a.suffix) && re.MatchString(o.norm) {
			return true
		}
	}
	return false
}

// numericTLD reports whether host's last label is all digits, as in an IPv4
// address, which has no subdomains.
func numericTLD(host string) bool {
	for i := len(host) - 1; i >= 0 && host[i] != '.'; i-- {
		if !isDigit(host[i]) {
			return false
		}
	}
	return true
}

// runHooks calls the CheckRequest hooks in order until one returns true.
func (p *Policy) runHooks(r *http.Request) bool {
	for _, hook := range p.hooks {
		if hook(r) {
			return true
		}
	}
	return false
}

// logDecision writes the debug line for a refused or partly granted request.
func (p *Policy) logDecision(r Request, d Decision) {
	e := p.explain(r, d)
	attrs := []slog.Attr{
		slog.String("kind", d.Kind.String()),
		slog.String("method", r.Method),
		slog.String("path", r.Path),
		slog.String("origin", truncate(strings.Join(r.Origin, ", "))),
		slog.String("reason", d.Reason.String()),
	}
	for _, s := range e.Steps {
		if !s.OK {
			attrs = append(attrs, slog.String("failed", s.Check+": "+s.Detail))
		}
	}
	if e.Hint != "" {
		attrs = append(attrs, slog.String("fix", e.Hint))
	}
	ctx := context.Background()
	if r.HTTP != nil {
		ctx = r.HTTP.Context()
	}
	p.debug.LogAttrs(ctx, slog.LevelInfo, "corsheaders: CORS request not fully granted", attrs...)
}
