package core

import (
	"net/http"
	"sync"
	"unsafe"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
	"github.com/corsheaders/corsheaders/core/internal/pathrule"
)

// This file holds what only the author of an adapter needs: an adapter
// turns its framework's request into a [Request], hands it to [Handle] or
// [HandleRequest], which decide it and write the response's CORS headers,
// and then either answers a preflight itself or calls the next handler.
// Applications use the adapters, not these.

// Handle is what an adapter for a server built on net/http does with each
// request: it decides r with the policy src holds and writes the decision's
// headers to h, the response's header map. When the returned Decision's
// Preflight method reports true, the adapter answers with the Decision's
// Status and stops; otherwise it calls the next handler.
//
// Deciding allocates nothing. Writing the headers costs one array of the
// response's own when the response gets any: the application (or a
// middleware in front, once a preflight is answered) may write h's values
// in place, and such a write must change this response only.
func Handle(src Source, h http.Header, r *http.Request) Decision {
	req := newRequest(r)
	var d Decision
	src.Policy().decide(&req, &d)
	d.writeHeader(h)
	return d
}

// HandleRequest is [Handle] for a server not built on net/http: the
// adapter builds r, the request view (see [Request]), from its own request,
// and HandleRequest decides it with the policy src holds and writes the
// decision's headers to h. When the returned Decision's Preflight method
// reports true, the adapter answers with the Decision's Status and stops;
// otherwise it calls the next handler. r is only read, and nothing of it is
// kept once HandleRequest returns, save what h keeps of the strings it is
// given.
func HandleRequest(src Source, h HeaderStore, r *Request) Decision {
	var d Decision
	if r.Path == "" && r.RawPath != "" {
		decodeAndDecide(src.Policy(), r, &d)
	} else {
		src.Policy().decide(r, &d)
	}
	d.writeTo(h)
	return d
}

// Request is what the policy reads of a request: its method and path, the
// values of the headers CORS is made of, and the request itself for
// CheckRequest hooks. Header values are given line by line, as in
// [http.Header]; a missing header is nil.
//
// An adapter for a server not built on net/http builds a Request itself
// for [HandleRequest]. Its strings may share the server's buffers, which
// are reused once the request is answered: the policy keeps none of them
// past the call, and the debug log copies what it logs. It need only fill
// the Access-Control-Request-* fields for an OPTIONS request with an
// Origin, as the policy reads them for no other, and no header beyond
// [RequestLines] lines.
type Request struct {
	Method string
	// Path is the decoded path, as url.URL.Path holds it ("/a%2Fb" is
	// "/a/b"): URLsRegex and Config.Paths match it.
	Path string
	// RawPath is the path as the client escaped it, when that differs from
	// Path's default encoding, as url.URL.RawPath holds it; "" otherwise.
	// A router that routes on the escaped path (chi, Echo, Fiber) may serve
	// it under another rule of Config.Paths than Path, so the policy reads
	// both. Left empty, it is read from HTTP.
	//
	// A server that hands over the path only as sent, still escaped
	// (fasthttp, unless Fiber's UnescapePath is set), leaves Path empty and
	// sets RawPath: HandleRequest decodes it as net/url does, without
	// allocating. A path with an invalid escape, which net/url refuses, or
	// longer than [MaxPathLength], is read as sent.
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
}

// RequestLines is the most lines of one header an adapter building a
// [Request] needs to pass: the policy refuses a request with more lines of
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

// A HeaderStore is a response's header as a server not built on net/http
// holds it, such as fasthttp's ResponseHeader: the few operations
// [HandleRequest] needs. An [http.Header] is one too, and is written as
// [Handle] writes it.
//
// Get returns the first value of the header name, or "" if there is none;
// the string is only read, before any Set or Add. Set replaces every value
// of name with value; Add adds value as one more line. The store copies
// the strings it is given or keeps them: they are either the policy's,
// which never change, or the request's own values. A store other than
// http.Header is handed strings only, never a slice it could write into,
// so that a store copying them into buffers of the response's own, as
// fasthttp does, shares no memory with the policy or other responses.
type HeaderStore interface {
	Get(name string) string
	Set(name, value string)
	Add(name, value string)
}

// newRequest returns the view of r that the policy reads. It shares r's
// header values and allocates nothing. The Access-Control-Request-*
// headers are read only for an OPTIONS request with an Origin, the only
// kind that can be a preflight.
func newRequest(r *http.Request) Request {
	h := r.Header
	req := Request{Method: r.Method, Path: r.URL.Path, Origin: h["Origin"], HTTP: r}
	if r.Method == http.MethodOptions && len(req.Origin) > 0 {
		req.AccessControlRequestMethod = h["Access-Control-Request-Method"]
		req.AccessControlRequestHeaders = h["Access-Control-Request-Headers"]
		req.AccessControlRequestPrivateNetwork = h["Access-Control-Request-Private-Network"]
	}
	return req
}

// httpRequest returns the request hooks read, converting it on first need.
func (r *Request) httpRequest() *http.Request {
	if r.HTTP == nil && r.ToHTTP != nil {
		r.HTTP = r.ToHTTP.HTTPRequest()
	}
	return r.HTTP
}

// rawPath is the path as the client escaped it, when it differs from
// Path's default encoding; "" otherwise.
func (r *Request) rawPath() string {
	if r.RawPath != "" {
		return r.RawPath
	}
	if r.HTTP == nil || r.HTTP.URL == nil {
		return ""
	}
	return r.HTTP.URL.RawPath
}

// pathBuffers hold the paths HandleRequest decodes, for the length of one
// call.
var pathBuffers = sync.Pool{New: func() any { return new([]byte) }}

// decodeAndDecide decides r, whose path is given only as sent (RawPath),
// with Path set to the decoded path for the length of the call: hooks and
// the debug log read it as they read any other Request's.
func decodeAndDecide(p *Policy, r *Request, d *Decision) {
	sent := r.RawPath
	buf := pathBuffers.Get().(*[]byte)
	decoded, ok := pathrule.AppendUnescaped((*buf)[:0], sent)
	if ok {
		r.Path = unsafe.String(unsafe.SliceData(decoded), len(decoded))
	} else {
		// No escape, an invalid one, or a path too long: read as sent.
		r.Path, r.RawPath = sent, ""
	}
	p.decide(r, d)
	r.Path, r.RawPath = "", sent
	*buf = decoded
	pathBuffers.Put(buf)
}
