package core

// An Observation describes one decision to the function given to
// [Observe]: what a metrics exporter counts. It holds no pointer to the
// request, so observing allocates nothing.
type Observation struct {
	Kind    Kind
	Reason  Reason
	Allowed bool // the response grants the origin access
	// Status is what the middleware answered with itself (a preflight),
	// 0 when the application answers.
	Status int
	// Rule names the rule of Config.Paths that decided the request as
	// Explain does (`Prefix "/api/"`, `Regex "^/v[0-9]+/"`); "" without
	// Paths, or when no rule matched the path. Its values are bounded by the configuration, so it can be
	// a metric's label.
	Rule string
	// Origin is the request's Origin value as sent, when it carried exactly
	// one; "" otherwise. It is chosen by the client: never make it a
	// label without bounding how many values are kept. It is valid only
	// for the length of the call (a server not built on net/http may
	// reuse its bytes); keep a copy (strings.Clone), not it.
	Origin string
	// Disagrees says that a report-only candidate policy running beside
	// the one in force ([ReportOnly], with Observe wrapped around it)
	// would have answered this request otherwise (as a browser sees it);
	// CandidateKind and CandidateReason are its answer then. Without a
	// candidate, Disagrees is false. Every disagreement is observed, however
	// many ReportOnly's rate limit keeps from its records.
	Disagrees       bool
	CandidateKind   Kind
	CandidateReason Reason
}

// observation is what Observe reports of d, a decision for r.
func (d *Decision) observation(r *Request) Observation {
	obs := Observation{Kind: d.Kind, Reason: d.Reason, Allowed: d.allowOrigin != nil, Status: d.Status}
	if d.policy != nil {
		obs.Rule = d.policy.rule
	}
	if d.disagrees {
		obs.Disagrees, obs.CandidateKind, obs.CandidateReason = true, d.candidateKind, d.candidateReason
	}
	if len(r.Origin) == 1 {
		obs.Origin = r.Origin[0]
	}
	return obs
}
