package core

// This file holds how a request is decided from a Source, and core's
// Sources that wrap other Sources: they decide through decideFrom, which
// names each of them, so they live in one file (core's files do not use
// each other in circles). What they report, and how, lives elsewhere.

// decideFrom decides r with src into d, the zero Decision. Sources of
// core's own that wrap others or pick a policy per request decide through
// their decide method, every other Source through the policy it returns.
// Each is a case of its own: a call through an interface would let the
// request escape to the heap, an allocation per request.
func decideFrom(src Source, r *Request, d *Decision) {
	switch s := src.(type) {
	case *Policy:
		s.decide(r, d)
	case *Live:
		s.Policy().decide(r, d)
	case *observed:
		s.decide(r, d)
	case *reportOnly:
		s.decide(r, d)
	case *Tenants:
		s.decide(r, d)
	default:
		src.Policy().decide(r, d)
	}
}

// Observe returns a Source that decides as src does and calls observe
// with each decision, after deciding and before the response's headers are
// written, on the request's goroutine: observe must be quick and safe for
// concurrent use. Its Policy method returns src's; every adapter's
// FromPolicy takes it as it takes any Source.
//
//	src := core.Observe(live, func(o core.Observation) { metrics.Count(o) })
//	r.Use(chiadapter.FromPolicy(src))
func Observe(src Source, observe func(Observation)) Source {
	if src == nil || observe == nil {
		panic("corsheaders: Observe needs a Source and a function")
	}
	return &observed{src: src, observe: observe}
}

// observed is the Source Observe returns.
type observed struct {
	src     Source
	observe func(Observation)
}

func (o *observed) Policy() *Policy { return o.src.Policy() }

func (o *observed) decide(r *Request, d *Decision) {
	decideFrom(o.src, r, d)
	o.observe(d.observation(r))
}

func (s *reportOnly) decide(r *Request, d *Decision) {
	if len(r.Origin) == 0 {
		// No Origin, no CORS: both policies leave the response alone.
		decideFrom(s.enforced, r, d)
		return
	}
	// The outermost ReportOnly keeps the hooks' answers for every policy
	// deciding the request, its enforced one possibly a ReportOnly too.
	outermost := !r.hooks.on
	if outermost {
		r.hooks = hookMemo{on: true}
	}
	decideFrom(s.enforced, r, d)
	s.compare(r, d)
	if outermost {
		r.hooks = hookMemo{}
	}
}

// decide decides r with the policy of its tenant, or as an unknown
// tenant's (tenants.go).
func (t *Tenants) decide(r *Request, d *Decision) {
	p, known, called := t.policyFor(r)
	if !known && t.logsUnknown(r) {
		t.logUnknown(r, called)
	}
	if p != nil {
		p.decide(r, d)
		return
	}
	unknownTenant(d)
}
