package fetch

import "strings"

// IsToken reports whether s is an RFC 9110 token: the syntax of method and
// header names.
func IsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenChars[s[i]] {
			return false
		}
	}
	return true
}

// tokenChars holds the bytes of a token: letters, digits and
// "!#$%&'*+-.^_`|~". A table, as every preflight checks each byte of its
// method and of every header name it asks for.
var tokenChars = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", byte(c)) >= 0
	}
	return t
}()

// TrimOWS removes RFC 9110's optional white space, spaces and tabs, from
// both ends of s: what surrounds an element of a comma-separated list.
func TrimOWS(s string) string {
	for len(s) > 0 && isOWS(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isOWS(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// ForbiddenMethod reports whether browsers refuse to send m: CONNECT,
// TRACE or TRACK, compared case-insensitively as the Fetch standard does.
func ForbiddenMethod(m string) bool {
	return strings.EqualFold(m, "CONNECT") || strings.EqualFold(m, "TRACE") || strings.EqualFold(m, "TRACK")
}

// NormalizedMethod reports whether m is one of the methods browsers
// upper-case before sending (DELETE, GET, HEAD, OPTIONS, POST and PUT, in
// any case), and which.
func NormalizedMethod(m string) (string, bool) {
	for _, std := range [...]string{"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"} {
		if strings.EqualFold(m, std) {
			return std, true
		}
	}
	return "", false
}

// SafelistedMethod reports whether m is a CORS-safelisted method, GET, HEAD
// or POST, compared case-sensitively: browsers send it without a preflight,
// and so accept it in a preflight's answer whatever Allow-Methods says.
func SafelistedMethod(m string) bool { return m == "GET" || m == "HEAD" || m == "POST" }

// ForbiddenRequestHeader reports whether browsers refuse to let scripts set
// the header named name, which must be in lower case: the fixed names of
// the Fetch standard's forbidden request-header list and the Proxy- and
// Sec- prefixes. The X-HTTP-Method family, forbidden only with a forbidden
// method as its value, is the caller's to judge.
func ForbiddenRequestHeader(name string) bool {
	switch name {
	case "accept-charset", "accept-encoding", "access-control-request-headers",
		"access-control-request-method", "access-control-request-private-network",
		"connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect",
		"host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer",
		"transfer-encoding", "upgrade", "via":
		return true
	}
	return strings.HasPrefix(name, "proxy-") || strings.HasPrefix(name, "sec-")
}
