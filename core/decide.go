package core

import (
	"log/slog"
	"net/http"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
)

// decide classifies r and says, in d, the zero Decision, which CORS
// headers its response carries. It allocates nothing for any request a
// browser can send, and reads no more than a bounded prefix of hostile
// headers. It calls the CheckRequest hooks only when the configuration
// alone does not grant the request, each at most once.
func (p *Policy) decide(r *Request, d *Decision) {
	// HostGuard first: before any path, origin or hook is read.
	g := p.guard
	if g != nil && !g.hostAllowed(r.Host) {
		p.refuseGuarded(r, d, ReasonHostNotAllowed)
		return
	}
	rule := p
	switch {
	case p.paths != nil:
		rule, _ = p.paths.policyFor(r.Path, r.rawPath())
	case g != nil && g.corsOff:
		rule = nil
	}
	if rule == nil {
		d.Reason = ReasonPathNotEnabled // no rule, no fallback: not CORS
	} else {
		rule.decideRule(r, d)
	}
	if g != nil && g.enforce && p.enforce(r, d) {
		return // refused, and logged
	}
	if rule != nil && rule.debug != nil && d.Reason > ReasonPathNotEnabled && rule.debug.Enabled(r.context(), slog.LevelInfo) {
		rule.logDecision(*r, *d)
	}
}

// decideRule is decide for a policy without Paths (the policy of one rule),
// without the debug log.
func (p *Policy) decideRule(r *Request, d *Decision) {
	d.policy = p
	enabled := p.urls == nil || p.pathEnabled(r.Path, r.rawPath())
	d.onPath = enabled
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
	by, entry := p.allowOrigin(r, enabled, false)
	switch by {
	case notAllowed:
		p.refuse(d, r, enabled, ReasonOriginNotAllowed)
		return
	case originMalformed:
		p.refuse(d, r, enabled, ReasonOriginMalformed)
		return
	case pathNotEnabled:
		d.Reason = ReasonPathNotEnabled
		return
	}
	d.by, d.entry = by, int32(entry)

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
	r.readPreflightHeaders()
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
	*d = Decision{Reason: reason, grants: d.grants & grantVaryOrigin, onPath: d.onPath, by: d.by, entry: d.entry, policy: p}
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
