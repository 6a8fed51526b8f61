package browsercheck

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
)

// CheckCORS is the Fetch standard's CORS check of a response to a request
// from origin, with credentials or not: Access-Control-Allow-Origin must be
// exactly one value, the origin byte for byte or, without credentials, "*";
// with credentials, Access-Control-Allow-Credentials must be exactly "true".
// It applies to the answer to an actual request and to every redirect on
// the way; [Preflight.Check] applies it to a preflight's answer. It returns
// nil or an [*Error].
func CheckCORS(origin string, credentials bool, h http.Header) error {
	if e := corsCheck(origin, credentials, h); e != nil {
		return e
	}
	return nil
}

func corsCheck(origin string, credentials bool, h http.Header) *Error {
	fail := func(r Reason, value string) *Error {
		return &Error{Reason: r, Origin: origin, Credentials: credentials, Value: value}
	}
	lines, present := h[http.CanonicalHeaderKey("Access-Control-Allow-Origin")]
	if !present || len(lines) == 0 {
		return fail(MissingAllowOrigin, "")
	}
	// The browser reads a header sent on several lines as one value,
	// joined with ", ".
	allow := strings.Join(lines, ", ")
	switch {
	case allow == "*" && !credentials:
		return nil
	case allow == "*":
		return fail(WildcardOriginWithCredentials, allow)
	case allow != origin:
		switch {
		case strings.ContainsAny(allow, " ,"):
			return fail(MultipleAllowOrigin, allow)
		case !validOriginValue(allow):
			return fail(InvalidAllowOrigin, allow)
		}
		return fail(AllowOriginMismatch, allow)
	}
	if !credentials {
		return nil
	}
	if acac := strings.Join(h[http.CanonicalHeaderKey("Access-Control-Allow-Credentials")], ", "); acac != "true" {
		return fail(InvalidAllowCredentials, acac)
	}
	return nil
}

// validOriginValue reports whether v parses as an absolute URL with a
// host, as Chromium requires of an Access-Control-Allow-Origin value
// before comparing it with the origin.
func validOriginValue(v string) bool {
	u, err := url.Parse(v)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// Check is the CORS-preflight fetch's checks of the answer to p, with the
// given status and headers: the CORS check, an ok status (200 to 299), then
// the method against Access-Control-Allow-Methods and each header against
// Access-Control-Allow-Headers. A method is granted when it is
// CORS-safelisted, listed (case-sensitively), or, without credentials,
// when the list holds "*". A header is granted when listed (in any case)
// or, without credentials, when the list holds "*", which never covers
// Authorization. A redirect (3xx) fails: the browser never follows one
// for a preflight. It returns nil or an [*Error].
func (p Preflight) Check(status int, h http.Header) error {
	if e := p.check(status, h); e != nil {
		e.Preflight, e.URL = true, p.URL
		return e
	}
	return nil
}

func (p Preflight) check(status int, h http.Header) *Error {
	fail := func(r Reason, value string) *Error {
		return &Error{Reason: r, Origin: p.Origin, Credentials: p.Credentials, Value: value}
	}
	if status >= 300 && status < 400 && h.Get("Location") != "" {
		return fail(PreflightRedirect, h.Get("Location"))
	}
	if e := corsCheck(p.Origin, p.Credentials, h); e != nil {
		return e
	}
	if status < 200 || status > 299 {
		return fail(PreflightStatus, http.StatusText(status))
	}
	methods, ok := ParseList(h.Values("Access-Control-Allow-Methods"))
	if !ok {
		return fail(InvalidAllowMethods, strings.Join(h.Values("Access-Control-Allow-Methods"), ", "))
	}
	names, ok := ParseList(h.Values("Access-Control-Allow-Headers"))
	if !ok {
		return fail(InvalidAllowHeaders, strings.Join(h.Values("Access-Control-Allow-Headers"), ", "))
	}
	if !MethodGranted(p.Method, methods, p.Credentials) {
		return fail(MethodNotAllowed, p.Method)
	}
	for _, name := range p.Headers {
		if !HeaderGranted(name, names, p.Credentials) {
			return fail(HeaderNotAllowed, strings.ToLower(name))
		}
	}
	return nil
}

// ParseList parses the lines of a header whose value is a comma-separated
// list of tokens, such as Access-Control-Allow-Methods, as browsers do:
// elements are trimmed, empty ones skipped, and an element that is not a
// token makes the whole header unreadable (ok is false).
func ParseList(lines []string) (list []string, ok bool) {
	for _, l := range lines {
		for _, e := range strings.Split(l, ",") {
			if e = trimHTTPWhitespace(e); e == "" {
				continue
			}
			if !fetch.IsToken(e) {
				return nil, false
			}
			list = append(list, e)
		}
	}
	return list, true
}

// MethodGranted reports whether a preflight's answer whose
// Access-Control-Allow-Methods is allowed grants method: it is
// CORS-safelisted, listed case-sensitively, or allowed holds "*" and the
// request is without credentials.
func MethodGranted(method string, allowed []string, credentials bool) bool {
	if IsSafelistedMethod(method) {
		return true
	}
	for _, m := range allowed {
		if m == method || m == "*" && !credentials {
			return true
		}
	}
	return false
}

// HeaderGranted reports whether a preflight's answer whose
// Access-Control-Allow-Headers is allowed grants the request header name:
// it is listed, in any case, or allowed holds "*", the request is without
// credentials and name is not Authorization.
func HeaderGranted(name string, allowed []string, credentials bool) bool {
	for _, a := range allowed {
		if strings.EqualFold(a, name) {
			return true
		}
		if a == "*" && !credentials && !strings.EqualFold(name, "authorization") {
			return true
		}
	}
	return false
}

// IsSafelistedResponseHeader reports whether a script can always read the
// response header name of a cross-origin response that passed the CORS
// check: Cache-Control, Content-Language, Content-Length, Content-Type,
// Expires, Last-Modified and Pragma.
func IsSafelistedResponseHeader(name string) bool {
	switch strings.ToLower(name) {
	case "cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma":
		return true
	}
	return false
}

// Exposed reports whether a script can read the header name of a response,
// with headers h, that passed the CORS check: it is CORS-safelisted, or
// Access-Control-Expose-Headers lists it, or holds "*" and the request was
// without credentials. Set-Cookie is never readable.
func Exposed(name string, credentials bool, h http.Header) bool {
	switch n := strings.ToLower(name); {
	case n == "set-cookie" || n == "set-cookie2":
		return false
	case IsSafelistedResponseHeader(n):
		return true
	}
	list, ok := ParseList(h.Values("Access-Control-Expose-Headers"))
	if !ok {
		return false
	}
	for _, e := range list {
		if strings.EqualFold(e, name) || e == "*" && !credentials {
			return true
		}
	}
	return false
}

// Check is the CORS check of the answer to r (or to a redirect on its way),
// with r's origin, credentials mode and URL: see [CheckCORS].
func (r *Request) Check(h http.Header) error {
	if e := corsCheck(r.Origin, r.Credentials, h); e != nil {
		e.URL = r.URL
		return e
	}
	return nil
}
