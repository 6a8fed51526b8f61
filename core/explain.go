package core

import (
	"net/http"

	"github.com/corsheaders/corsheaders/core/internal/pathrule"
)

// Explain decides r as the middleware does, CheckRequest hooks included,
// and says how: what the response's CORS headers are and why. Use it in
// tests, tools and logs; it is not meant for every request.
func (p *Policy) Explain(r *http.Request) Explanation {
	var req Request
	req.read(r)
	return p.explainRequest(req)
}

// explainRequest is Explain for a request view.
func (p *Policy) explainRequest(r Request) Explanation {
	r.readPreflightHeaders()
	if p.guard != nil {
		q := p.clone()
		q.guard = nil
		return p.explainGuarded(r, q.explainRequest)
	}
	if p.paths != nil {
		return p.paths.explain(r)
	}
	var d Decision
	p.decideRule(&r, &d)
	return p.explain(r, d)
}

// explain is Explain for a Policy with Paths: the rule chosen, then the
// explanation of its policy.
func (ps *pathSet) explain(r Request) Explanation {
	p, i := ps.policyFor(r.Path, r.rawPath())
	var detail string
	switch {
	case i == pathrule.Ambiguous:
		detail = ps.disagreement(r.Path, r.rawPath()) + ": CORS is not enabled for it"
	case i == pathrule.NoRule && p == nil:
		detail = "no rule of Paths matches " + quote(r.Path) + ", and no origin is allowed outside the rules: CORS is not enabled for it"
	case i == pathrule.NoRule:
		detail = "no rule of Paths matches " + quote(r.Path) + ": the rest of the Config decides"
	case p == nil:
		detail = "Paths[" + itoa(i) + "] (" + ps.patterns[i] + ") matches " + quote(r.Path) + " and allows no origin: CORS is not enabled for it"
	default:
		detail = "Paths[" + itoa(i) + "] (" + ps.patterns[i] + ") decides " + quote(r.Path)
	}
	step := Step{Check: "path rule", OK: p != nil, Detail: detail}
	if p == nil {
		e := Explanation{Kind: NotCORS, Reason: ReasonPathNotEnabled, Header: http.Header{}, Steps: []Step{step}}
		if len(r.Origin) == 1 {
			e.Origin = r.Origin[0]
		}
		return e
	}
	e := p.explainRequest(r)
	e.Steps = append([]Step{step}, e.Steps...)
	return e
}
