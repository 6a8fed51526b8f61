package browsercheck

import (
	"fmt"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/printable"
)

// A Reason is why a browser refuses a cross-origin response.
type Reason int

// The reasons, each named after Chromium's error of the same meaning.
const (
	// MissingAllowOrigin: no Access-Control-Allow-Origin header.
	MissingAllowOrigin Reason = iota + 1
	// MultipleAllowOrigin: Access-Control-Allow-Origin holds several
	// values, or was sent on several lines.
	MultipleAllowOrigin
	// InvalidAllowOrigin: Access-Control-Allow-Origin is neither "*" nor
	// an origin.
	InvalidAllowOrigin
	// AllowOriginMismatch: Access-Control-Allow-Origin names another
	// origin.
	AllowOriginMismatch
	// WildcardOriginWithCredentials: "Access-Control-Allow-Origin: *" for
	// a request with credentials.
	WildcardOriginWithCredentials
	// InvalidAllowCredentials: a request with credentials got no
	// "Access-Control-Allow-Credentials: true".
	InvalidAllowCredentials
	// PreflightStatus: the preflight's answer is not 2xx.
	PreflightStatus
	// PreflightRedirect: the preflight was answered with a redirect.
	PreflightRedirect
	// InvalidAllowMethods: Access-Control-Allow-Methods is not a list of
	// method names.
	InvalidAllowMethods
	// InvalidAllowHeaders: Access-Control-Allow-Headers is not a list of
	// header names.
	InvalidAllowHeaders
	// MethodNotAllowed: the preflight's answer does not grant the method.
	MethodNotAllowed
	// HeaderNotAllowed: the preflight's answer does not grant a header.
	HeaderNotAllowed
)

var reasonNames = [...]string{
	MissingAllowOrigin:            "MissingAllowOrigin",
	MultipleAllowOrigin:           "MultipleAllowOrigin",
	InvalidAllowOrigin:            "InvalidAllowOrigin",
	AllowOriginMismatch:           "AllowOriginMismatch",
	WildcardOriginWithCredentials: "WildcardOriginWithCredentials",
	InvalidAllowCredentials:       "InvalidAllowCredentials",
	PreflightStatus:               "PreflightStatus",
	PreflightRedirect:             "PreflightRedirect",
	InvalidAllowMethods:           "InvalidAllowMethods",
	InvalidAllowHeaders:           "InvalidAllowHeaders",
	MethodNotAllowed:              "MethodNotAllowed",
	HeaderNotAllowed:              "HeaderNotAllowed",
}

// String is r's constant name, such as "MissingAllowOrigin".
func (r Reason) String() string {
	if r > 0 && int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", int(r))
}

// An Error is a browser's refusal of a cross-origin response: the script's
// fetch() rejects with a TypeError and learns nothing of the response.
type Error struct {
	Reason Reason
	// Preflight is true when the preflight's answer failed, so that the
	// actual request was never sent.
	Preflight bool
	// URL is the URL fetched, when known.
	URL string
	// RedirectedFrom is the URL the fetch started at, when redirects led
	// to URL.
	RedirectedFrom string
	// Origin is the origin the request was made from.
	Origin string
	// Credentials is whether the request included credentials.
	Credentials bool
	// Value is the value at fault: that of Access-Control-Allow-Origin or
	// Access-Control-Allow-Credentials, the status text, the Location of
	// a redirect, the method or the header name refused, as received
	// (the messages escape control and bidi runes in it, and in URL
	// and Origin).
	Value string
}

// Error is what Chromium's console says after "has been blocked by CORS
// policy: ".
func (e *Error) Error() string {
	var msg string
	switch e.Reason {
	case MissingAllowOrigin:
		msg = "No 'Access-Control-Allow-Origin' header is present on the requested resource."
	case MultipleAllowOrigin:
		msg = "The 'Access-Control-Allow-Origin' header contains multiple values '" + escape(e.Value) + "', but only one is allowed."
	case InvalidAllowOrigin:
		msg = "The 'Access-Control-Allow-Origin' header contains the invalid value '" + escape(e.Value) + "'."
	case AllowOriginMismatch:
		msg = "The 'Access-Control-Allow-Origin' header has a value '" + escape(e.Value) + "' that is not equal to the supplied origin."
	case WildcardOriginWithCredentials:
		msg = "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."
	case InvalidAllowCredentials:
		msg = "The value of the 'Access-Control-Allow-Credentials' header in the response is '" + escape(e.Value) + "' which must be 'true' when the request's credentials mode is 'include'."
	case PreflightStatus:
		msg = "It does not have HTTP ok status."
	case PreflightRedirect:
		msg = "Redirect is not allowed for a preflight request."
	case InvalidAllowMethods:
		return "Cannot parse Access-Control-Allow-Methods response header field in preflight response."
	case InvalidAllowHeaders:
		return "Cannot parse Access-Control-Allow-Headers response header field in preflight response."
	case MethodNotAllowed:
		return "Method " + escape(e.Value) + " is not allowed by Access-Control-Allow-Methods in preflight response."
	case HeaderNotAllowed:
		return "Request header field " + escape(e.Value) + " is not allowed by Access-Control-Allow-Headers in preflight response."
	default:
		msg = e.Reason.String()
	}
	if e.Preflight {
		return "Response to preflight request doesn't pass access control check: " + msg
	}
	return msg
}

// Console is the whole line Chromium prints in the console for a fetch()
// the error refused.
func (e *Error) Console() string {
	at := "'" + escape(e.URL) + "'"
	if e.RedirectedFrom != "" {
		at += " (redirected from '" + escape(e.RedirectedFrom) + "')"
	}
	msg := "Access to fetch at " + at + " from origin '" + escape(e.Origin) + "' has been blocked by CORS policy: " + e.Error()
	if e.Reason == MissingAllowOrigin && !e.Preflight {
		msg += " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled."
	}
	return msg
}

// Fix says what the server must change for the browser to accept the
// response.
func (e *Error) Fix() string {
	answer := "the response"
	if e.Preflight {
		answer = "the answer to the preflight (OPTIONS)"
	}
	allow := fmt.Sprintf("%s must carry \"Access-Control-Allow-Origin: %s\"", answer, escape(e.Origin))
	switch e.Reason {
	case MissingAllowOrigin:
		if e.Preflight {
			return allow + ": the server's CORS configuration must allow the origin and the method and headers the preflight asks for (a refused preflight carries no CORS header at all), and its CORS middleware must see the OPTIONS request before routing, authentication or redirects"
		}
		return allow + ": allow the origin " + quote(e.Origin) + " in the server's CORS configuration (with corsheaders, add it to CORS_ALLOWED_ORIGINS)"
	case MultipleAllowOrigin:
		return allow + " once: two layers (a proxy and the application, or two middlewares) each add the header; let only one of them handle CORS"
	case InvalidAllowOrigin, AllowOriginMismatch:
		return allow + ", byte for byte (lower-case scheme and host, no default port, no trailing slash), not " + quote(e.Value) + "; a server that allows several origins must answer with the request's own"
	case WildcardOriginWithCredentials:
		return allow + " instead of \"*\", and \"Access-Control-Allow-Credentials: true\": a request with credentials is never granted by \"*\""
	case InvalidAllowCredentials:
		return answer + " must carry \"Access-Control-Allow-Credentials: true\" (exactly, lower case) for a request with credentials (with corsheaders, CORS_ALLOW_CREDENTIALS=true); or the page must not send credentials"
	case PreflightStatus:
		return "answer the preflight with a 2xx status, not " + quote(e.Value) + ": the CORS middleware must answer OPTIONS requests carrying Access-Control-Request-Method before authentication, routing or method checks"
	case PreflightRedirect:
		return "answer the preflight at this URL without redirecting (to " + quote(e.Value) + "): fetch the final URL from the page, or let the CORS middleware answer before the redirect"
	case InvalidAllowMethods:
		return "send Access-Control-Allow-Methods as a comma-separated list of method names"
	case InvalidAllowHeaders:
		return "send Access-Control-Allow-Headers as a comma-separated list of header names"
	case MethodNotAllowed:
		fix := "list " + quote(e.Value) + " in Access-Control-Allow-Methods (with corsheaders, add it to CORS_ALLOW_METHODS); methods are case-sensitive"
		if e.Credentials {
			fix += ", and \"*\" is not a wildcard for a request with credentials"
		}
		return fix
	case HeaderNotAllowed:
		fix := "list " + quote(e.Value) + " in Access-Control-Allow-Headers (with corsheaders, add it to CORS_ALLOW_HEADERS)"
		switch {
		case e.Value == "authorization":
			fix += "; \"*\" never covers Authorization"
		case e.Credentials:
			fix += "; \"*\" is not a wildcard for a request with credentials"
		}
		return fix
	}
	return ""
}

// The messages embed values a server sent or a user gave: escape writes,
// and quote quotes, those that could act on a terminal (ESC, the C1
// controls CSI U+009B and OSC U+009D, bidi controls such as U+202E,
// invalid UTF-8) as escapes, \x1b or \u202e.
func escape(s string) string { return printable.Escape(s) }

func quote(s string) string { return "\"" + strings.ReplaceAll(escape(s), "\"", "\\\"") + "\"" }
