package corstest

import (
	"net/http"

	"github.com/corsheaders/corsheaders/core"
)

// A reportOnlyCase is an enforced and a candidate policy, and requests
// sent to one server enforcing the first with the second report-only:
// each is answered as the enforced policy alone answers it, and reported
// exactly when the candidate's answer differs as a browser sees it.
type reportOnlyCase struct {
	name                string
	enforced, candidate core.Config
	// sharedHook adds one CheckRequest hook, the same function, to both
	// policies: it allows partner, and must run at most once per request.
	sharedHook bool
	requests   []reportOnlyRequest
}

// A reportOnlyRequest is a request of a reportOnlyCase and the record it
// must make: nil when the policies agree. Of the record, Origin, Method,
// RequestMethod, Path, RequestHeaders, Rule, CandidateRule, Enforced and
// Candidate are compared.
type reportOnlyRequest struct {
	request Request
	record  *core.Disagreement
}

// partner is an origin the candidates of these cases refuse, or treat
// otherwise than the enforced policies do.
const partner = "https://partner.example.org"

// reportOnlyCases differ in origin, method, request headers, credentials
// and path rule.
func reportOnlyCases() []reportOnlyCase {
	answer := func(k core.Kind, r core.Reason) core.Answer {
		return core.Answer{Kind: k, Reason: r, Allowed: r == core.ReasonAllowed && k != core.NotCORS}
	}
	record := func(r Request, e, c core.Answer) *core.Disagreement {
		d := &core.Disagreement{Method: r.Method, Path: "/api/resource", Enforced: e, Candidate: c}
		if d.Method == "" {
			d.Method = http.MethodGet
		}
		if r.Path != "" {
			d.Path = r.Path
		}
		for _, kv := range r.Header {
			switch kv[0] {
			case "Origin":
				d.Origin = kv[1]
			case "Access-Control-Request-Method":
				d.RequestMethod = kv[1]
			case "Access-Control-Request-Headers":
				d.RequestHeaders = kv[1]
			}
		}
		return d
	}
	at := func(r Request, path string) Request { r.Path = path; return r }
	ruled := func(d *core.Disagreement, enforced, candidate string) *core.Disagreement {
		d.Rule, d.CandidateRule = enforced, candidate
		return d
	}
	return []reportOnlyCase{
		{
			name:     "origin: allow-all to a list",
			enforced: core.Config{AllowAllOrigins: true}, candidate: listed(),
			requests: []reportOnlyRequest{
				{get(origin), nil}, // "*" and the origin: the same to a browser
				{get(""), nil},
				{get(partner), record(get(partner), answer(core.Actual, core.ReasonAllowed), answer(core.Actual, core.ReasonOriginNotAllowed))},
				{preflight(partner, http.MethodPut, "content-type"), record(preflight(partner, http.MethodPut, "content-type"),
					answer(core.PreflightAccepted, core.ReasonAllowed), answer(core.PreflightRejected, core.ReasonOriginNotAllowed))},
				{preflight(origin, http.MethodPut, "content-type"), nil},
				{get("evil.example"), nil}, // malformed: refused by both
			},
		},
		{
			name:     "origin: a list to allow-all",
			enforced: listed(), candidate: core.Config{AllowAllOrigins: true},
			requests: []reportOnlyRequest{
				{get(origin), nil},
				{get(partner), record(get(partner), answer(core.Actual, core.ReasonOriginNotAllowed), answer(core.Actual, core.ReasonAllowed))},
			},
		},
		{
			name:     "method",
			enforced: listed(), candidate: core.Config{AllowedOrigins: []string{origin}, AllowMethods: []string{"*"}, AllowHeaders: []string{"*", "authorization"}},
			requests: []reportOnlyRequest{
				// Echoed or listed, the grants are the same to a browser.
				{preflight(origin, http.MethodPut, "content-type"), nil},
				{preflight(origin, "PURGE", ""), record(preflight(origin, "PURGE", ""),
					answer(core.PreflightRejected, core.ReasonMethodNotAllowed), answer(core.PreflightAccepted, core.ReasonAllowed))},
			},
		},
		{
			name:     "method: a grant the browser caches",
			enforced: listed(), candidate: core.Config{AllowedOrigins: []string{origin}, AllowMethods: []string{"GET", "POST", "PUT"}},
			requests: []reportOnlyRequest{
				{preflight(origin, http.MethodDelete, ""), record(preflight(origin, http.MethodDelete, ""),
					answer(core.PreflightAccepted, core.ReasonAllowed), answer(core.PreflightRejected, core.ReasonMethodNotAllowed))},
				// The answer lists DELETE, which the candidate refuses.
				{preflight(origin, http.MethodPut, ""), record(preflight(origin, http.MethodPut, ""),
					answer(core.PreflightAccepted, core.ReasonAllowed), answer(core.PreflightAccepted, core.ReasonAllowed))},
				{get(origin), nil},
			},
		},
		{
			name:     "request headers",
			enforced: core.Config{AllowedOrigins: []string{origin}, AllowHeaders: []string{"*"}}, candidate: core.Config{AllowedOrigins: []string{origin}, AllowHeaders: []string{"content-type", "x-api-key"}},
			requests: []reportOnlyRequest{
				{preflight(origin, http.MethodPut, "content-type"), nil},
				{preflight(origin, http.MethodPut, "X-Trace, content-type"), record(preflight(origin, http.MethodPut, "X-Trace, content-type"),
					answer(core.PreflightAccepted, core.ReasonAllowed), answer(core.PreflightRejected, core.ReasonHeaderNotAllowed))},
				{preflight(origin, http.MethodPut, "authorization"), nil}, // "*" never covers it: refused by both
			},
		},
		{
			name:     "credentials",
			enforced: listed(), candidate: core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true},
			requests: []reportOnlyRequest{
				{get(origin), record(get(origin), answer(core.Actual, core.ReasonAllowed), answer(core.Actual, core.ReasonAllowed))},
				{get(partner), nil},
			},
		},
		{
			name: "path rule",
			enforced: core.Config{Paths: []core.PathRule{
				{Prefix: "/api/", Config: core.Config{AllowAllOrigins: true}},
			}},
			candidate: core.Config{Paths: []core.PathRule{
				{Prefix: "/api/public/", Config: core.Config{AllowAllOrigins: true}},
				{Prefix: "/api/admin/"},
				{Prefix: "/api/", Config: listed()},
			}},
			requests: []reportOnlyRequest{
				{at(get(partner), "/api/public/feed"), nil},
				{at(get(origin), "/api/items"), nil},
				{at(get(partner), "/api/items"), ruled(record(at(get(partner), "/api/items"),
					answer(core.Actual, core.ReasonAllowed), answer(core.Actual, core.ReasonOriginNotAllowed)), `Prefix "/api/"`, `Prefix "/api/"`)},
				{at(get(origin), "/api/admin/users"), ruled(record(at(get(origin), "/api/admin/users"),
					answer(core.Actual, core.ReasonAllowed), answer(core.NotCORS, core.ReasonPathNotEnabled)), `Prefix "/api/"`, "")},
				{at(get(origin), "/elsewhere"), nil},
			},
		},
		{
			name:       "a hook both policies share",
			enforced:   listed(),
			candidate:  core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true, ExposeHeaders: []string{"X-Total"}},
			sharedHook: true,
			requests: []reportOnlyRequest{
				{get(partner), record(get(partner), answer(core.Actual, core.ReasonAllowed), answer(core.Actual, core.ReasonAllowed))},
				{get("https://evil.example"), nil},
			},
		},
	}
}
