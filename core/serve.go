package core

import "net/http"

// Handle is what every adapter does with a request: it decides r with the
// policy src holds and writes the decision's headers to h, the response's
// header map. When the returned Decision's Preflight method reports true,
// the adapter answers with the Decision's Status and stops; otherwise it
// calls the next handler. Deciding allocates nothing; writing the headers
// costs what [Decision.Apply] costs, one array of the response's own when
// it gets any, as the handlers (or a middleware in front, once a preflight
// is answered) may write h's values in place.
func Handle(src Source, h http.Header, r *http.Request) Decision {
	var req Request
	req.fill(r)
	var d Decision
	src.Policy().decideInto(&req, &d)
	applyDecision(&d, h)
	return d
}

// MustPolicy is NewPolicy for adapters' New functions: it panics with the
// joined configuration errors.
func MustPolicy(cfg Config) *Policy {
	p, err := NewPolicy(cfg)
	if err != nil {
		panic(err)
	}
	return p
}
