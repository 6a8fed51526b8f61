package core

import "net/http"

// Request is what the policy reads of a request: its method and path, the
// values of the headers CORS is made of, and the request itself for
// CheckRequest hooks. Header values are given line by line, as in
// [http.Header]; a missing header is nil.
type Request struct {
	Method string
	// Path is matched by Config.URLsRegex.
	Path                               string
	Origin                             []string
	AccessControlRequestMethod         []string
	AccessControlRequestHeaders        []string
	AccessControlRequestPrivateNetwork []string
	// HTTP is passed to CheckRequest hooks; it may be nil when no hook is
	// configured.
	HTTP *http.Request
}

// NewRequest returns the view of r that [Policy.Decide] reads. It shares
// r's header values and allocates nothing. The Access-Control-Request-*
// headers are read only for an OPTIONS request with an Origin, the only
// kind that can be a preflight; Decide reads them for no other.
func NewRequest(r *http.Request) Request {
	var req Request
	req.fill(r)
	return req
}

// fill is NewRequest writing into req, the zero Request, field by field:
// Handle keeps the view in place, as copying it costs a store-forwarding
// stall on every request.
func (req *Request) fill(r *http.Request) {
	h := r.Header
	req.Method, req.Path, req.Origin, req.HTTP = r.Method, r.URL.Path, h["Origin"], r
	if r.Method == http.MethodOptions && len(req.Origin) > 0 {
		req.AccessControlRequestMethod = h["Access-Control-Request-Method"]
		req.AccessControlRequestHeaders = h["Access-Control-Request-Headers"]
		req.AccessControlRequestPrivateNetwork = h["Access-Control-Request-Private-Network"]
	}
}
