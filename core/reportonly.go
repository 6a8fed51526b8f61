package core

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
)

// ReportOnly returns a Source that enforces enforced and runs candidate
// beside it, report-only: every request is decided and answered by
// enforced exactly as it alone would, and each request with an Origin on
// which candidate would answer otherwise, as a browser sees the answer, is
// reported to opts.Report and opts.Logger. It is the way to learn which
// clients a stricter policy would break before enforcing it (see
// docs/report-only.md).
//
// Two answers differ as a browser sees them when one grants the origin
// access and the other does not (a preflight accepted or not, an actual
// request's response readable or not), or both grant it but differently:
// with credentials or without; an actual request's exposed headers, as a
// set of names; a preflight's grant of private network access, or a
// method or request header that one grants (Access-Control-Allow-Methods,
// -Headers, which the browser caches) and the other would refuse if asked.
// Spelling alone is no difference: Access-Control-Allow-Origin "*" and the
// request's origin grant the same to a request without credentials, and a
// refusal answered 403 (a rejected preflight) or left to the application
// (a path where CORS is off) fail alike. Max-Age and Vary are not compared.
// The guard is compared by what reaches the application: when one policy's
// Config.HostGuard or EnforceOrigin refuses a request (Kind [Refused]) that
// the other lets through to the application, granted or not, they differ,
// as the request acts on the server under one and not under the other;
// two refusals, or a refusal and a rejected preflight, are alike.
//
// Either Source may be a [*Live]: each request reads the policy each holds,
// so both can be reloaded. The candidate is decided by the policy its
// Policy method returns, with its own HostGuard, AllowedHosts,
// EnforceOrigin and PublicScheme, without its DebugLogger (it logs no
// refusal that did not happen) and without any Source wrapping it, such as
// [Observe]. A CheckRequest hook (the same function value) in both
// policies runs once per request: the candidate reuses the answer the
// enforced policy's call gave; a panic in the candidate is recovered and
// logged, never served.
// The candidate is decided only for requests with an Origin, so a
// request without one that only one of the guards would refuse (a Host
// not listed, a no-cors request another site sent) is not reported; when
// the two agree, a request costs one more decision and no allocation.
//
// Records are rate-limited (see [ReportOptions]); [Observe] wrapped around
// the Source ReportOnly returns sees every disagreement
// (Observation.Disagrees), unlimited, for counting. Its Policy method
// returns enforced's policy; every adapter's FromPolicy takes it.
//
//	src, err := core.ReportOnly(live, candidate, core.ReportOptions{Logger: slog.Default()})
//	r.Use(chiadapter.FromPolicy(src))
func ReportOnly(enforced, candidate Source, opts ReportOptions) (Source, error) {
	var ps problems
	if enforced == nil || enforced.Policy() == nil {
		ps.add("ReportOnly enforced", -1, "", "no policy to enforce", "pass the policy in force: a *Policy or a *Live holding one")
	}
	if candidate == nil || candidate.Policy() == nil {
		ps.add("ReportOnly candidate", -1, "", "no candidate policy", "pass the policy to try: a *Policy or a *Live holding one")
	}
	if opts.Report == nil && opts.Logger == nil {
		ps.add("ReportOptions.Report", -1, "", "nothing would receive the reports: Report and Logger are both nil", "set Logger (e.g. slog.Default()), Report, or both")
	}
	if opts.RecordsPerMinute < 0 {
		ps.add("ReportOptions.RecordsPerMinute", -1, strconv.Itoa(opts.RecordsPerMinute), "negative", "use a positive number, or 0 for 60")
	}
	if opts.RecordBurst < 0 {
		ps.add("ReportOptions.RecordBurst", -1, strconv.Itoa(opts.RecordBurst), "negative", "use a positive number, or 0 for 10")
	}
	if opts.OriginInterval < 0 {
		ps.add("ReportOptions.OriginInterval", -1, opts.OriginInterval.String(), "negative", "use a positive duration, or 0 for one minute")
	}
	if opts.UnlimitedRecords && (opts.RecordsPerMinute != 0 || opts.RecordBurst != 0 || opts.OriginInterval != 0) {
		ps.add("ReportOptions.UnlimitedRecords", -1, "true", "UnlimitedRecords turns off the limits that RecordsPerMinute, RecordBurst or OriginInterval set", "remove UnlimitedRecords, or the limits")
	}
	if len(ps) > 0 {
		return nil, errors.Join(ps...)
	}
	l := newLimiter(opts.RecordsPerMinute, opts.RecordBurst, opts.OriginInterval, opts.UnlimitedRecords)
	return &reportOnly{enforced: enforced, candidate: candidate, report: opts.Report, logger: opts.Logger, redact: opts.RedactPaths, limit: l}, nil
}

// ReportOptions says where [ReportOnly] reports disagreements, and how
// many records it makes.
//
// Records are limited by a token bucket shared by every origin
// (RecordsPerMinute, RecordBurst) and by a fixed table of 256 slots that
// origins are hashed to, each letting through one record per
// OriginInterval: a flood from one origin cannot use up the records
// others need, and a flood of fresh origins is held to the bucket. The
// limiter's memory is fixed, however many origins are seen. A
// disagreement held back is counted, and the next record says how many
// were (Disagreement.Suppressed).
type ReportOptions struct {
	// Report, when set, is called with each record, on the request's
	// goroutine, before the response is written: it must be quick and
	// safe for concurrent use.
	Report func(Disagreement)
	// Logger, when set, gets each record at level Warn, with the message
	// "corsheaders: report-only candidate answers otherwise" and the
	// attributes docs/report-only.md lists.
	Logger *slog.Logger
	// RecordsPerMinute is how many records are made over time, across
	// every origin; 0 means 60.
	RecordsPerMinute int
	// RecordBurst is how many records can be made at once, after a quiet
	// time; 0 means 10.
	RecordBurst int
	// OriginInterval is the least time between two records for one origin
	// (for origins sharing a slot of the table, for all of them); 0 means
	// one minute.
	OriginInterval time.Duration
	// UnlimitedRecords makes a record of every disagreement: for tests,
	// and for a short look at trusted traffic. A client choosing its
	// Origin then chooses how much is logged.
	UnlimitedRecords bool
	// RedactPaths leaves the path out of records ("" in their place), for
	// paths that carry secrets such as reset tokens.
	RedactPaths bool
}

// A Disagreement is a record of one request on which a report-only
// candidate answers otherwise than the enforced policy. Its strings are
// escaped (control, bidi and invalid UTF-8 bytes written as \x1b, \u202e)
// and cut at 256 bytes on a rune boundary, and are the record's own copies.
type Disagreement struct {
	// Origin is the request's Origin (several values joined with ", ");
	// OriginTruncated says that it was cut.
	Origin          string
	OriginTruncated bool
	// Method is the request's method (OPTIONS for a preflight);
	// RequestMethod, for a preflight, the method it asks for
	// (Access-Control-Request-Method).
	Method        string
	RequestMethod string
	// Path is the request's path, "" with ReportOptions.RedactPaths.
	Path string
	// RequestHeaders is Access-Control-Request-Headers, its lines joined
	// with ", ".
	RequestHeaders string
	// Rule is the rule of Config.Paths that decided the request for the
	// enforced policy, named as Explain names it (`Prefix "/api/"`); ""
	// without Paths or when no rule matched. CandidateRule is the
	// candidate's.
	Rule, CandidateRule string
	// Enforced is the answer given; Candidate the one the candidate would
	// have given.
	Enforced, Candidate Answer
	// Suppressed is how many disagreements the rate limit held back since
	// the previous record.
	Suppressed int
}

// An Answer is what a policy answered a request, as a [Disagreement]
// reports it.
type Answer struct {
	Kind   Kind
	Reason Reason
	// Allowed says that the answer grants the origin access.
	Allowed bool
}

// reportMessage is the message of every record ReportOnly logs.
const reportMessage = "corsheaders: report-only candidate answers otherwise"

// maxRecordValue bounds each string of a record, in bytes.
const maxRecordValue = 256

// reportOnly is the Source ReportOnly returns. Its decide method is in
// sources.go.
type reportOnly struct {
	enforced, candidate Source
	report              func(Disagreement)
	logger              *slog.Logger
	redact              bool
	limit               *limiter
}

func (s *reportOnly) Policy() *Policy { return s.enforced.Policy() }

// compare decides r, which has an Origin, with the candidate, and records
// the candidate's answer in d, the enforced decision, and reports it when
// the two differ as a browser sees them.
func (s *reportOnly) compare(r *Request, d *Decision) {
	p := s.candidate.Policy()
	if p == nil {
		return
	}
	var c Decision
	if !s.decideCandidate(p, r, &c) || sameOutcome(d, &c) {
		return
	}
	d.disagrees, d.candidateKind, d.candidateReason = true, c.Kind, c.Reason
	s.record(r, d, &c)
}

// decideCandidate decides r with p, the candidate policy, into c; false
// when it panicked, which is logged and goes no further.
func (s *reportOnly) decideCandidate(p *Policy, r *Request, c *Decision) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			ok = false
			s.candidatePanicked(r, v)
		}
	}()
	p.decideQuietly(r, c)
	return true
}

// decideQuietly is decide without the debug log: for a candidate, whose
// refusals are not served. Its HostGuard and EnforceOrigin refuse as they
// would in force.
func (p *Policy) decideQuietly(r *Request, d *Decision) {
	g := p.guard
	if g != nil && !g.hostAllowed(r.Host) {
		*d = Decision{Kind: Refused, Reason: ReasonHostNotAllowed, Status: http.StatusForbidden}
		return
	}
	rule := p
	switch {
	case p.paths != nil:
		rule, _ = p.paths.policyFor(r.Path, r.rawPath())
	case g != nil && g.corsOff:
		rule = nil
	}
	if rule == nil {
		d.Reason = ReasonPathNotEnabled
	} else {
		rule.decideRule(r, d)
	}
	if g == nil || !g.enforce || d.Allowed() || d.Kind == PreflightRejected {
		return
	}
	switch g.enforcementOf(r) {
	case enforceForeignOrigin:
		*d = Decision{Kind: Refused, Reason: ReasonOriginEnforced, Status: http.StatusForbidden, policy: rule}
	case enforceCrossSiteNoOrigin:
		*d = Decision{Kind: Refused, Reason: ReasonCrossSiteWithoutOrigin, Status: http.StatusForbidden, policy: rule}
	}
}

// sameOutcome reports whether a browser sees e and c, two decisions for
// one request, alike (see ReportOnly).
func sameOutcome(e, c *Decision) bool {
	// A request HostGuard or EnforceOrigin refuses never reaches the
	// application; one the other policy leaves to the application does,
	// and acts there, whether the browser lets the page read the answer or
	// not.
	if (e.Kind == Refused) != (c.Kind == Refused) && !(e.Answered() && c.Answered()) {
		return false
	}
	if e.Allowed() != c.Allowed() {
		return false
	}
	if !e.Allowed() {
		return true
	}
	const same = grantCredentials | grantPrivateNetwork
	if e.Kind != c.Kind || e.grants&same != c.grants&same {
		return false
	}
	if e.Kind == Actual {
		return sameNames(exposed(e), exposed(c))
	}
	// The same values grant the same; other values are compared name by
	// name.
	em, cm := allowedMethods(e), allowedMethods(c)
	eh, ch := allowedHeaders(e), allowedHeaders(c)
	return (slices.Equal(em, cm) || grantsAllowed(em, c.policy.allowsMethod) && grantsAllowed(cm, e.policy.allowsMethod)) &&
		(slices.Equal(eh, ch) || grantsAllowed(eh, c.policy.headers.Allows) && grantsAllowed(ch, e.policy.headers.Allows))
}

// exposed is the Access-Control-Expose-Headers value d writes, if any.
func exposed(d *Decision) []string {
	if d.grants&grantExposeHeaders != 0 {
		return d.policy.exposeHeaders
	}
	return nil
}

// allowedMethods is the Access-Control-Allow-Methods value d writes.
func allowedMethods(d *Decision) []string {
	if d.echoMethod != nil {
		return d.echoMethod
	}
	if d.grants&grantAllowMethods != 0 {
		return d.policy.allowMethods
	}
	return nil
}

// allowedHeaders is the Access-Control-Allow-Headers value d writes.
func allowedHeaders(d *Decision) []string {
	if d.echoHeaders != nil {
		return d.echoHeaders
	}
	if d.grants&grantAllowHeaders != 0 {
		return d.policy.allowHeaders
	}
	return nil
}

// eachName calls f with each element of the comma-separated lines,
// without white space around it, until f returns false; it reports
// whether f always returned true.
func eachName(lines []string, f func(string) bool) bool {
	for _, l := range lines {
		for l != "" {
			var elem string
			if i := strings.IndexByte(l, ','); i >= 0 {
				elem, l = l[:i], l[i+1:]
			} else {
				elem, l = l, ""
			}
			if elem = fetch.TrimOWS(elem); elem != "" && !f(elem) {
				return false
			}
		}
	}
	return true
}

// grantsAllowed reports whether every method or header a preflight's
// answer grants (in lines) is one that allows would grant if asked: the
// browser may use a grant from its preflight cache, and the other policy
// must grant it too for the browser to see no difference. Safelisted
// methods need no grant.
func grantsAllowed(lines []string, allows func(string) bool) bool {
	return eachName(lines, func(name string) bool { return fetch.SafelistedMethod(name) || allows(name) })
}

// sameNames reports whether the comma-separated lists a and b name the
// same header names, in any order and case.
func sameNames(a, b []string) bool {
	if slices.Equal(a, b) {
		return true
	}
	return eachName(a, func(n string) bool { return listHas(b, n) }) && eachName(b, func(n string) bool { return listHas(a, n) })
}

// record reports e and c, the differing decisions for r, within the rate
// limit.
func (s *reportOnly) record(r *Request, e, c *Decision) {
	key := r.Origin[0]
	if len(key) > maxRecordValue {
		key = key[:maxRecordValue]
	}
	ok, suppressed := s.limit.allow(key)
	if !ok {
		return
	}
	r.readPreflightHeaders()
	var dis Disagreement
	dis.Origin, dis.OriginTruncated = boundedJoin(r.Origin)
	dis.Method, _ = bounded(r.Method)
	if isPreflight(*r) {
		dis.RequestMethod, _ = boundedJoin(r.AccessControlRequestMethod)
	}
	if !s.redact {
		dis.Path, _ = bounded(r.Path)
	}
	dis.RequestHeaders, _ = boundedJoin(r.AccessControlRequestHeaders)
	if e.policy != nil {
		dis.Rule = e.policy.rule
	}
	if c.policy != nil {
		dis.CandidateRule = c.policy.rule
	}
	dis.Enforced = Answer{Kind: e.Kind, Reason: e.Reason, Allowed: e.Allowed()}
	dis.Candidate = Answer{Kind: c.Kind, Reason: c.Reason, Allowed: c.Allowed()}
	dis.Suppressed = suppressed
	if s.report != nil {
		s.report(dis)
	}
	if s.logger != nil {
		s.logger.LogAttrs(r.context(), slog.LevelWarn, reportMessage, dis.attrs()...)
	}
}

// attrs are the attributes of d's log record, as docs/report-only.md
// lists them.
func (d Disagreement) attrs() []slog.Attr {
	attrs := make([]slog.Attr, 0, 11)
	attrs = append(attrs, slog.String("origin", d.Origin))
	if d.OriginTruncated {
		attrs = append(attrs, slog.Bool("origin_truncated", true))
	}
	attrs = append(attrs, slog.String("method", d.Method))
	if d.RequestMethod != "" {
		attrs = append(attrs, slog.String("request_method", d.RequestMethod))
	}
	attrs = append(attrs,
		slog.String("path", d.Path),
		slog.String("request_headers", d.RequestHeaders),
		slog.String("rule", d.Rule),
		d.Enforced.group("enforced"),
		d.Candidate.group("candidate"),
	)
	if d.Suppressed > 0 {
		attrs = append(attrs, slog.Int("suppressed", d.Suppressed))
	}
	return attrs
}

func (a Answer) group(name string) slog.Attr {
	return slog.Group(name, slog.String("kind", a.Kind.Key()), slog.String("reason", a.Reason.Key()), slog.Bool("allowed", a.Allowed))
}

// candidatePanicked logs v, the value a panic of the candidate's decision
// for r carried, within the rate limit.
func (s *reportOnly) candidatePanicked(r *Request, v any) {
	if s.logger == nil {
		return
	}
	key := ""
	if len(r.Origin) > 0 {
		key = r.Origin[0]
		if len(key) > maxRecordValue {
			key = key[:maxRecordValue]
		}
	}
	ok, suppressed := s.limit.allow(key)
	if !ok {
		return
	}
	origin, _ := boundedJoin(r.Origin)
	method, _ := bounded(r.Method)
	msg, _ := bounded(fmt.Sprint(v))
	attrs := []slog.Attr{slog.String("origin", origin), slog.String("method", method)}
	if !s.redact {
		path, _ := bounded(r.Path)
		attrs = append(attrs, slog.String("path", path))
	}
	attrs = append(attrs, slog.String("panic", msg))
	if suppressed > 0 {
		attrs = append(attrs, slog.Int("suppressed", suppressed))
	}
	s.logger.LogAttrs(r.context(), slog.LevelError, "corsheaders: report-only candidate panicked; the enforced answer stands", attrs...)
}

// bounded is s escaped and cut at maxRecordValue bytes on a rune
// boundary, a copy of its own; cut says that something was left out.
func bounded(s string) (b string, cut bool) {
	if len(s) > maxRecordValue {
		s, cut = s[:runeCut(s, maxRecordValue)], true
	}
	e := escape(s)
	if len(e) > maxRecordValue {
		e, cut = e[:runeCut(e, maxRecordValue)], true
	}
	return strings.Clone(e), cut
}

// boundedJoin is bounded(strings.Join(lines, ", ")), without joining more
// than needed.
func boundedJoin(lines []string) (string, bool) {
	if len(lines) == 1 {
		return bounded(lines[0])
	}
	var b strings.Builder
	cut := false
	for i, l := range lines {
		if b.Len() > maxRecordValue {
			cut = true
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if len(l) > maxRecordValue {
			l, cut = l[:runeCut(l, maxRecordValue)], true
		}
		b.WriteString(l)
	}
	s, c := bounded(b.String())
	return s, cut || c
}

// runeCut is the greatest index at most n where s can be cut without
// splitting a rune (n itself when s[:n] ends in bytes that are not UTF-8).
func runeCut(s string, n int) int {
	for i := n; i > n-utf8.UTFMax && i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return i
		}
	}
	return n
}
