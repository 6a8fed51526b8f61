package core

import (
	"net/http"
	"strconv"
	"strings"
)

// Kind classifies a request as the policy sees it.
type Kind uint8

const (
	// NotCORS: the request has no Origin header, or CORS is not enabled for
	// its path. It goes to the application untouched, save for Vary.
	NotCORS Kind = iota
	// Actual: a request with an Origin that is not a preflight. It always
	// goes to the application; Decision.Allowed says whether its response
	// grants the origin access.
	Actual
	// PreflightAccepted: a preflight the policy grants. The middleware
	// answers it with Decision.Status and no body.
	PreflightAccepted
	// PreflightRejected: a preflight the policy refuses. The middleware
	// answers it 403 Forbidden, without any Access-Control-Allow-* header.
	PreflightRejected
)

var kindNames = [...]string{"not CORS", "actual", "preflight accepted", "preflight rejected"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Reason says why a Decision is what it is. Every refusal, and every grant
// that leaves something out, has its own Reason; String says it in words.
type Reason uint8

const (
	// ReasonAllowed: the request is granted in full.
	ReasonAllowed Reason = iota
	// ReasonNoOrigin: the request has no Origin header.
	ReasonNoOrigin
	// ReasonPathNotEnabled: URLsRegex does not match the path and no
	// CheckRequest hook enabled it.
	ReasonPathNotEnabled
	// ReasonMultipleOrigins: the request has several Origin values.
	ReasonMultipleOrigins
	// ReasonOriginMalformed: the Origin value is not a serialized origin.
	ReasonOriginMalformed
	// ReasonOriginNotAllowed: the origin matches no configured entry and no
	// CheckRequest hook allowed it.
	ReasonOriginNotAllowed
	// ReasonMethodMalformed: Access-Control-Request-Method is not a single
	// method name.
	ReasonMethodMalformed
	// ReasonMethodNotAllowed: the preflight asks for a method that
	// AllowMethods does not list.
	ReasonMethodNotAllowed
	// ReasonRequestHeadersMalformed: Access-Control-Request-Headers is not a
	// list of header names, or comes in more than 8 lines.
	ReasonRequestHeadersMalformed
	// ReasonRequestHeadersTooLong: Access-Control-Request-Headers is longer
	// than every allowed name together, so it names something not allowed.
	ReasonRequestHeadersTooLong
	// ReasonHeaderNotAllowed: the preflight asks for a header that
	// AllowHeaders does not list.
	ReasonHeaderNotAllowed
	// ReasonPrivateNetworkNotAllowed: the preflight is granted, but without
	// the private-network access it asked for, as AllowPrivateNetwork is off.
	ReasonPrivateNetworkNotAllowed
)

var reasonTexts = [...]string{
	ReasonAllowed:                  "allowed",
	ReasonNoOrigin:                 "the request has no Origin header, so it is not a CORS request",
	ReasonPathNotEnabled:           "CORS is not enabled for this path: URLsRegex does not match it and no CheckRequest hook enabled it",
	ReasonMultipleOrigins:          "the request carries more than one Origin value",
	ReasonOriginMalformed:          "the Origin header is not a serialized origin (scheme://host[:port], \"null\" or \"file://\")",
	ReasonOriginNotAllowed:         "the origin is not allowed: it matches no entry of AllowedOrigins or AllowedOriginRegexes and no CheckRequest hook allowed it",
	ReasonMethodMalformed:          "Access-Control-Request-Method is not a single method name",
	ReasonMethodNotAllowed:         "the method asked for in Access-Control-Request-Method is not in AllowMethods",
	ReasonRequestHeadersMalformed:  "Access-Control-Request-Headers is not a list of header names",
	ReasonRequestHeadersTooLong:    "Access-Control-Request-Headers is longer than all of AllowHeaders together, so it asks for a header not in AllowHeaders",
	ReasonHeaderNotAllowed:         "a header asked for in Access-Control-Request-Headers is not in AllowHeaders",
	ReasonPrivateNetworkNotAllowed: "private network access was asked for and AllowPrivateNetwork is off, so Access-Control-Allow-Private-Network is not sent",
}

func (r Reason) String() string {
	if int(r) < len(reasonTexts) {
		return reasonTexts[r]
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// A Decision is the policy's answer for one request: its Kind, the Reason,
// the status to answer a preflight with, and the headers to write, which
// [Decision.Apply] writes. A Decision is a small value that refers to the
// policy's precomputed header values and to the request's own; it allocates
// nothing.
type Decision struct {
	Kind   Kind
	Reason Reason
	// grants says which of policy's precomputed header values apply; the
	// Decision stays small, as it is passed and returned by value. (Its
	// size is a multiple of 16 bytes, which copies well.)
	grants grants
	// Status is the status the middleware answers a preflight with: the
	// policy's PreflightStatus for PreflightAccepted, 403 for
	// PreflightRejected, and 0 for requests the application answers.
	Status int

	policy *Policy
	// allowOrigin is the request's Origin, or "*"; nil when not granted.
	allowOrigin []string
	// The request's own values, repeated for AllowMethods or AllowHeaders
	// "*".
	echoMethod  []string
	echoHeaders []string
}

// grants is a set of the policy's header values a Decision applies.
type grants uint8

const (
	grantVaryActual grants = 1 << iota // Vary: Origin
	grantCredentials
	grantExposeHeaders
	grantAllowMethods
	grantAllowHeaders
	grantMaxAge
	grantPrivateNetwork
)

// Allowed reports whether the response grants the request's origin access:
// it carries Access-Control-Allow-Origin.
func (d Decision) Allowed() bool { return d.allowOrigin != nil }

// Preflight reports whether the request is a preflight, which the middleware
// answers itself with Status, without calling the application.
func (d Decision) Preflight() bool {
	return d.Kind == PreflightAccepted || d.Kind == PreflightRejected
}

// Shared header values. Every slice has its capacity equal to its length, so
// a later h.Add or append copies it rather than writing into it.
var (
	valueTrue = []string{"true"}
	valueStar = []string{"*"}
)

// Apply writes the decision's headers to h, the response's header map:
// Vary is merged with what h already holds, the Access-Control-* headers
// replace any earlier value. The values written are shared with other
// responses; change them with h.Set, h.Add or h.Del, never by writing into
// the slices in place.
func (d Decision) Apply(h http.Header) { applyDecision(&d, h) }

// applyDecision is Apply without copying d, for Handle.
func applyDecision(d *Decision, h http.Header) {
	p := d.policy
	if d.grants&grantVaryActual != 0 {
		mergeVary(h, p.varyActual)
	}
	if d.allowOrigin == nil {
		return
	}
	h["Access-Control-Allow-Origin"] = d.allowOrigin
	if d.grants&grantCredentials != 0 {
		h["Access-Control-Allow-Credentials"] = valueTrue
	}
	if d.grants&grantExposeHeaders != 0 && p.exposeHeaders != nil {
		h["Access-Control-Expose-Headers"] = p.exposeHeaders
	}
	if d.echoMethod != nil {
		h["Access-Control-Allow-Methods"] = d.echoMethod
	} else if d.grants&grantAllowMethods != 0 && p.allowMethods != nil {
		h["Access-Control-Allow-Methods"] = p.allowMethods
	}
	if d.echoHeaders != nil {
		h["Access-Control-Allow-Headers"] = d.echoHeaders
	} else if d.grants&grantAllowHeaders != 0 && p.allowHeaders != nil {
		h["Access-Control-Allow-Headers"] = p.allowHeaders
	}
	if d.grants&grantMaxAge != 0 && p.maxAge != nil {
		h["Access-Control-Max-Age"] = p.maxAge
	}
	if d.grants&grantPrivateNetwork != 0 {
		h["Access-Control-Allow-Private-Network"] = valueTrue
	}
}

// mergeVary adds to h's Vary the names in add (one comma-separated value)
// that it does not already list. It writes nothing when Vary is "*".
func mergeVary(h http.Header, add []string) {
	if len(h) == 0 {
		// The usual case, as CORS middleware comes early: no look-up.
		h["Vary"] = add
		return
	}
	old := h["Vary"]
	if len(old) == 0 {
		h["Vary"] = add
		return
	}
	if listHas(old, "*") {
		return
	}
	rest := add[0]
	for rest != "" {
		var name string
		if i := strings.IndexByte(rest, ','); i >= 0 {
			name, rest = rest[:i], rest[i+1:]
		} else {
			name, rest = rest, ""
		}
		name = trimOWS(name)
		if !listHas(old, name) {
			old = append(old[:len(old):len(old)], name)
		}
	}
	h["Vary"] = old
}

// listHas reports whether the comma-separated lines list name,
// case-insensitively.
func listHas(lines []string, name string) bool {
	for _, l := range lines {
		for l != "" {
			var elem string
			if i := strings.IndexByte(l, ','); i >= 0 {
				elem, l = l[:i], l[i+1:]
			} else {
				elem, l = l, ""
			}
			if strings.EqualFold(trimOWS(elem), name) {
				return true
			}
		}
	}
	return false
}
