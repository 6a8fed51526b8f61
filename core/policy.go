package core

import (
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
	"github.com/corsheaders/corsheaders/core/internal/origin"
	"github.com/corsheaders/corsheaders/core/internal/pathrule"
	"github.com/corsheaders/corsheaders/core/internal/rx"
)

// A Policy is a compiled, immutable [Config]: origins in look-up tables,
// regexes compiled, header values joined into their final form. It is safe
// for concurrent use; to change the configuration of a running server, build
// a new Policy and swap it in with a [Live]. Build one with [NewPolicy]:
// the zero Policy is not one.
type Policy struct {
	origins origin.Matcher // the valid AllowedOrigins entries
	// The rest of the compiled configuration sits behind one pointer, so
	// that WithOrigins, which changes only origins, copies a few words
	// and shares the rest. Whoever copies a Policy to change one of these
	// fields copies the body too (clone).
	*policyBody
}

// policyBody is the part of a Policy that a change of origins leaves as
// it is.
type policyBody struct {
	allowAll bool
	// onlyExactOrigins: no regex, no hook and not AllowAllOrigins, so the
	// origin Matcher alone decides which origins are allowed.
	onlyExactOrigins bool
	regexes          []*regexp.Regexp // each AllowedOriginRegexes entry, anchored
	urls             *pathrule.URLs   // nil: every path
	urlsExpr         string           // URLsRegex as configured, for Explain
	hooks            []func(*http.Request) bool
	debug            *slog.Logger

	// regexAffixes[i] holds the literal text every match of regexes[i]
	// starts and ends with, so that most regexes need not run at all.
	regexAffixes []affixes
	regexExprs   []string // each entry as configured, for Explain

	credentials     bool
	unsafeInsecure  bool     // UnsafeAllowInsecureOriginsWithCredentials
	methods         []string // listed, in configured order
	methodWildcard  bool
	headers         fetch.HeaderSet
	privateNetwork  bool
	preflightStatus int

	// Header values, final; each slice has cap == len. The header writer
	// (decision.go) copies them into each response, as the application may
	// write its header map in place.
	allowMethods  []string
	allowHeaders  []string
	exposeHeaders []string
	maxAge        []string

	paths *pathSet // Config.Paths; nil without (paths.go)
	// rule is, for the policy of a rule of Config.Paths, the rule's
	// pattern as configured; "" for any other policy.
	rule string

	notes []string // see Notes

	// guard is the compiled HostGuard and EnforceOrigin (guard.go), nil
	// without either; only a policy NewPolicy returns has one, never the
	// policy of a rule of Paths.
	guard *guard
}

// clone returns a copy of p whose body is its own, for a caller that
// changes a field of the body.
func (p *Policy) clone() *Policy {
	b := *p.policyBody
	return &Policy{origins: p.origins, policyBody: &b}
}

// Notes returns advice about a valid configuration that behaves otherwise
// than people often expect — such as AllowHeaders "*", which never covers
// Authorization — each a sentence naming Config's fields, in a stable
// order; nil when there is none. With Paths, a rule's notes start with
// "Paths[i] (pattern): ". NewPolicy logs each note once to the
// DebugLogger; corsconf and the corsheaders command report them beside
// the settings. The slice is the caller's.
func (p *Policy) Notes() []string { return slices.Clone(p.notes) }

// wildcardAuthorizationNote is the note for AllowHeaders "*" without
// "authorization": an application moving from a library that lets "*"
// cover Authorization learns it otherwise from a refused preflight.
const wildcardAuthorizationNote = "AllowHeaders \"*\" allows every request header but Authorization, which the Fetch standard never lets \"*\" cover: " +
	"a preflight asking for Authorization (a bearer token, Basic credentials) is refused; if pages send it, list \"authorization\" in AllowHeaders beside \"*\""

// listsOrigins reports whether entries holds an origin other than "*",
// which has an error of its own.
func listsOrigins(entries []string) bool {
	for _, s := range entries {
		if s != "*" {
			return true
		}
	}
	return false
}

func (p *Policy) compileOrigins(ps *problems, entries []string) {
	var patterns []origin.Pattern
	exact := make([]string, 0, len(entries))
	for i, s := range entries {
		if o, ok := p.compileOrigin(ps, "AllowedOrigins", i, s); ok {
			if o.AnyPort || o.Subdomain {
				patterns = append(patterns, o)
			} else {
				exact = append(exact, o.Key(s))
			}
		}
	}
	p.origins = origin.NewMatcherOf(exact, patterns)
}

// compileOrigin compiles entry i of an origin list, reporting its problem
// under field: NewPolicy's rules for AllowedOrigins, which WithOrigins
// applies too.
func (p *Policy) compileOrigin(ps *problems, field string, i int, s string) (origin.Pattern, bool) {
	if parts, several := origin.SeveralOrigins(s); several {
		addSeveralInOne(ps, field, "origin", i, s, parts)
		return origin.Pattern{}, false
	}
	if problem, fix, found := origin.Mistake(s, p.credentials, p.allowAll); found {
		ps.add(field, i, s, problem, fix)
		return origin.Pattern{}, false
	}
	o, problem, fix, ok := origin.ParsePattern(s, p.credentials)
	if !ok {
		ps.add(field, i, s, problem, fix)
		return origin.Pattern{}, false
	}
	if p.credentials && !p.unsafeInsecure && o.Scheme == "http" && !origin.IsLoopbackHost(o.Host) {
		secure := "https" + s[len("http"):]
		ps.add(field, i, s, insecureProblem, "write "+quote(secure)+", or set "+unsafeInsecureField+" if the site has no https")
		return origin.Pattern{}, false
	}
	return o, true
}

const unsafeInsecureField = "UnsafeAllowInsecureOriginsWithCredentials"

// insecureProblem is why an http:// origin other than this machine's is
// refused with credentials.
const insecureProblem = "an http:// page can be forged by anyone on the network path between a user and that site (public Wi-Fi, a proxy), " +
	"who could then act with the user's cookies, and AllowCredentials is set"

const insecureRegexFix = "match https:// only, or set " + unsafeInsecureField + " if the site has no https"

// insecureRegexProblem says which http:// origin a credentialed regex
// allows: example, or "" when none is known.
func insecureRegexProblem(example string) string {
	if example != "" {
		return "matches " + quote(example) + ": " + insecureProblem
	}
	return "matches http:// origins: " + insecureProblem
}

// probeOrigins are origins nobody can own: a regex that matches one of them
// matches origins an attacker can serve pages from.
var probeOrigins = []string{"https://corsheaders-probe.invalid", "http://corsheaders-probe.invalid:1"}

func (p *Policy) compileRegexes(ps *problems, regexes []string) {
	const field = "AllowedOriginRegexes"
	for i, s := range regexes {
		re, tree, err := rx.CompileAnchored(s, true)
		if err != nil {
			ps.add(field, i, s, "does not compile: "+rx.ErrorText(err), rx.RE2Fix)
			continue
		}
		if lit, ok := rx.RequiredUpper(tree); ok {
			ps.add(field, i, s, "can never match: origins are matched in lower case, and it requires "+quote(lit), "write it in lower case, or start it with (?i)")
			continue
		}
		if problem, fix, found := rx.Mistake(s); found {
			ps.add(field, i, s, problem, fix)
			continue
		}
		var a affixes
		a.prefix, a.suffix = rx.Affixes(tree)
		if p.credentials {
			hosts := rx.CheckCredentialedHosts(re, tree)
			if hosts.Problem != "" {
				ps.add(field, i, s, hosts.Problem, hosts.Fix)
				continue
			}
			if hosts.HTTP && !p.unsafeInsecure {
				ps.add(field, i, s, insecureRegexProblem(hosts.HTTPExample), insecureRegexFix)
				continue
			}
			probe, hit := rx.FirstMatch(re, probeOrigins)
			if !hit {
				probe, hit = origin.FindPublic(a.prefix, a.suffix, re.MatchString)
			}
			if hit {
				ps.add(field, i, s, "matches origins anyone can serve pages from, such as "+quote(probe)+", and AllowCredentials is set", "match only the hosts you trust, e.g. `https://[a-z0-9-]+\\.example\\.com`")
				continue
			}
		}
		p.regexes = append(p.regexes, re)
		p.regexExprs = append(p.regexExprs, s)
		p.regexAffixes = append(p.regexAffixes, a)
	}
}

// affixes are literal texts that every match of a regex starts and ends
// with, as rx.Affixes finds them; "" when it has none.
type affixes struct{ prefix, suffix string }

func (p *Policy) compileMethods(ps *problems, methods []string) {
	const field = "AllowMethods"
	if methods == nil {
		methods = defaultMethods
	}
	seen := make(map[string]bool, len(methods))
	for i, m := range methods {
		switch std, isStd := fetch.NormalizedMethod(m); {
		case checkSeveralInOne(ps, field, "method", i, m):
		case m == "*":
			p.methodWildcard = true
		case !fetch.IsToken(m):
			ps.add(field, i, m, "not a method name", "a method is a token such as \"PATCH\", without spaces or separators")
		case fetch.ForbiddenMethod(m):
			ps.add(field, i, m, "browsers never send this method", "remove it")
		case isStd && std != m:
			ps.add(field, i, m, "browsers send this method in upper case, and methods are case-sensitive", "write "+quote(std))
		case !seen[m]:
			seen[m] = true
			p.methods = append(p.methods, m)
		}
	}
	if len(p.methods) > 0 {
		p.allowMethods = []string{strings.Join(p.methods, ", ")}
	}
}

func (p *Policy) compileHeaders(ps *problems, headers []string) {
	const field = "AllowHeaders"
	if headers == nil {
		headers = defaultHeaders
	}
	var names []string
	wildcard := false
	for i, h := range headers {
		lower := strings.ToLower(h)
		switch {
		case h == "*":
			wildcard = true
		case checkSeveralInOne(ps, field, "header", i, h):
		case !fetch.IsToken(h):
			ps.add(field, i, h, "not a header name", "a header name is a token such as \"x-api-key\", without spaces or separators")
		case fetch.ForbiddenRequestHeader(lower):
			ps.add(field, i, h, "browsers never let scripts set this header, so allowing it has no effect", "remove it")
		default:
			names = append(names, lower)
		}
	}
	p.headers = fetch.NewHeaderSet(names, wildcard)
	if wildcard && !slices.Contains(names, "authorization") {
		p.notes = append(p.notes, wildcardAuthorizationNote)
	}
	if lower := p.headers.Names(); len(lower) > 0 {
		p.allowHeaders = []string{strings.Join(lower, ", ")}
	}
}

func (p *Policy) compileExposeHeaders(ps *problems, headers []string) {
	const field = "ExposeHeaders"
	var names []string
	seen := make(map[string]bool, len(headers))
	for i, h := range headers {
		lower := strings.ToLower(h)
		switch {
		case checkSeveralInOne(ps, field, "header", i, h):
		case h == "*" && p.credentials:
			ps.add(field, i, h, "with AllowCredentials browsers read \"*\" as a header name, not as every header", "list the headers to expose")
		case h != "*" && !fetch.IsToken(h):
			ps.add(field, i, h, "not a header name", "a header name is a token such as \"X-Total-Count\", without spaces or separators")
		case lower == "set-cookie" || lower == "set-cookie2":
			ps.add(field, i, h, "browsers never let scripts read this header", "remove it")
		case !seen[lower]:
			seen[lower] = true
			names = append(names, h)
		}
	}
	if len(names) > 0 {
		p.exposeHeaders = []string{strings.Join(names, ", ")}
	}
}

// maxMaxAge bounds PreflightMaxAge: browsers keep a preflight for 2 hours
// (Chromium) or 24 (Firefox), so anything beyond a week is a slip of units.
const maxMaxAge = 7 * 24 * time.Hour

func (p *Policy) compileMaxAge(ps *problems, age time.Duration) {
	const field = "PreflightMaxAge"
	switch {
	case age == 0:
		age = DefaultPreflightMaxAge
	case age == NoPreflightMaxAge:
		return
	case age < 0:
		ps.add(field, -1, age.String(), "negative", "use a positive duration, 0 for the default of 24h, or NoPreflightMaxAge to send no Access-Control-Max-Age")
		return
	case age%time.Second != 0:
		fix := "Access-Control-Max-Age is in whole seconds; round it"
		if age < time.Second {
			fix = "did you mean " + strconv.FormatInt(int64(age), 10) + " * time.Second?"
		}
		ps.add(field, -1, age.String(), "not a whole number of seconds", fix)
		return
	case age > maxMaxAge:
		ps.add(field, -1, age.String(), "longer than a week; browsers keep a preflight 24 hours at most", "use at most 24*time.Hour")
		return
	}
	p.maxAge = []string{strconv.FormatInt(int64(age/time.Second), 10)}
}

// pathSet is the compiled Config.Paths of a Policy: the rules' patterns
// in order, the policy of each, then the fallback for paths none of them
// matches, nil when the Config outside the rules allows no origin: CORS is
// then not enabled for such paths.
type pathSet struct {
	rules    pathrule.Set
	policies []*Policy // rule i's, nil when it allows no origin
	patterns []string  // rule i's pattern as configured, for Explain
	fallback *Policy
}

// compile is NewPolicy for a Config without Paths, such as a rule's.
func compile(cfg Config) (*Policy, error) {
	var ps problems
	p := &Policy{policyBody: &policyBody{
		allowAll:       cfg.AllowAllOrigins,
		credentials:    cfg.AllowCredentials,
		unsafeInsecure: cfg.UnsafeAllowInsecureOriginsWithCredentials,
		privateNetwork: cfg.AllowPrivateNetwork,
		debug:          cfg.DebugLogger,
	}}
	lists := listsOrigins(cfg.AllowedOrigins) || len(cfg.AllowedOriginRegexes) > 0
	switch {
	case cfg.AllowAllOrigins && cfg.AllowCredentials && !cfg.UnsafeAllowAllOriginsWithCredentials:
		fix := "list the trusted origins in AllowedOrigins, or set UnsafeAllowAllOriginsWithCredentials if you really mean it"
		if lists {
			fix = "remove AllowAllOrigins, so that only the origins you list are allowed"
		}
		ps.add("AllowAllOrigins", -1, "true", "with AllowCredentials it would let every web site act with your users' cookies", fix)
	case cfg.AllowAllOrigins && lists:
		ps.add("AllowAllOrigins", -1, "true",
			"AllowAllOrigins allows every origin, so AllowedOrigins and AllowedOriginRegexes are ignored",
			"to allow only the listed origins, remove AllowAllOrigins; to allow every origin, remove the lists")
	}
	p.compileOrigins(&ps, cfg.AllowedOrigins)
	p.compileRegexes(&ps, cfg.AllowedOriginRegexes)
	if cfg.URLsRegex != "" {
		p.urlsExpr = cfg.URLsRegex
		re, tree, err := rx.CompileAnchored(cfg.URLsRegex, false)
		if err != nil {
			ps.add("URLsRegex", -1, cfg.URLsRegex, "does not compile: "+rx.ErrorText(err), rx.RE2Fix)
		} else if fold, foldTree, err := compileFolded(tree); err != nil {
			ps.add("URLsRegex", -1, cfg.URLsRegex, "does not compile read case-insensitively: "+rx.ErrorText(err), rx.RE2Fix)
		} else {
			p.urls = pathrule.NewURLs(re, tree, fold, foldTree)
		}
	}
	for i, h := range cfg.CheckRequest {
		if h == nil {
			ps.add("CheckRequest", i, "nil", "a hook cannot be nil", "remove it")
		}
	}
	p.hooks = append([]func(*http.Request) bool(nil), cfg.CheckRequest...)
	p.compileMethods(&ps, cfg.AllowMethods)
	p.compileHeaders(&ps, cfg.AllowHeaders)
	p.compileExposeHeaders(&ps, cfg.ExposeHeaders)
	p.compileMaxAge(&ps, cfg.PreflightMaxAge)
	switch {
	case cfg.PreflightStatus == 0:
		p.preflightStatus = http.StatusNoContent
	case cfg.PreflightStatus < 200 || cfg.PreflightStatus > 299:
		ps.add("PreflightStatus", -1, strconv.Itoa(cfg.PreflightStatus), "browsers accept a preflight only with a 2xx status", "use 200 or 204, or 0 for 204")
	default:
		p.preflightStatus = cfg.PreflightStatus
	}
	if !cfg.AllowAllOrigins && len(cfg.AllowedOrigins) == 0 && len(cfg.AllowedOriginRegexes) == 0 && len(cfg.CheckRequest) == 0 {
		fix := `list the origins to allow, e.g. AllowedOrigins: []string{"https://app.example.com"}`
		if !cfg.AllowCredentials {
			fix += ", or set AllowAllOrigins to allow every origin, as other libraries do when no origin is given"
		}
		ps.add("AllowedOrigins", -1, "",
			"no origin is allowed: AllowedOrigins, AllowedOriginRegexes and CheckRequest are empty and AllowAllOrigins is off, so every cross-origin request would be refused",
			fix)
	}
	if len(ps) > 0 {
		return nil, errors.Join(ps...)
	}
	p.onlyExactOrigins = !p.allowAll && len(p.regexes) == 0 && len(p.hooks) == 0
	return p, nil
}

// compileFolded compiles the case-insensitive form of tree, a parsed path
// regex, anchored as rx.CompileAnchored anchors it: each letter it names
// stands for every case of that letter, as a router that folds case reads
// a route.
func compileFolded(tree *syntax.Regexp) (*regexp.Regexp, *syntax.Regexp, error) {
	return rx.CompileAnchored(pathrule.FoldedExpr(tree), false)
}
