package core

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
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
	// Refused: a request Config.HostGuard or Config.EnforceOrigin refuses.
	// The middleware answers it 403 Forbidden, without any CORS header,
	// and the application never runs; Reason says which refused it.
	Refused
)

var kindNames = [...]string{"not CORS", "actual", "preflight accepted", "preflight rejected", "refused"}

// kindNames' machine-readable twins, for metrics and structured records.
var kindKeys = [...]string{"not_cors", "actual", "preflight_accepted", "preflight_rejected", "refused"}

// Key is k's stable machine-readable name (not_cors, actual,
// preflight_accepted, preflight_rejected, refused), for metric labels and structured
// records: it never changes once published, unlike String's words.
func (k Kind) Key() string {
	if int(k) < len(kindKeys) {
		return kindKeys[k]
	}
	return "kind_" + strconv.Itoa(int(k))
}

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
	// A Decision may say ReasonOriginNotAllowed instead, when no entry
	// could allow the Origin however it is spelled and it is refused
	// without being read further; Policy.Explain and the DebugLogger tell
	// the two apart.
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
	// ReasonHostNotAllowed: Config.HostGuard refused the request, as its
	// Host is not one of AllowedHosts (or, without any, not localhost,
	// 127.0.0.1 or [::1]).
	ReasonHostNotAllowed
	// ReasonOriginEnforced: Config.EnforceOrigin refused the request, as
	// it carries an Origin the policy does not allow on its path (or
	// several, or a malformed one) and is not same-origin.
	ReasonOriginEnforced
	// ReasonCrossSiteWithoutOrigin: Config.EnforceOrigin refused the
	// request, which has no Origin but a Sec-Fetch-Site of "cross-site"
	// or "same-site": another site's page sent it without CORS, such as an
	// image or a form's GET.
	ReasonCrossSiteWithoutOrigin
	// ReasonTenantUnknown: a [Tenants] source has no tenant for the
	// request, and no policy for unknown tenants: CORS is not enabled for it.
	ReasonTenantUnknown
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
	ReasonHostNotAllowed:           "HostGuard refused the request: its Host is not one the server answers to (AllowedHosts)",
	ReasonOriginEnforced:           "EnforceOrigin refused the request: its Origin is not allowed on this path and is not the server's own",
	ReasonCrossSiteWithoutOrigin:   "EnforceOrigin refused the request: it has no Origin, and its Sec-Fetch-Site says another site's page sent it",
	ReasonTenantUnknown:            "no tenant is configured for the request's host, path or key, and no policy is given for unknown tenants: CORS is not enabled for it",
}

var reasonKeys = [...]string{
	ReasonAllowed:                  "allowed",
	ReasonNoOrigin:                 "no_origin",
	ReasonPathNotEnabled:           "path_not_enabled",
	ReasonMultipleOrigins:          "multiple_origins",
	ReasonOriginMalformed:          "origin_malformed",
	ReasonOriginNotAllowed:         "origin_not_allowed",
	ReasonMethodMalformed:          "method_malformed",
	ReasonMethodNotAllowed:         "method_not_allowed",
	ReasonRequestHeadersMalformed:  "request_headers_malformed",
	ReasonRequestHeadersTooLong:    "request_headers_too_long",
	ReasonHeaderNotAllowed:         "header_not_allowed",
	ReasonPrivateNetworkNotAllowed: "private_network_not_allowed",
	ReasonHostNotAllowed:           "host_not_allowed",
	ReasonOriginEnforced:           "origin_enforced",
	ReasonCrossSiteWithoutOrigin:   "cross_site_without_origin",
	ReasonTenantUnknown:            "tenant_unknown",
}

// Key is r's stable machine-readable name (origin_not_allowed, …), for
// metric labels and structured records: it never changes once published,
// unlike String's sentence.
func (r Reason) Key() string {
	if int(r) < len(reasonKeys) {
		return reasonKeys[r]
	}
	return "reason_" + strconv.Itoa(int(r))
}

func (r Reason) String() string {
	if int(r) < len(reasonTexts) {
		return reasonTexts[r]
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// A Decision is the policy's answer for one request, as [Handle] and
// [HandleRequest] return it to an adapter: its Kind, the Reason, and the
// status to answer a preflight with. The headers it grants are written by
// Handle and HandleRequest; [Policy.Explain] shows them.
type Decision struct {
	Kind   Kind
	Reason Reason
	// Status is the status the middleware answers a preflight with: the
	// policy's PreflightStatus for PreflightAccepted, 403 for
	// PreflightRejected and Refused, and 0 for requests the application
	// answers.
	Status int

	// grants says which of the policy's precomputed header values apply.
	grants grants
	// onPath says that URLsRegex enables CORS on the request's path; by
	// says what allowed the origin, and entry which entry of
	// AllowedOrigins or AllowedOriginRegexes did: for Explain.
	onPath bool
	by     allowance
	entry  int32
	policy *Policy
	// allowOrigin is the request's Origin, or "*"; nil when not granted.
	allowOrigin []string
	// The request's own values, repeated for AllowMethods or AllowHeaders
	// "*".
	echoMethod  []string
	echoHeaders []string

	// The answer of a report-only candidate that differs from this one as
	// a browser sees it (see ReportOnly), for Observe.
	disagrees       bool
	candidateKind   Kind
	candidateReason Reason
}

// grants is a set of the policy's header values a Decision applies.
type grants uint8

const (
	grantVaryOrigin grants = 1 << iota // Vary: Origin
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

// Answered reports whether the middleware answers the request itself, with
// Status and no body, without calling the application: what an adapter
// checks after Handle or HandleRequest. A preflight is answered so, and so
// is a request HostGuard or EnforceOrigin refuses; every other request
// goes on to the application.
func (d Decision) Answered() bool { return d.Status != 0 }

// The policy's own values for every policy. Every slice has its capacity
// equal to its length; like the policy's other values, they are copied into
// a response, never handed to it.
var (
	valueTrue = []string{"true"}
	valueStar = []string{"*"}
)

// The headers a decision writes are named, and their values chosen, in one
// place, eachHeader; writeHeader and writeTo only store them, into an
// http.Header or into another server's HeaderStore. Both merge Vary with
// what the response holds already (Origin is added unless listed, nothing
// is added to "*") and replace any earlier Access-Control-* value.

// eachHeader calls f with each Access-Control-* header d writes, values
// that are the policy's or the request's own. d grants the origin.
func (d *Decision) eachHeader(f func(name string, lines []string)) {
	p := d.policy
	f("Access-Control-Allow-Origin", d.allowOrigin)
	if d.grants&grantCredentials != 0 {
		f("Access-Control-Allow-Credentials", valueTrue)
	}
	if d.grants&grantExposeHeaders != 0 && p.exposeHeaders != nil {
		f("Access-Control-Expose-Headers", p.exposeHeaders)
	}
	if d.echoMethod != nil {
		f("Access-Control-Allow-Methods", d.echoMethod)
	} else if d.grants&grantAllowMethods != 0 && p.allowMethods != nil {
		f("Access-Control-Allow-Methods", p.allowMethods)
	}
	if d.echoHeaders != nil {
		f("Access-Control-Allow-Headers", d.echoHeaders)
	} else if d.grants&grantAllowHeaders != 0 && p.allowHeaders != nil {
		f("Access-Control-Allow-Headers", p.allowHeaders)
	}
	if d.grants&grantMaxAge != 0 && p.maxAge != nil {
		f("Access-Control-Max-Age", p.maxAge)
	}
	if d.grants&grantPrivateNetwork != 0 {
		f("Access-Control-Allow-Private-Network", valueTrue)
	}
}

// varyLacksOrigin reports whether a response whose Vary lines are old
// needs Origin added: it lists neither Origin nor "*".
func varyLacksOrigin(old []string) bool {
	return len(old) == 0 || !listHas(old, "*") && !listHas(old, "Origin")
}

// writeTo writes d's headers to h.
func (d *Decision) writeTo(h HeaderStore) {
	if hh, ok := h.(http.Header); ok {
		d.writeHeader(hh)
		return
	}
	// A store's Get reads the first Vary line only; Origin listed on a
	// later line is then added again, which changes nothing for a cache.
	if d.grants&grantVaryOrigin != 0 {
		if old := [1]string{h.Get("Vary")}; old[0] == "" {
			h.Set("Vary", "Origin")
		} else if varyLacksOrigin(old[:]) {
			h.Add("Vary", "Origin")
		}
	}
	if d.allowOrigin != nil {
		d.eachHeader(func(name string, lines []string) {
			h.Set(name, lines[0])
			for _, l := range lines[1:] {
				h.Add(name, l)
			}
		})
	}
}

// writeHeader writes d's headers to h, the response's header map.
//
// The header map is the application's, and any handler or middleware that
// holds the response may write a value in place (h[k][0] = v, or
// h[k] = append(h[k][:0], v)). So every value writeHeader writes lives in
// one array of this response's own, allocated once per call that writes
// anything (64 bytes for an allowed actual request with credentials and
// Expose-Headers): each header is a slice of it with its capacity equal to
// its length, so an append copies it, and a value written in place changes
// this response only — never the policy, another response, another header
// of this one, the request, or a Vary slice h held before.
func (d *Decision) writeHeader(h http.Header) {
	var old []string
	if d.grants&grantVaryOrigin != 0 && len(h) != 0 {
		old = h["Vary"]
	}
	vary := d.grants&grantVaryOrigin != 0 && varyLacksOrigin(old)
	size := 0
	if vary {
		size = len(old) + 1
	}
	if d.allowOrigin != nil {
		d.eachHeader(func(_ string, lines []string) { size += len(lines) })
	}
	if size == 0 {
		return
	}
	// The one allocation: every value this response gets, its own.
	block := make([]string, 0, size)
	if vary {
		block = append(append(block, old...), "Origin")
		h["Vary"] = block[:len(block):len(block)]
	}
	if d.allowOrigin != nil {
		d.eachHeader(func(name string, lines []string) {
			start := len(block)
			block = append(block, lines...)
			h[name] = block[start:len(block):len(block)]
		})
	}
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
			if strings.EqualFold(fetch.TrimOWS(elem), name) {
				return true
			}
		}
	}
	return false
}

// An allowance says what allowed a request's origin, or why none did.
type allowance uint8

const (
	undecided       allowance = iota // not looked at yet
	notAllowed                       // no entry, no hook: refused
	originMalformed                  // the Origin is not a serialized origin
	pathNotEnabled                   // off URLsRegex, and no hook enabled it
	byOrigin                         // an entry of AllowedOrigins
	byRegex                          // an entry of AllowedOriginRegexes
	byAllowAll                       // AllowAllOrigins
	byHook                           // a CheckRequest hook
)
