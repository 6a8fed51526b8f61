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

	// pending: AccessControlRequestHeaders and
	// AccessControlRequestPrivateNetwork are yet to be read from
	// HTTP.Header, which only a preflight from an allowed origin needs.
	pending bool
}

// NewRequest returns the view of r that [Policy.Decide] reads. It shares
// r's header values and allocates nothing.
func NewRequest(r *http.Request) Request {
	h := r.Header
	return Request{
		Method:                             r.Method,
		Path:                               r.URL.Path,
		Origin:                             h["Origin"],
		AccessControlRequestMethod:         h["Access-Control-Request-Method"],
		AccessControlRequestHeaders:        h["Access-Control-Request-Headers"],
		AccessControlRequestPrivateNetwork: h["Access-Control-Request-Private-Network"],
		HTTP:                               r,
	}
}

// requestOf is NewRequest for Handle. The Access-Control-Request-* headers
// matter only to a preflight, an OPTIONS request with an Origin, so other
// requests are spared their look-ups; Decide reads them for no other, and
// reads the requested headers only once the origin is allowed.
// It fills req, which must be zero, field by field: a Request built
// elsewhere and copied in would cost a stall on the copy.
func requestOf(req *Request, r *http.Request) {
	h := r.Header
	req.Method, req.Path, req.Origin, req.HTTP = r.Method, r.URL.Path, h["Origin"], r
	if r.Method == http.MethodOptions && len(req.Origin) > 0 {
		req.AccessControlRequestMethod = h["Access-Control-Request-Method"]
		req.pending = true
	}
}

// readPending reads the headers requestOf left for later.
func (r *Request) readPending() {
	if r.pending {
		h := r.HTTP.Header
		r.AccessControlRequestHeaders = h["Access-Control-Request-Headers"]
		r.AccessControlRequestPrivateNetwork = h["Access-Control-Request-Private-Network"]
		r.pending = false
	}
}
