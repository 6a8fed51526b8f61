package core

import (
	"context"
	"net/http"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
)

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
	// Host is the host the request was sent to, as the connection carried
	// it (net/http's Request.Host: the Host header, or HTTP/2's
	// :authority), unchecked and unchanged; never a value of
	// X-Forwarded-Host or Forwarded, which a page can set. A guard against
	// DNS rebinding and a policy chosen per host read it.
	Host string

	// TLS says the request came over TLS (net/http's Request.TLS is
	// set): the scheme Config.EnforceOrigin compares a same-origin
	// request's Origin with, unless Config.PublicScheme names one.
	TLS bool
	// SecFetchSite is the request's first Sec-Fetch-Site value, read by
	// Config.EnforceOrigin for a request without Origin; left empty, it is
	// read from HTTP. An adapter that leaves HTTP nil need only fill it for
	// a request without Origin.
	SecFetchSite string

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

	// header, set by Handle for a request that may be a preflight, is
	// where Access-Control-Request-Headers and -Private-Network are read
	// from once the preflight's origin is allowed: a preflight from an
	// origin that is not reads two headers less (the preflight-disallowed
	// benchmark of bench/ measures it).
	header http.Header
	// hooks remembers the hooks' answers while a report-only Source
	// decides the request with two policies (reportonly_hooks.go).
	hooks hookMemo
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

// read makes req, the zero Request, the view of r that the policy reads.
// It shares r's header values and allocates nothing. The
// Access-Control-Request-* headers are read only for an OPTIONS request
// with an Origin, the only kind that can be a preflight.
func (req *Request) read(r *http.Request) {
	h := r.Header
	req.Method, req.Path, req.Host, req.Origin, req.HTTP = r.Method, r.URL.Path, r.Host, h["Origin"], r
	req.TLS = r.TLS != nil
	if r.Method == http.MethodOptions && len(req.Origin) > 0 {
		req.AccessControlRequestMethod = h["Access-Control-Request-Method"]
		req.header = h
	}
}

// readPreflightHeaders reads the headers read left for later, if any.
func (r *Request) readPreflightHeaders() {
	if h := r.header; h != nil {
		r.AccessControlRequestHeaders = h["Access-Control-Request-Headers"]
		r.AccessControlRequestPrivateNetwork = h["Access-Control-Request-Private-Network"]
		r.header = nil
	}
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

// isPreflight: an OPTIONS request with Origin and
// Access-Control-Request-Method. Any other OPTIONS is the application's.
func isPreflight(r Request) bool {
	return r.Method == http.MethodOptions && len(r.Origin) > 0 && len(r.AccessControlRequestMethod) > 0
}

func wantsPrivateNetwork(r Request) bool {
	v := r.AccessControlRequestPrivateNetwork
	return len(v) == 1 && v[0] == "true"
}

// context is the request's context, for the debug log's handler.
func (r *Request) context() context.Context {
	if r.HTTP != nil {
		return r.HTTP.Context()
	}
	return context.Background()
}
