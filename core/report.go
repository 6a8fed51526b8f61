package core

import (
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
	"github.com/corsheaders/corsheaders/core/internal/origin"
	"github.com/corsheaders/corsheaders/core/internal/pathrule"
)

// logDecision writes the debug line for a refused or partly granted request.
func (p *Policy) logDecision(r Request, d Decision) {
	r.readPreflightHeaders()
	e := p.explain(r, d)
	attrs := []slog.Attr{
		slog.String("kind", d.Kind.String()),
		// Copies: r's strings may share a buffer the server reuses once
		// the request is answered (see Request), and a handler may keep
		// the record longer. The other values are built here.
		// Escaped as Explain's text is: a log is read on terminals.
		slog.String("method", strings.Clone(escape(truncate(r.Method)))),
		slog.String("path", strings.Clone(escape(truncate(r.Path)))),
		slog.String("origin", strings.Clone(escape(joinTruncated(r.Origin)))),
	}
	// One statement of what went wrong: the failed step names the value at
	// fault, which the Reason, said in general words, only repeats.
	failed := false
	for _, s := range e.Steps {
		if !s.OK {
			attrs = append(attrs, slog.String("failed", s.Check+": "+s.Detail))
			failed = true
		}
	}
	if !failed {
		attrs = append(attrs, slog.String("failed", e.Reason.String()))
	}
	if e.Hint != "" {
		attrs = append(attrs, slog.String("fix", e.Hint))
	}
	p.debug.LogAttrs(r.context(), slog.LevelInfo, "corsheaders: CORS request not fully granted", attrs...)
}

// An Explanation is a printable account of one decision: how the request was
// classified, each check made and its result, and, for a refusal, the one
// change that grants it. It is for people and tools; unlike deciding a
// request, building it allocates.
type Explanation struct {
	Kind   Kind
	Reason Reason
	// Status is the status a preflight is answered with, or 0.
	Status int
	// Origin is the request's Origin, "" when it has none or several.
	Origin string
	// Steps are the checks made, in order.
	Steps []Step
	// Hint says the one change that grants the request, in Config's field
	// names: for a path outside URLsRegex, the URLsRegex that includes it;
	// for an origin, the origin to add, naming the entry it almost matched
	// when there is one; for a method or header, the one to allow. It is ""
	// when no single change is known, such as for a malformed request.
	Hint string
	// Header holds the headers the middleware writes.
	Header http.Header
}

// A Step is one check of an [Explanation].
type Step struct {
	Check  string // what was checked, e.g. "origin"
	OK     bool
	Detail string
}

// explain accounts for d, the decision already made for r, without calling
// any hook again.
func (p *Policy) explain(r Request, d Decision) Explanation {
	e := Explanation{Kind: d.Kind, Reason: d.Reason, Status: d.Status, Header: http.Header{}}
	d.writeHeader(e.Header)
	if len(r.Origin) == 1 {
		e.Origin = r.Origin[0]
	}
	step := func(check string, ok bool, detail string) {
		e.Steps = append(e.Steps, Step{Check: check, OK: ok, Detail: detail})
	}

	clean, ambiguous := pathrule.Clean(r.Path)
	switch {
	case p.urls == nil:
		step("path", true, "URLsRegex is empty: CORS applies to every path")
	case d.onPath:
		step("path", true, "URLsRegex "+quote(p.urlsExpr)+" matches "+quote(truncate(r.Path)))
	case len(r.Path) > MaxPathLength || len(r.rawPath()) > MaxPathLength:
		step("path", d.Reason != ReasonPathNotEnabled, "the path is longer than "+itoa(MaxPathLength)+" bytes (core.MaxPathLength): URLsRegex enables CORS for no such path"+hooksSay(p, d.Reason != ReasonPathNotEnabled))
	case p.urls.Matches(r.Path) && !p.urls.MatchesEveryReading(r.Path):
		step("path", d.Reason != ReasonPathNotEnabled, "URLsRegex "+quote(p.urlsExpr)+" matches "+quote(truncate(r.Path))+
			" but not as a router may read it, case-insensitively or without its trailing slash: CORS applies only when every reading matches"+hooksSay(p, d.Reason != ReasonPathNotEnabled))
	case ambiguous && p.urls.Matches(r.Path):
		step("path", d.Reason != ReasonPathNotEnabled, "URLsRegex "+quote(p.urlsExpr)+" matches "+quote(truncate(r.Path))+
			" but not "+quote(truncate(clean))+", the path a router that cleans paths serves: CORS applies only when both match"+hooksSay(p, d.Reason != ReasonPathNotEnabled))
	case p.urls.Matches(r.Path) && r.rawPath() != "" && !p.urls.MatchesEveryReading(r.rawPath()):
		step("path", d.Reason != ReasonPathNotEnabled, "URLsRegex "+quote(p.urlsExpr)+" matches "+quote(truncate(r.Path))+
			" but not "+quote(truncate(r.rawPath()))+", the path as the client escaped it, which chi, Echo and Fiber route on: CORS applies only when both match"+hooksSay(p, d.Reason != ReasonPathNotEnabled))
	default:
		step("path", d.Reason != ReasonPathNotEnabled, "URLsRegex "+quote(p.urlsExpr)+" does not match the start of "+quote(truncate(r.Path))+hooksSay(p, d.Reason != ReasonPathNotEnabled))
		if d.Reason == ReasonPathNotEnabled {
			e.Hint = p.pathHint(r.Path)
		}
	}
	if len(r.Origin) == 0 {
		step("origin", false, "no Origin header: not a CORS request")
		return e
	}
	if d.Reason == ReasonPathNotEnabled {
		return e
	}
	if isPreflight(r) {
		step("kind", true, "OPTIONS with Origin and Access-Control-Request-Method: a preflight, answered by the middleware")
	} else {
		step("kind", true, escape(truncate(r.Method))+" with Origin: an actual request, answered by the application")
	}

	if d.Reason == ReasonMultipleOrigins {
		step("origin", false, "the request carries "+itoa(len(r.Origin))+" Origin lines; browsers send one")
		return e
	}
	// A malformed Origin is refused without being read further when no
	// entry could allow it however it is spelled: it is told apart here.
	o, ok := origin.Parse(r.Origin[0])
	if !ok {
		e.Reason = ReasonOriginMalformed
		step("origin", false, quote(truncate(r.Origin[0]))+" is not a serialized origin (scheme://host[:port], \"null\" or \"file://\")")
		e.Hint = p.trailingDotHint(r.Origin[0])
		return e
	}
	switch d.by {
	case byOrigin, byRegex, byAllowAll:
		step("origin", true, quote(r.Origin[0])+" is allowed by "+p.entryName(d.by, int(d.entry), &o))
	case byHook:
		step("origin", true, quote(r.Origin[0])+" is allowed by a CheckRequest hook")
	default:
		step("origin", false, quote(r.Origin[0])+" matches no entry of AllowedOrigins or AllowedOriginRegexes"+hooksSay(p, false))
		e.Hint = p.nearest(&o)
		return e
	}
	if !isPreflight(r) {
		return e
	}

	m := r.AccessControlRequestMethod
	switch {
	case d.Reason == ReasonMethodMalformed:
		step("method", false, "Access-Control-Request-Method must be one method name, got "+quote(joinTruncated(m)))
		return e
	case d.Reason == ReasonMethodNotAllowed:
		detail := quote(m[0]) + " is not in AllowMethods (" + strings.Join(p.methods, ", ") + ")"
		if listed := otherCase(m[0], p.methods); listed != "" {
			// The page's mistake, not the configuration's: one remedy.
			step("method", false, detail+"; methods are case-sensitive, and "+quote(listed)+" is listed")
			e.Hint = "send " + quote(listed) + " from the page: fetch sends a method as written, upper-casing only DELETE, GET, HEAD, OPTIONS, POST and PUT"
			return e
		}
		step("method", false, detail)
		e.Hint = "add " + quote(m[0]) + " to AllowMethods"
		return e
	case fetch.SafelistedMethod(m[0]):
		step("method", true, quote(m[0])+" is CORS-safelisted: browsers never need it listed")
	default:
		step("method", true, quote(m[0])+" is allowed")
	}

	switch d.Reason {
	case ReasonRequestHeadersMalformed:
		if n := len(r.AccessControlRequestHeaders); n > fetch.MaxRequestHeaderLines {
			step("headers", false, "Access-Control-Request-Headers comes in "+itoa(n)+" lines; more than "+itoa(fetch.MaxRequestHeaderLines)+" are refused unread")
			return e
		}
		step("headers", false, "Access-Control-Request-Headers is not a list of header names")
		return e
	case ReasonRequestHeadersTooLong:
		step("headers", false, "Access-Control-Request-Headers is longer than every allowed name together")
		return e
	case ReasonHeaderNotAllowed:
		_, name := p.headers.Check(r.AccessControlRequestHeaders)
		detail := quote(name) + " is not in AllowHeaders"
		if p.headers.Wildcard() && strings.EqualFold(name, "authorization") {
			detail += ": \"*\" never covers Authorization, list it by name"
		}
		step("headers", false, detail)
		e.Hint = "add " + quote(strings.ToLower(name)) + " to AllowHeaders"
		return e
	}
	if len(r.AccessControlRequestHeaders) > 0 {
		step("headers", true, "every header asked for is allowed")
	}
	if wantsPrivateNetwork(r) {
		step("private network", p.privateNetwork, "private network access asked for; AllowPrivateNetwork is "+onOff(p.privateNetwork))
	}
	return e
}

// String prints the explanation, one line per step. Details and the hint
// quote the values they embed; String escapes them again (see quote), as
// a step a hook or a caller added may not have.
func (e Explanation) String() string {
	var b strings.Builder
	b.WriteString(e.Kind.String())
	if e.Origin != "" {
		b.WriteString(" from " + quote(truncate(e.Origin)))
	}
	b.WriteString(": " + e.Reason.String())
	for _, s := range e.Steps {
		mark := "ok  "
		if !s.OK {
			mark = "FAIL"
		}
		b.WriteString("\n  " + mark + " " + escape(s.Check) + ": " + escape(s.Detail))
	}
	if e.Hint != "" {
		b.WriteString("\n  fix: " + escape(e.Hint))
	}
	return b.String()
}

// entryName names the configuration entry that allowed o, as the decision
// recorded it: an exact entry is o's normal form.
func (p *Policy) entryName(by allowance, entry int, o *origin.Origin) string {
	switch {
	case by == byAllowAll:
		return "AllowAllOrigins"
	case by == byOrigin && entry == origin.Exact:
		return "the AllowedOrigins entry " + quote(o.Norm())
	case by == byOrigin:
		return "the AllowedOrigins entry " + quote(p.origins.Pattern(entry).String())
	case by == byRegex:
		return "the AllowedOriginRegexes entry " + quote(p.regexExprs[entry])
	}
	return ""
}

// allows reports whether the configuration, hooks aside, allows o: for a
// hint, which names an origin the page could be loaded from instead.
func (p *Policy) allows(o *origin.Origin) bool {
	by, _ := p.matchOrigin(o, false, false)
	return by != notAllowed
}

func (p *Policy) exactHas(s string) bool { return p.origins.HasExact(s) }

// nearest looks for a configured entry that o misses by a slip people make
// when a page moves between machines and addresses — another scheme,
// port or loopback name, a default port written for the other scheme, a
// "www." more or less, the apex of a subdomain pattern — and says what to
// change: one remedy, the origin to add. An origin near no entry gets that
// remedy alone.
func (p *Policy) nearest(o *origin.Origin) string {
	if o.Special() {
		if o.Norm() == origin.Null {
			return "the \"null\" origin (sandboxed iframes, data: URLs, cross-origin redirects) is allowed only when listed: add \"null\" to AllowedOrigins if you trust all of those"
		}
		return "add \"file://\" to AllowedOrigins"
	}
	add := "add " + quote(o.Norm()) + " to AllowedOrigins"
	if p.credentials && !p.unsafeInsecure && o.Scheme() == "http" && !origin.IsLoopbackHost(o.Host()) {
		// Added alone, it would be refused: say what else it takes.
		add = "serve the page over https, or add " + quote(o.Norm()) + " to AllowedOrigins and set " + unsafeInsecureField + " (anyone on the network path can forge an http:// page)"
	}
	if strings.HasSuffix(o.Host(), ".") {
		return p.trailingDotHint(o.Norm())
	}
	// The nearest entry on the same host, whatever the order of the map:
	// one that differs in scheme only, then in scheme and default port,
	// then in port only; the smallest entry among equals.
	best, bestRank := "", 0
	for _, entry := range p.exactWithHost(o.Host()) {
		eo, ok := origin.Parse(entry)
		if !ok || eo.Special() || eo.Host() != o.Host() {
			continue
		}
		rank := 0
		switch {
		case eo.Scheme() != o.Scheme() && eo.Port() == o.Port():
			rank = 3
		case eo.Scheme() != o.Scheme() && o.Port() == "" && eo.Port() == origin.DefaultPort(o.Scheme()):
			rank = 2
		case eo.Scheme() == o.Scheme():
			rank = 1
		}
		if rank > bestRank || rank == bestRank && rank > 0 && entry < best {
			best, bestRank = entry, rank
		}
	}
	if bestRank > 0 {
		eo, _ := origin.Parse(best)
		switch bestRank {
		case 3:
			return quote(best) + " is listed, which differs from " + quote(o.Norm()) + " only in scheme: " + add
		case 2:
			return quote(best) + " is listed, whose port " + eo.Port() + " is the default of " + o.Scheme() + ", not of " + eo.Scheme() + ": " + add
		default:
			return quote(best) + " is listed, which differs from " + quote(o.Norm()) + " only in port: " + add
		}
	}
	if other := otherScheme(o) + "://" + o.Host(); p.origins.AnyPort(other) >= 0 {
		return quote(other+":*") + " is listed, which differs only in scheme: " + add
	}
	if hint := p.loopbackHint(o); hint != "" {
		return hint
	}
	if i := p.origins.SubdomainOf(o.Host()); i >= 0 {
		return quote(p.origins.Pattern(i).String()) + " matches subdomains only, never " + quote(o.Host()) + " itself: " + add
	}
	if i := p.origins.MatchSubdomain(o, otherScheme(o)); i >= 0 {
		return quote(p.origins.Pattern(i).String()) + " is listed, which differs from " + quote(o.Norm()) + " only in scheme: " + add
	}
	if bare, ok := strings.CutPrefix(o.Host(), "www."); ok {
		if listed := o.Scheme() + "://" + bare + portSuffix(o.Port()); p.exactHas(listed) {
			return quote(listed) + " is listed, the origin without \"www.\": " + add
		}
	} else if listed := o.Scheme() + "://www." + o.Host() + portSuffix(o.Port()); p.exactHas(listed) {
		return quote(listed) + " is listed, the origin with \"www.\": " + add
	}
	return add
}

// pathHint says what URLsRegex would need for CORS to apply to path, which
// it does not match at all: the regex as configured, or'ed with path
// exactly, trailing slash or not. The path may be outside CORS on purpose, which the hint says
// first; it never names an origin, as the origin was not looked at.
func (p *Policy) pathHint(path string) string {
	if len(path) > maxShown || !strings.HasPrefix(path, "/") {
		return ""
	}
	// With or without a trailing slash: a router may read it either way,
	// and CORS applies only when every reading matches.
	widened := p.urlsExpr + "|^" + regexp.QuoteMeta(strings.TrimSuffix(path, "/")) + "/?$"
	return "CORS is off for " + quote(path) + " by URLsRegex, which is right if pages on other origins must not call it; " +
		"otherwise set URLsRegex to " + quote(widened)
}

// exactWithHost returns the exact entries on host, at a cost that does not
// grow with the list (a DebugLogger explains every refused request).
func (p *Policy) exactWithHost(host string) []string {
	return p.origins.ExactWithHost(host)
}

// loopbackNames are the names of this machine in an origin: to a browser,
// three different origins.
var loopbackNames = [...]string{"localhost", "127.0.0.1", "[::1]"}

// loopbackHint: "http://localhost:8001" listed and "http://127.0.0.1:8001"
// sent, or any other pair of loopback names.
func (p *Policy) loopbackHint(o *origin.Origin) string {
	if !slices.Contains(loopbackNames[:], o.Host()) {
		return ""
	}
	for _, name := range loopbackNames {
		if name == o.Host() {
			continue
		}
		listed := o.Scheme() + "://" + name
		if p.exactHas(listed + portSuffix(o.Port())) {
			return quote(listed+portSuffix(o.Port())) + " is listed, but the page was loaded from " + quote(o.Norm()) + ", another origin to the browser: add " + quote(o.Norm()) + " to AllowedOrigins"
		}
		if p.origins.AnyPort(listed) >= 0 {
			return quote(listed+":*") + " is listed, but the page was loaded from " + quote(o.Norm()) + ", another origin to the browser: add " + quote(o.SchemeHost()+":*") + " to AllowedOrigins"
		}
	}
	return ""
}

// trailingDotHint: a page at "https://example.com./" has that origin, dot
// included, which is another origin than "https://example.com"; the hint
// is given when the origin without the dot is allowed.
func (p *Policy) trailingDotHint(sent string) string {
	o, ok := origin.Parse(sent)
	if ok && !strings.HasSuffix(o.Host(), ".") {
		return ""
	}
	schemeEnd := strings.Index(sent, "://")
	if schemeEnd < 0 {
		return ""
	}
	host, port, _ := origin.SplitHostPort(sent[schemeEnd+3:])
	trimmed := strings.TrimSuffix(host, ".")
	if trimmed == host || trimmed == "" {
		return ""
	}
	without := sent[:schemeEnd+3] + trimmed + portSuffix(port)
	if wo, ok := origin.Parse(without); ok && p.allows(&wo) {
		return "the page's address ends its host with a dot, which makes it another origin than " + quote(wo.Norm()) + ": load the page from " + quote(wo.Norm())
	}
	return ""
}

func otherScheme(o *origin.Origin) string {
	switch o.Scheme() {
	case "http":
		return "https"
	case "https":
		return "http"
	}
	return o.Scheme()
}

func portSuffix(port string) string {
	if port == "" {
		return ""
	}
	return ":" + port
}

func hooksSay(p *Policy, granted bool) string {
	switch {
	case len(p.hooks) == 0:
		return ""
	case granted:
		return ", but a CheckRequest hook enabled it"
	}
	return ", and no CheckRequest hook allowed it"
}

// otherCase returns the method of methods that m matches but for case, or
// "".
func otherCase(m string, methods []string) string {
	for _, allowed := range methods {
		if strings.EqualFold(m, allowed) {
			return allowed
		}
	}
	return ""
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// maxShown bounds what Explain and the DebugLogger show of a request's
// value: they copy and quote at most this many bytes of it.
const maxShown = 80

// truncate shortens hostile values for display, before they are quoted or
// joined, so that their cost does not grow with their size.
func truncate(s string) string {
	if len(s) > maxShown {
		return s[:maxShown] + "…(" + itoa(len(s)) + " bytes)"
	}
	return s
}

// joinTruncated is truncate(strings.Join(lines, ", ")) without joining
// more than maxShown bytes of lines.
func joinTruncated(lines []string) string {
	var b strings.Builder
	total := 0
	for i, l := range lines {
		if i > 0 {
			total += 2
		}
		total += len(l)
		if b.Len() < maxShown {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(l[:min(len(l), maxShown)])
		}
	}
	if total <= maxShown {
		return b.String()
	}
	return b.String()[:maxShown] + "…(" + itoa(len(lines)) + " lines, " + itoa(total) + " bytes)"
}
