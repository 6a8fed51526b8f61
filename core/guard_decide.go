package core

import (
	"log/slog"
	"net/http"
)

// refuseGuarded turns d into the refusal of r by HostGuard or
// EnforceOrigin for reason, answered 403 without any CORS header, and
// logs it to the DebugLogger. d keeps the policy of the rule that decided
// the path, if any, for Observation.Rule.
func (p *Policy) refuseGuarded(r *Request, d *Decision, reason Reason) {
	rule := d.policy
	*d = Decision{Kind: Refused, Reason: reason, Status: http.StatusForbidden, policy: rule}
	if p.debug != nil && p.debug.Enabled(r.context(), slog.LevelInfo) {
		p.logRefusal(*r, reason)
	}
}

// enforce applies EnforceOrigin to d, the CORS decision for r: a request
// whose origin the policy does not allow on its path is refused, unless it
// is same-origin, or has no Origin and no Sec-Fetch-Site saying another
// site sent it. A preflight the policy refuses stays as it is, answered
// 403. It reports whether it refused r.
func (p *Policy) enforce(r *Request, d *Decision) bool {
	if d.Allowed() || d.Kind == PreflightRejected {
		return false
	}
	switch p.guard.enforcementOf(r) {
	case enforceForeignOrigin:
		p.refuseGuarded(r, d, ReasonOriginEnforced)
	case enforceCrossSiteNoOrigin:
		p.refuseGuarded(r, d, ReasonCrossSiteWithoutOrigin)
	default:
		return false
	}
	return true
}
