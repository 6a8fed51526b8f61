package core

import (
	"net/http"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/origin"
)

// allowOrigin says what allows r's one Origin, and the index of the entry
// (of AllowedOrigins or AllowedOriginRegexes) that does. enabled says that
// the path is under URLsRegex; off it, only a hook can allow the origin,
// and it enables the path too, so the hooks run at most once either way.
//
// The common cases cost one look-up and no parsing: an origin listed as
// browsers send it, and one that no entry can allow however it is spelled
// (the Origin is then refused as not allowed without being read further:
// whether it was also malformed, Explain and the DebugLogger tell).
//
// For trust (Policy.TrustsOrigin), AllowAllOrigins allows nothing: only
// the entries and the hooks count.
func (p *Policy) allowOrigin(r *Request, enabled, trust bool) (allowance, int) {
	if enabled {
		sent := r.Origin[0]
		if i := p.origins.MatchVerbatim(sent); i >= 0 {
			return byOrigin, i
		}
		if p.onlyExactOrigins && p.origins.Unmatchable(sent) {
			return notAllowed, -1
		}
	}
	return p.parseAndAllowOrigin(r, enabled, trust)
}

// parseAndAllowOrigin is allowOrigin past its look-ups: the Origin is
// parsed and matched in its normal form, then the hooks run.
func (p *Policy) parseAndAllowOrigin(r *Request, enabled, trust bool) (allowance, int) {
	sent := r.Origin[0]
	var o origin.Origin
	if !origin.ParseInto(&o, sent) {
		return originMalformed, -1
	}
	by, entry := pathNotEnabled, -1
	if enabled {
		by, entry = p.matchOrigin(&o, o.Norm() == sent, trust)
	}
	o.Release()
	switch {
	case by != notAllowed && by != pathNotEnabled:
		return by, entry
	case p.runViewHooks(r):
		return byHook, -1
	}
	return by, -1
}

// matchOrigin says which entry of the configuration, hooks aside, allows
// o: byAllowAll, or the entry of AllowedOrigins or AllowedOriginRegexes
// and its index; notAllowed when none does. Its cost does not grow with
// the number of entries, save for regexes, each of which runs only if o
// starts and ends with the literal text it requires. asSent says that o's
// normal form is the Origin as sent, which MatchVerbatim has already
// looked up. With trust, AllowAllOrigins allows nothing.
func (p *Policy) matchOrigin(o *origin.Origin, asSent, trust bool) (allowance, int) {
	if p.allowAll && !trust {
		return byAllowAll, -1
	}
	if i := p.origins.Match(o, asSent); i >= 0 {
		return byOrigin, i
	}
	if o.Special() {
		return notAllowed, -1
	}
	norm := o.Norm()
	for i, re := range p.regexes {
		a := &p.regexAffixes[i]
		if strings.HasPrefix(norm, a.prefix) && strings.HasSuffix(norm, a.suffix) && re.MatchString(norm) {
			return byRegex, i
		}
	}
	return notAllowed, -1
}

// runViewHooks is runHooks for a request view: it converts the request for
// the hooks (Request.ToHTTP) only if there is one.
func (p *Policy) runViewHooks(r *Request) bool {
	if len(p.hooks) == 0 {
		return false
	}
	if r.hooks.on {
		return r.hooks.run(p.hooks, r.httpRequest())
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
