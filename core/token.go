package core

import "strings"

// isToken reports whether s is an RFC 9110 token: the syntax of method and
// header names.
func isToken(s string) bool {
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
		t[c] = isLetter(byte(c)) || isDigit(byte(c)) || strings.IndexByte("!#$%&'*+-.^_`|~", byte(c)) >= 0
	}
	return t
}()

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// forbiddenMethod reports whether browsers refuse to send method, compared
// case-insensitively as the Fetch standard does.
func forbiddenMethod(m string) bool {
	return strings.EqualFold(m, "CONNECT") || strings.EqualFold(m, "TRACE") || strings.EqualFold(m, "TRACK")
}

// normalizedMethod reports whether m is one of the methods browsers
// upper-case before sending, and which.
func normalizedMethod(m string) (string, bool) {
	for _, std := range [...]string{"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"} {
		if strings.EqualFold(m, std) {
			return std, true
		}
	}
	return "", false
}

// safelistedMethod reports whether browsers send m without a preflight, and
// so accept it in a preflight's answer whatever Allow-Methods says.
func safelistedMethod(m string) bool { return m == "GET" || m == "HEAD" || m == "POST" }

// forbiddenRequestHeader reports whether browsers refuse to let scripts set
// the header named name (lower case), so that allowing it is meaningless.
func forbiddenRequestHeader(name string) bool {
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
