package core

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
	"github.com/corsheaders/corsheaders/core/internal/origin"
)

// decide classifies r and says, in d, the zero Decision, which CORS
// headers its response carries. It allocates nothing for any request a
// browser can send, and reads no more than a bounded prefix of hostile
// headers. It calls the CheckRequest hooks only when the configuration
// alone does not grant the request, each at most once.
func (p *Policy) decide(r *Request, d *Decision) {
	if p.paths != nil {
		if p, _ = p.paths.policyFor(r.Path, r.rawPath()); p == nil {
			d.Reason = ReasonPathNotEnabled // no rule, no fallback: not CORS
			return
		}
	}
	p.decideRule(r, d)
	if p.debug != nil && d.Reason > ReasonPathNotEnabled && p.debug.Enabled(r.context(), slog.LevelInfo) {
		p.logDecision(*r, *d)
	}
}

// decideRule is decide for a policy without Paths (the policy of one rule),
// without the debug log.
func (p *Policy) decideRule(r *Request, d *Decision) {
	d.policy = p
	enabled := p.urls == nil || p.pathEnabled(r.Path, r.rawPath())
	if enabled || len(p.hooks) > 0 {
		// The response depends on Origin: on this path, or, with hooks,
		// on whatever a hook reads.
		d.grants = grantVaryOrigin
	}
	if len(r.Origin) == 0 {
		d.Reason = ReasonNoOrigin
		if !enabled {
			d.Reason = ReasonPathNotEnabled
		}
		return
	}
	if len(r.Origin) > 1 {
		p.refuse(d, r, enabled, ReasonMultipleOrigins)
		return
	}
	if !enabled || p.origins.MatchVerbatim(r.Origin[0]) < 0 {
		var o origin.Origin
		if !origin.ParseInto(&o, r.Origin[0]) {
			p.refuse(d, r, enabled, ReasonOriginMalformed)
			return
		}
		// A hook that enables a path also allows the origin, so the hooks
		// run at most once either way.
		if !enabled {
			o.Release()
			if !p.runViewHooks(r) {
				d.Reason = ReasonPathNotEnabled
				return
			}
		} else {
			listed := p.allowsOrigin(&o, o.Norm() == r.Origin[0])
			o.Release()
			if !listed && !p.runViewHooks(r) {
				p.refuse(d, r, true, ReasonOriginNotAllowed)
				return
			}
		}
	}

	// The origin is allowed.
	if p.allowAll && !p.credentials {
		d.allowOrigin = valueStar
	} else {
		d.allowOrigin = r.Origin[:1:1]
	}
	if p.credentials {
		d.grants |= grantCredentials
	}
	if !isPreflight(*r) {
		d.Kind = Actual
		d.grants |= grantExposeHeaders
		return
	}
	// A preflight's answer carries no Vary: caches do not store responses
	// to OPTIONS, and a browser keys its preflight cache by origin itself
	// (docs/behaviour.md).
	d.grants &^= grantVaryOrigin
	if reason := p.checkPreflight(r); reason != ReasonAllowed {
		p.refuse(d, r, true, reason)
		return
	}
	d.Kind = PreflightAccepted
	d.Status = p.preflightStatus
	if p.methodWildcard {
		d.echoMethod = r.AccessControlRequestMethod[:1:1]
	} else {
		d.grants |= grantAllowMethods
	}
	if p.headers.Wildcard() {
		if len(r.AccessControlRequestHeaders) > 0 {
			d.echoHeaders = r.AccessControlRequestHeaders[:len(r.AccessControlRequestHeaders):len(r.AccessControlRequestHeaders)]
		}
	} else {
		d.grants |= grantAllowHeaders
	}
	d.grants |= grantMaxAge
	if wantsPrivateNetwork(*r) {
		if p.privateNetwork {
			d.grants |= grantPrivateNetwork
		} else {
			d.Reason = ReasonPrivateNetworkNotAllowed
		}
	}
}

// refuse turns d into a refusal for reason: a preflight on an enabled path
// is answered 403 without grant, anything else goes to the application
// without grant.
func (p *Policy) refuse(d *Decision, r *Request, enabled bool, reason Reason) {
	*d = Decision{Reason: reason, grants: d.grants & grantVaryOrigin, policy: p}
	switch {
	case !enabled:
		d.Kind = NotCORS
	case isPreflight(*r):
		d.Kind = PreflightRejected
		d.Status = http.StatusForbidden
		d.grants = 0 // no Vary, as for a granted preflight
	default:
		d.Kind = Actual
	}
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

// maxMethodLen bounds Access-Control-Request-Method: no method in use is
// longer than a few dozen bytes, and a longer value is refused unread.
const maxMethodLen = 64

func (p *Policy) checkPreflight(r *Request) Reason {
	if len(r.AccessControlRequestMethod) != 1 || len(r.AccessControlRequestMethod[0]) > maxMethodLen || !fetch.IsToken(r.AccessControlRequestMethod[0]) {
		return ReasonMethodMalformed
	}
	if !p.allowsMethod(r.AccessControlRequestMethod[0]) {
		return ReasonMethodNotAllowed
	}
	if len(r.AccessControlRequestHeaders) > 0 {
		switch res, _ := p.headers.Check(r.AccessControlRequestHeaders); res {
		case fetch.ListTooManyLines, fetch.ListMalformed:
			return ReasonRequestHeadersMalformed
		case fetch.ListTooLong:
			return ReasonRequestHeadersTooLong
		case fetch.ListNotAllowed:
			return ReasonHeaderNotAllowed
		}
	}
	return ReasonAllowed
}

func (p *Policy) allowsMethod(m string) bool {
	if fetch.SafelistedMethod(m) {
		return true
	}
	if p.methodWildcard {
		return !fetch.ForbiddenMethod(m)
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
// asSent says that o's normal form is the Origin as sent, which
// p.origins.MatchVerbatim has already looked up.
func (p *Policy) allowsOrigin(o *origin.Origin, asSent bool) bool {
	return p.allowAll || p.listsOrigin(o, asSent)
}

// listsOrigin is allowsOrigin without AllowAllOrigins: whether an entry of
// AllowedOrigins or AllowedOriginRegexes matches o.
func (p *Policy) listsOrigin(o *origin.Origin, asSent bool) bool {
	if p.origins.Match(o, asSent) >= 0 {
		return true
	}
	if o.Special() {
		return false
	}
	norm := o.Norm()
	for i, re := range p.regexes {
		a := &p.regexAffixes[i]
		if strings.HasPrefix(norm, a.prefix) && strings.HasSuffix(norm, a.suffix) && re.MatchString(norm) {
			return true
		}
	}
	return false
}

// runViewHooks is runHooks for a request view: it converts the request for
// the hooks (Request.ToHTTP) only if there is one.
func (p *Policy) runViewHooks(r *Request) bool {
	if len(p.hooks) == 0 {
		return false
	}
	return p.runHooks(r.httpRequest())
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

// context is the request's context, for the debug log's handler.
func (r *Request) context() context.Context {
	if r.HTTP != nil {
		return r.HTTP.Context()
	}
	return context.Background()
}

// logDecision writes the debug line for a refused or partly granted request.
func (p *Policy) logDecision(r Request, d Decision) {
	e := p.explain(r, d)
	attrs := []slog.Attr{
		slog.String("kind", d.Kind.String()),
		// Copies: r's strings may share a buffer the server reuses once
		// the request is answered (see Request), and a handler may keep
		// the record longer. The other values are built here.
		// Escaped as Explain's text is: a log is read on terminals.
		slog.String("method", strings.Clone(escape(truncate(r.Method)))),
		slog.String("path", strings.Clone(escape(truncate(r.Path)))),
		slog.String("origin", strings.Clone(escape(joinTruncated(r.Origin)))),
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
	p.debug.LogAttrs(r.context(), slog.LevelInfo, "corsheaders: CORS request not fully granted", attrs...)
}
