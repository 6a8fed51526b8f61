package core

import (
	"net/http"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
)

// Request is what the policy reads of a request: its method and path, the
// values of the headers CORS is made of, and the request itself for
// CheckRequest hooks. Header values are given line by line, as in
// [http.Header]; a missing header is nil.
//
// An adapter for a server not built on net/http (see [HandleRequest])
// builds a Request itself. Its strings may share the server's buffers,
// which are reused once the request is answered: the policy keeps none of
// them past the call, and the debug log copies what it logs. It need only
// fill the Access-Control-Request-* fields for an OPTIONS request with an
// Origin, as Decide reads them for no other.
type Request struct {
	Method string
	// Path is matched by Config.URLsRegex: the decoded path, as
	// url.URL.Path holds it ("/a%2Fb" is "/a/b").
	Path string
	// RawPath is the path as the client escaped it, when that differs from
	// Path's default encoding, as url.URL.RawPath holds it; "" otherwise.
	// A router that routes on the escaped path (chi, Echo, Fiber) may serve
	// it under another rule of Config.Paths than Path. Left empty, it is
	// read from HTTP.
	RawPath string

	Origin                             []string
	AccessControlRequestMethod         []string
	AccessControlRequestHeaders        []string
	AccessControlRequestPrivateNetwork []string
	// HTTP is passed to CheckRequest hooks; it may be nil when no hook is
	// configured, or when ToHTTP is set.
	HTTP *http.Request
	// ToHTTP, when HTTP is nil, converts the request for CheckRequest
	// hooks: the policy calls it once, just before the first hook runs, so
	// a server not built on net/http pays for the conversion only when a
	// hook is about to read the request, never when the configuration
	// alone decides.
	ToHTTP HTTPConverter

	// rest, when not nil, is the header Access-Control-Request-Headers and
	// Access-Control-Request-Private-Network are still to be read from:
	// Handle leaves them for decide to read once a preflight's origin is
	// allowed, so that a refused preflight costs two look-ups less.
	rest http.Header
}

// RequestLines is the most lines of one header an adapter building a
// [Request] needs to pass: Decide refuses a request with more lines of
// Origin, Access-Control-Request-Method or Access-Control-Request-Headers
// than browsers ever send well before this count, so a view holding the
// first RequestLines lines of a longer header is decided the same, and an
// adapter keeps its memory bounded whatever a client sends.
const RequestLines = fetch.MaxRequestHeaderLines + 1

// An HTTPConverter converts a request that is not an *http.Request, such
// as fasthttp's, into one, for CheckRequest hooks.
type HTTPConverter interface {
	HTTPRequest() *http.Request
}

// runViewHooks is runHooks for a request view: it converts the request for
// the hooks (Request.ToHTTP) only if there is one.
func (p *Policy) runViewHooks(r *Request) bool {
	if len(p.hooks) == 0 {
		return false
	}
	return p.runHooks(r.httpRequest())
}

// httpRequest returns the request hooks read, converting it on first need.
func (r *Request) httpRequest() *http.Request {
	if r.HTTP == nil && r.ToHTTP != nil {
		r.HTTP = r.ToHTTP.HTTPRequest()
	}
	return r.HTTP
}

// NewRequest returns the view of r that [Policy.Decide] reads. It shares
// r's header values and allocates nothing. The Access-Control-Request-*
// headers are read only for an OPTIONS request with an Origin, the only
// kind that can be a preflight; Decide reads them for no other.
func NewRequest(r *http.Request) Request {
	var req Request
	req.fill(r)
	req.readRest()
	return req
}

// fill is NewRequest writing into req, the zero Request, field by field
// (Handle keeps the view in place, as copying it costs a store-forwarding
// stall on every request), and leaving the headers only a preflight from an
// allowed origin needs to readRest.
func (req *Request) fill(r *http.Request) {
	h := r.Header
	req.Method, req.Path, req.Origin, req.HTTP = r.Method, r.URL.Path, h["Origin"], r
	if r.Method == http.MethodOptions && len(req.Origin) > 0 {
		req.AccessControlRequestMethod = h["Access-Control-Request-Method"]
		req.rest = h
	}
}

// readRest reads the headers fill left for later, if any.
func (req *Request) readRest() {
	if h := req.rest; h != nil {
		req.AccessControlRequestHeaders = h["Access-Control-Request-Headers"]
		req.AccessControlRequestPrivateNetwork = h["Access-Control-Request-Private-Network"]
		req.rest = nil
	}
}

// rawPath is the path as the client escaped it, when it differs from
// Path's default encoding; "" otherwise.
func (req *Request) rawPath() string {
	if req.RawPath != "" {
		return req.RawPath
	}
	if req.HTTP == nil || req.HTTP.URL == nil {
		return ""
	}
	return req.HTTP.URL.RawPath
}
