package browsercheck

import (
	"net/http"
	"slices"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
)

// NormalizeMethod is the method fetch() sends for m: the Fetch standard
// upper-cases DELETE, GET, HEAD, OPTIONS, POST and PUT, matched without
// regard to case, and leaves every other method as written, so
// fetch(url, {method: "patch"}) sends "patch". "" means GET.
func NormalizeMethod(m string) string {
	if m == "" {
		return http.MethodGet
	}
	if std, ok := fetch.NormalizedMethod(m); ok {
		return std
	}
	return m
}

// IsSafelistedMethod reports whether m is a CORS-safelisted method: GET,
// HEAD or POST, case-sensitively. Such a method never needs a preflight's
// permission.
func IsSafelistedMethod(m string) bool { return fetch.SafelistedMethod(m) }

// IsForbiddenMethod reports whether m is a method fetch() refuses to send:
// CONNECT, TRACE or TRACK, in any case.
func IsForbiddenMethod(m string) bool { return fetch.ForbiddenMethod(m) }

// IsForbiddenRequestHeader reports whether a script may not set the header
// name: the browser silently drops it from the request (Cookie, Origin,
// Host, Sec-*, Proxy-*, …). The X-HTTP-Method family is forbidden only with
// a forbidden method as its value.
func IsForbiddenRequestHeader(name, value string) bool {
	n := strings.ToLower(name)
	switch n {
	case "x-http-method", "x-http-method-override", "x-method-override":
		for _, m := range strings.Split(value, ",") {
			if fetch.ForbiddenMethod(trimHTTPWhitespace(m)) {
				return true
			}
		}
		return false
	}
	return fetch.ForbiddenRequestHeader(n)
}

// maxSafelistedValue and maxSafelistedTotal are the Fetch standard's limits
// on the value of one CORS-safelisted request header and on all of them
// together.
const (
	maxSafelistedValue = 128
	maxSafelistedTotal = 1024
)

// IsSafelistedRequestHeader reports whether the header name: value, as a
// script sets it, is a CORS-safelisted request-header, one a browser sends
// cross-origin without a preflight: Accept, Accept-Language,
// Content-Language, Content-Type (with the essence
// application/x-www-form-urlencoded, multipart/form-data or text/plain) and
// Range (a single bytes range with a start), with a value of at most 128
// bytes and without the bytes the standard calls unsafe. The 1024-byte limit
// on all of them together is applied by [UnsafeHeaderNames].
func IsSafelistedRequestHeader(name, value string) bool {
	value = trimHTTPWhitespace(value)
	if len(value) > maxSafelistedValue {
		return false
	}
	switch strings.ToLower(name) {
	case "accept":
		return !hasUnsafeByte(value)
	case "accept-language", "content-language":
		for i := 0; i < len(value); i++ {
			if !languageByte(value[i]) {
				return false
			}
		}
		return true
	case "content-type":
		if hasUnsafeByte(value) {
			return false
		}
		switch essence, ok := mimeEssence(value); {
		case !ok:
			return false
		case essence == "application/x-www-form-urlencoded", essence == "multipart/form-data", essence == "text/plain":
			return true
		}
		return false
	case "range":
		return simpleRange(value)
	}
	return false
}

// UnsafeHeaderNames is the Fetch standard's CORS-unsafe request-header
// names of the headers a script sets: the names of those that are not
// CORS-safelisted, and of all the safelisted ones when their values add up
// to more than 1024 bytes; lower case, sorted, without duplicates. A
// preflight's Access-Control-Request-Headers lists them, joined with ",".
// Each value of h is one entry of the header list, as Headers.append makes
// them. Forbidden headers, which the browser drops, are left out.
func UnsafeHeaderNames(h http.Header) []string {
	var unsafe, potentially []string
	total := 0
	for name, values := range h {
		lower := strings.ToLower(name)
		for _, value := range values {
			switch {
			case IsForbiddenRequestHeader(name, value):
			case IsSafelistedRequestHeader(name, value):
				potentially = append(potentially, lower)
				total += len(trimHTTPWhitespace(value))
			default:
				unsafe = append(unsafe, lower)
			}
		}
	}
	if total > maxSafelistedTotal {
		unsafe = append(unsafe, potentially...)
	}
	slices.Sort(unsafe)
	return slices.Compact(unsafe)
}

// A Request is a fetch() call in "cors" mode, as a browser makes it.
type Request struct {
	// URL is the URL fetched; it is used in messages only.
	URL string
	// Origin is the serialized origin of the page that calls fetch(), or
	// "null" for an opaque one (a sandboxed iframe, a document reached by
	// a cross-origin redirect).
	Origin string
	// Method is the method as the script passes it; [NormalizeMethod]
	// gives the one sent.
	Method string
	// Header holds the headers the script sets. Forbidden ones are
	// ignored, as the browser drops them.
	Header http.Header
	// Credentials is fetch()'s credentials mode "include": cookies are
	// sent and the response must allow credentials.
	Credentials bool
}

// NeedsPreflight reports whether the browser sends a CORS preflight before
// r: its method is not CORS-safelisted, or it sets a header that is not
// CORS-safelisted.
func (r *Request) NeedsPreflight() bool {
	return !IsSafelistedMethod(NormalizeMethod(r.Method)) || len(UnsafeHeaderNames(r.Header)) > 0
}

// Preflight is the question r's preflight asks.
func (r *Request) Preflight() Preflight {
	return Preflight{
		URL:         r.URL,
		Origin:      r.Origin,
		Method:      NormalizeMethod(r.Method),
		Headers:     UnsafeHeaderNames(r.Header),
		Credentials: r.Credentials,
	}
}

// A Preflight is what a CORS-preflight request asks: an OPTIONS request,
// without credentials, carrying Origin, Access-Control-Request-Method and,
// when Headers is not empty, Access-Control-Request-Headers.
type Preflight struct {
	// URL is the URL fetched; it is used in messages only.
	URL string
	// Origin is the request's Origin.
	Origin string
	// Method is the value of Access-Control-Request-Method.
	Method string
	// Headers are the names listed in Access-Control-Request-Headers.
	Headers []string
	// Credentials is whether the actual request will include credentials:
	// the preflight's answer must then allow them, and its "*" values are
	// not wildcards.
	Credentials bool
}

// RequestHeaders is the Access-Control-Request-Headers value a browser
// sends for p: the names lower-cased, sorted and joined with ",", or "".
func (p Preflight) RequestHeaders() string {
	names := make([]string, len(p.Headers))
	for i, n := range p.Headers {
		names[i] = strings.ToLower(n)
	}
	slices.Sort(names)
	return strings.Join(slices.Compact(names), ",")
}

func trimHTTPWhitespace(s string) string { return strings.Trim(s, " \t\r\n") }

// hasUnsafeByte reports whether s holds a CORS-unsafe request-header byte.
func hasUnsafeByte(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' || c == 0x7f {
			return true
		}
		switch c {
		case '"', '(', ')', ':', '<', '>', '?', '@', '[', '\\', ']', '{', '}':
			return true
		}
	}
	return false
}

func languageByte(c byte) bool {
	switch {
	case '0' <= c && c <= '9', 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		return true
	}
	switch c {
	case ' ', '*', ',', '-', '.', ';', '=':
		return true
	}
	return false
}

// mimeEssence parses a MIME type as far as its essence, type/subtype in
// lower case.
func mimeEssence(v string) (string, bool) {
	essence, _, _ := strings.Cut(v, ";")
	typ, sub, ok := strings.Cut(trimHTTPWhitespace(essence), "/")
	if !ok || !fetch.IsToken(typ) || !fetch.IsToken(sub) {
		return "", false
	}
	return strings.ToLower(typ + "/" + sub), true
}

// simpleRange reports whether v is a Range value the Fetch standard
// safelists: "bytes=" and one range with a start, "bytes=0-" or
// "bytes=0-499", without white space.
func simpleRange(v string) bool {
	rest, ok := strings.CutPrefix(v, "bytes=")
	if !ok {
		return false
	}
	start, end, ok := strings.Cut(rest, "-")
	if !ok || !allDigits(start) || start == "" || end != "" && !allDigits(end) {
		return false
	}
	if end == "" {
		return true
	}
	return compareDigits(start, end) <= 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// compareDigits compares two decimal numbers of any length.
func compareDigits(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}
