package core

import "net/http"

// The names below exist for core's external tests (package core_test),
// which decide request views directly; the package's API has none of them.

// NewRequest is the request view Handle builds of r.
func NewRequest(r *http.Request) Request {
	var req Request
	req.read(r)
	return req
}

// Decide decides r as Handle and HandleRequest do, writing nothing.
func (p *Policy) Decide(r Request) Decision {
	var d Decision
	p.decide(&r, &d)
	return d
}

// Apply writes d's headers to h as Handle does.
func (d Decision) Apply(h http.Header) { d.writeHeader(h) }

// ApplyTo writes d's headers to h as HandleRequest does.
func (d Decision) ApplyTo(h HeaderStore) { d.writeTo(h) }

// ExplainRequest is Explain for a request view.
func (p *Policy) ExplainRequest(r Request) Explanation { return p.explainRequest(r) }
