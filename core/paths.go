package core

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"reflect"
	"regexp"
	"regexp/syntax"
	"strings"
)

// A PathRule gives the paths it matches a policy of their own: see
// [Config.Paths]. Exactly one of Prefix and Regex is set.
type PathRule struct {
	// Prefix matches a subtree of paths: "/api" (or "/api/") matches
	// "/api", "/api/" and every path below "/api/", never "/apis". "/"
	// matches every path. It must start with "/" and hold no empty, "." or
	// ".." segment.
	Prefix string

	// Regex is an RE2 regular expression matched against the path as
	// Config.URLsRegex is: from the start of the path, not necessarily to
	// its end, so `/v[0-9]+/` matches "/v2/users" but not "/api/v2/".
	Regex string

	// Config is the policy for the paths the rule matches. Its URLsRegex
	// must be empty (the rule's pattern says where it applies) and it
	// cannot have Paths of its own. A nil DebugLogger means the enclosing
	// Config's. A Config that allows no origin (the zero Config) closes the
	// rule's paths: CORS is not enabled for them, and later rules never see
	// them.
	Config Config
}

// pattern is the rule's pattern as configured, for messages.
func (r PathRule) pattern() string {
	if r.Regex != "" {
		return "Regex " + quote(r.Regex)
	}
	return "Prefix " + quote(r.Prefix)
}

// pathSet is the compiled Config.Paths of a Policy: the rules in order,
// then the fallback for paths none of them matches, nil when the Config
// outside the rules allows no origin: CORS is then not enabled for such
// paths.
type pathSet struct {
	rules    []pathRule
	fallback *Policy
	// foldSame: every rule matches case-insensitively as it matches as
	// written every path plainLower holds for, so that such paths (all
	// those browsers send for an application whose paths are lower-case)
	// need no second look-up.
	foldSame bool
	regexes  bool // some rule is a Regex
}

type pathRule struct {
	prefix string         // without a trailing "/", "" for "/"; when re is nil
	re     *regexp.Regexp // anchored at the start
	// literal is the text every path re matches starts with, and whole
	// says that re is that text alone, so that it matches every path that
	// starts with it.
	literal string
	whole   bool
	all     bool   // re matches every path
	sample  string // a path re matches, or ""
	policy  *Policy
	expr    string // the pattern as configured, for Explain
	// fold is re matching case-insensitively; foldSame says that the rule
	// matches every path plainLower holds for as it does case-insensitively.
	fold     *regexp.Regexp
	foldSame bool
}

// matches reports whether r matches path p. It allocates nothing.
func (r *pathRule) matches(p string) bool {
	if r.re != nil {
		// Every path the regex matches starts with its literal text: most
		// paths are told without running it, and a regex that is only
		// that text never runs.
		if !strings.HasPrefix(p, r.literal) {
			return false
		}
		return r.whole || r.re.MatchString(p)
	}
	return strings.HasPrefix(p, r.prefix) && (len(p) == len(r.prefix) || p[len(r.prefix)] == '/')
}

// matchesFolded reports whether r matches p read case-insensitively, as
// a router that folds case (Fiber, unless CaseSensitive) matches p with a
// route written as the rule is. It allocates nothing.
func (r *pathRule) matchesFolded(p string) bool {
	if r.re != nil {
		if !hasPrefixASCIIFold(p, r.literal) {
			return false
		}
		return r.whole || r.fold.MatchString(p)
	}
	return hasPrefixASCIIFold(p, r.prefix) && (len(p) == len(r.prefix) || p[len(r.prefix)] == '/')
}

// index returns the position of the first rule matching p, or -1.
func (ps *pathSet) index(p string) int {
	for i := range ps.rules {
		if ps.rules[i].matches(p) {
			return i
		}
	}
	return -1
}

// indexFolded is index with p read case-insensitively.
func (ps *pathSet) indexFolded(p string) int {
	for i := range ps.rules {
		if ps.rules[i].matchesFolded(p) {
			return i
		}
	}
	return -1
}

// agrees reports whether the other readings of q, a path whose rule is i,
// fall under rule i too: q read case-insensitively; q without its trailing
// slashes, taken with or without one trailing slash, so that "/reports/"
// is not given the fallback's grant when `^/reports$` closes "/reports",
// nor "/files" when `^/files/` decides "/files/"; and q without its
// trailing slashes as it is, so that "/files/" is not given the rule of
// `^/files/` when a router serves it as "/files".
func (ps *pathSet) agrees(q string, i int) bool {
	fold := !(ps.foldSame && plainLower(q))
	if fold && ps.indexFolded(q) != i {
		return false
	}
	t := trimSlash(q)
	if t != q && (ps.index(t) != i || fold && ps.indexFolded(t) != i) {
		return false
	}
	return ps.slashIndex(t, i, fold, t == q) == i
}

// slashIndex returns the position of the first rule matching t or
// t + "/", read case-insensitively too when fold, or -1. known says that i
// is already known to be the first rule matching t, read both ways: then
// only regexes need a look, as a prefix matches t + "/" when it matches t.
func (ps *pathSet) slashIndex(t string, i int, fold, known bool) int {
	if known && !ps.regexes {
		return i
	}
	for j := range ps.rules {
		r := &ps.rules[j]
		switch {
		case known && j == i:
			return i
		case known && r.re == nil:
			continue
		case !known && (r.matches(t) || fold && r.matchesFolded(t)):
			return j
		case r.matchesSlashed(t, false) || fold && r.matchesSlashed(t, true):
			return j
		}
	}
	return -1
}

// matchesSlashed reports whether r matches p + "/", read
// case-insensitively when fold is set. Only a regex that runs costs more
// than matches: the text is built in a pooled buffer.
func (r *pathRule) matchesSlashed(p string, fold bool) bool {
	if r.re == nil {
		// A prefix, kept without a trailing slash, matches p + "/" when
		// it matches p.
		if fold {
			return r.matchesFolded(p)
		}
		return r.matches(p)
	}
	lit := r.literal
	switch {
	case len(lit) <= len(p):
		if fold && !hasPrefixASCIIFold(p, lit) || !fold && !strings.HasPrefix(p, lit) {
			return false
		}
	case len(lit) > len(p)+1 || lit[len(p)] != '/':
		return false
	case fold && !hasPrefixASCIIFold(lit, p) || !fold && !strings.HasPrefix(lit, p):
		return false
	}
	if r.whole {
		return true
	}
	re := r.re
	if fold {
		re = r.fold
	}
	return matchSlashed(re, p)
}

// policyFor returns the policy that decides a request for path p, nil
// when CORS is not enabled for it, and the index of its rule (-1: the
// fallback, -2: not enabled as ambiguous).
//
// A path with an empty, "." or ".." segment is read differently by
// different routers: net/http's ServeMux and Gin clean it, chi does not. Its
// rule is taken both from the path as it is and from the cleaned path
// (cleanPath, the reading URLsRegex checks too); when
// they differ, CORS is not enabled for it at all, so that "/public/../admin"
// can never reach the admin area with the public area's grant. The cleaned
// path is built in a pooled buffer, and a path longer than MaxPathLength
// is not enabled at all: no reading of a hostile path costs an allocation
// that grows with it.
//
// raw is the path as the client escaped it (url.URL.RawPath), "" when it
// is p's default encoding. chi and Echo route on it, net/http's ServeMux
// and Gin on p: when the two fall under different rules ("/%70artner/x" is
// "/partner/x" for one, a path outside "/partner/" for the other), CORS is
// not enabled either.
//
// Each of these readings is also read case-insensitively and without its
// trailing slashes (agrees, and path.go): "/ADMIN/users", which Fiber serves with the route
// "/admin/users", is not decided by the rule for the paths outside
// "/admin".
func (ps *pathSet) policyFor(p, raw string) (*Policy, int) {
	if len(p) > MaxPathLength || len(raw) > MaxPathLength {
		return nil, -2
	}
	i := ps.index(p)
	if !ps.agrees(p, i) {
		return nil, -2
	}
	if needsClean(p) {
		clean, bp := pooledClean(p)
		apart := clean != p && (ps.index(clean) != i || !ps.agrees(clean, i))
		putReading(bp)
		if apart {
			return nil, -2
		}
	}
	if raw != "" && raw != p && (ps.index(raw) != i || !ps.agrees(raw, i)) {
		return nil, -2
	}
	if i < 0 {
		return ps.fallback, -1
	}
	return ps.rules[i].policy, i
}

// ambiguousPath reports whether p has an empty, "." or ".." segment (after
// its leading "/"), or does not start with "/".
func ambiguousPath(p string) bool {
	if p == "" || p[0] != '/' {
		return p != ""
	}
	for i := 1; i <= len(p); i++ {
		start := i
		for i < len(p) && p[i] != '/' {
			i++
		}
		seg := p[start:i]
		switch {
		case seg == "." || seg == "..":
			return true
		case seg == "" && i < len(p):
			return true
		}
	}
	return false
}

// newPathPolicy compiles a Config with Paths: each rule's Config, checked
// as NewPolicy checks any, with its problems named after the rule; the
// rules' patterns, and any rule that an earlier one hides entirely.
func newPathPolicy(cfg Config) (*Policy, error) {
	var ps problems
	rules := cfg.Paths
	cfg.Paths = nil
	set := &pathSet{foldSame: true}
	if allowsSomeOrigin(cfg) {
		fallback, err := NewPolicy(cfg)
		if err != nil {
			ps = append(ps, renameProblems(err, -1)...)
		}
		set.fallback = fallback
	} else {
		// The Config outside the rules allows no origin: paths no rule
		// matches are not CORS paths. Its other settings would apply to
		// nothing, which is surely a mistake.
		checkUnused(&ps, cfg)
	}
	var patterns []*pathRule // every rule whose pattern compiles, for shadowing
	for i, rule := range rules {
		r, ok := compilePathRule(&ps, i, rule)
		if ok {
			for _, earlier := range patterns {
				if shadows(earlier, &r) {
					ps.add("Paths", i, rule.pattern(), "never used: the earlier rule "+earlier.describe()+" matches every path it matches", "put the more specific rule first, or remove it")
					break
				}
			}
			patterns = append(patterns, &r)
		}
		rc := rule.Config
		if rc.DebugLogger == nil {
			rc.DebugLogger = cfg.DebugLogger
		}
		switch {
		case rc.Paths != nil:
			ps.add("Paths", i, rule.pattern(), "a rule's Config cannot have Paths of its own", "list every rule in the outer Config's Paths, the most specific first")
		case rc.URLsRegex != "":
			ps.add("Paths", i, rule.pattern(), "a rule's Config cannot set URLsRegex ("+quote(rc.URLsRegex)+"): the rule's pattern says where it applies", "move the pattern into the rule's Prefix or Regex")
		case !allowsSomeOrigin(rc):
			// A rule that allows no origin closes its paths: CORS is not
			// enabled for them (r.policy stays nil).
			var unused problems
			checkUnused(&unused, rc)
			ps = append(ps, renameProblems(errors.Join(unused...), i)...)
		default:
			p, err := NewPolicy(rc)
			if err != nil {
				ps = append(ps, renameProblems(err, i)...)
			}
			r.policy = p
		}
		set.foldSame = set.foldSame && r.foldSame
		set.regexes = set.regexes || r.re != nil
		set.rules = append(set.rules, r)
	}
	if len(ps) > 0 {
		return nil, errors.Join(ps...)
	}
	// The policy returned holds the rules; Decide and Explain look them up
	// first. Its own fields are the fallback's, or those of a policy
	// allowing nothing, for whatever reads them directly.
	p := &Policy{debug: cfg.DebugLogger}
	if set.fallback != nil {
		*p = *set.fallback
	}
	p.paths = set
	return p, nil
}

// allowsSomeOrigin reports whether cfg names something to allow, as
// NewPolicy requires.
func allowsSomeOrigin(cfg Config) bool {
	return cfg.AllowAllOrigins || len(cfg.AllowedOrigins) > 0 || len(cfg.AllowedOriginRegexes) > 0 || len(cfg.CheckRequest) > 0
}

// checkUnused reports every field set in cfg, the Config outside the
// rules when it allows no origin, save DebugLogger, which the rules share.
func checkUnused(ps *problems, cfg Config) {
	v := reflect.ValueOf(cfg)
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Name
		if name == "DebugLogger" || name == "Paths" || v.Field(i).IsZero() {
			continue
		}
		ps.add(name, -1, fmt.Sprint(v.Field(i).Interface()),
			"with Paths, the fields outside the rules decide only the paths no rule matches, and no origin is allowed there, so it applies to nothing",
			"set it in each rule's Config, or allow origins outside the rules too")
	}
}

func compilePathRule(ps *problems, i int, rule PathRule) (pathRule, bool) {
	const field = "Paths"
	switch {
	case rule.Prefix != "" && rule.Regex != "":
		ps.add(field, i, rule.pattern(), "a rule has either a Prefix or a Regex, not both", "split it into two rules")
		return pathRule{}, false
	case rule.Regex != "":
		re, sre, err := compileAnchored(rule.Regex, false)
		if err != nil {
			ps.add(field, i, rule.Regex, "does not compile: "+regexError(err), re2Fix)
			return pathRule{}, false
		}
		r := pathRule{re: re, expr: rule.Regex}
		if r.fold, r.foldSame, err = compileFolded(rule.Regex); err != nil {
			ps.add(field, i, rule.Regex, "does not compile read case-insensitively: "+regexError(err), re2Fix)
			return pathRule{}, false
		}
		r.literal, r.whole = pathLiteral(sre, true)
		r.all = emptyAtStart(sre)
		if sample, ok := sampleMatch(sre.Simplify()); ok && re.MatchString(sample) {
			r.sample = sample
		}
		return r, true
	case rule.Prefix == "":
		ps.add(field, i, "", "a rule needs a Prefix or a Regex", `use Prefix "/" for every path`)
		return pathRule{}, false
	case rule.Prefix[0] != '/':
		ps.add(field, i, rule.Prefix, "a Prefix is a path and starts with \"/\"", "write "+quote("/"+rule.Prefix))
		return pathRule{}, false
	}
	prefix := strings.TrimSuffix(rule.Prefix, "/")
	if ambiguousPath(prefix) || strings.ContainsAny(prefix, "?#") {
		ps.add(field, i, rule.Prefix, "a Prefix cannot hold an empty, \".\" or \"..\" segment, a query or a fragment", "write the path as the router serves it, e.g. "+quote(path.Clean(strings.SplitN(rule.Prefix, "?", 2)[0])))
		return pathRule{}, false
	}
	return pathRule{prefix: prefix, expr: rule.Prefix, foldSame: plainLower(prefix)}, true
}

func (r *pathRule) describe() string {
	if r.re != nil {
		return "Regex " + quote(r.expr)
	}
	return "Prefix " + quote(r.expr)
}

// shadows reports whether a matches every path b matches, as far as it can
// be proved: exactly for two prefixes; for a regex, when every path it
// matches starts with a literal text (`/api/v2/.*` starts with "/api/v2/")
// or when the regex matches every path (it matches at the start of any path
// when it matches the empty one).
func shadows(a, b *pathRule) bool {
	if a.all {
		return true
	}
	// Every path a matches entirely: those starting with aLit (a regex
	// that is literal text), or the subtree of a prefix.
	switch {
	case a.re == nil && b.re == nil:
		return a.prefix == "" || b.prefix == a.prefix || strings.HasPrefix(b.prefix, a.prefix+"/")
	case a.re == nil:
		// b is a regex: its paths all start with b.literal.
		return a.prefix == "" || strings.HasPrefix(b.literal, a.prefix+"/")
	case !a.whole:
		return b.re != nil && a.expr == b.expr
	case b.re == nil:
		return strings.HasPrefix(b.prefix, a.literal)
	default:
		return strings.HasPrefix(b.literal, a.literal)
	}
}

// renameProblems names the rule in each ConfigError of err, a NewPolicy
// error for the Config of rule i; with i < 0 it only unjoins err.
func renameProblems(err error, i int) []error {
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]error, 0, len(errs))
	for _, e := range errs {
		var ce *ConfigError
		if errors.As(e, &ce) && i >= 0 {
			c := *ce
			c.Field = "Paths[" + itoa(i) + "].Config." + c.Field
			e = &c
		}
		out = append(out, e)
	}
	return out
}

// A PathOverlap is a pair of rules of [Config.Paths] that both match some
// path, which the earlier one then decides. See [PathOverlaps].
type PathOverlap struct {
	Earlier, Later int    // positions in Paths
	Example        string // a path both match
}

func (o PathOverlap) String() string {
	return "Paths[" + itoa(o.Earlier) + "] and Paths[" + itoa(o.Later) + "] both match " + quote(o.Example) + ", which Paths[" + itoa(o.Earlier) + "] decides"
}

// PathOverlaps lists the pairs of rules in paths that match a path in
// common, each with an example; the earlier rule decides such paths. A
// specific rule before a general one ("/api/admin" before "/api") is the
// intended use and is listed too: review the list, do not expect it empty.
// A rule that an earlier one hides entirely is an error of [NewPolicy], not
// an overlap.
//
// For prefixes the list is exact. For regexes it is found by examples (the
// literal text every match starts with, and paths below it), so two regexes
// can overlap without being listed. Rules that do not compile are skipped.
func PathOverlaps(paths []PathRule) []PathOverlap {
	var ps problems
	rules := make([]*pathRule, len(paths))
	for i, rule := range paths {
		if r, ok := compilePathRule(&ps, i, rule); ok {
			rules[i] = &r
		}
	}
	var out []PathOverlap
	for j, b := range rules {
		for i, a := range rules[:j] {
			if a == nil || b == nil {
				continue
			}
			for _, ex := range append(a.examples(), b.examples()...) {
				if a.matches(ex) && b.matches(ex) {
					out = append(out, PathOverlap{Earlier: i, Later: j, Example: ex})
					break
				}
			}
		}
	}
	return out
}

// examples are paths a rule is likely to match: its prefix and paths below
// it, or for a regex a path it matches and its literal start.
func (r *pathRule) examples() []string {
	base := r.prefix
	if r.re != nil {
		base = r.literal
	}
	ex := []string{base, base + "/", base + "/x", base + "x", base + "/x/y.json"}
	if base == "" {
		ex[0] = "/"
	}
	if r.sample != "" {
		ex = append(ex, r.sample, r.sample+"/x")
	}
	return ex
}

// sampleMatch builds a short text that r matches, or reports that it
// could not.
func sampleMatch(r *syntax.Regexp) (string, bool) {
	switch r.Op {
	case syntax.OpLiteral:
		return string(r.Rune), true
	case syntax.OpEmptyMatch, syntax.OpBeginText, syntax.OpBeginLine, syntax.OpEndText, syntax.OpEndLine, syntax.OpStar, syntax.OpQuest:
		return "", true
	case syntax.OpCharClass:
		if len(r.Rune) == 0 {
			return "", false
		}
		return string(r.Rune[0]), true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return "x", true
	case syntax.OpCapture, syntax.OpPlus:
		return sampleMatch(r.Sub[0])
	case syntax.OpRepeat:
		s, ok := sampleMatch(r.Sub[0])
		return strings.Repeat(s, r.Min), ok
	case syntax.OpConcat:
		var b strings.Builder
		for _, sub := range r.Sub {
			s, ok := sampleMatch(sub)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	case syntax.OpAlternate:
		return sampleMatch(r.Sub[0])
	}
	return "", false
}

// pathLiteral returns the literal text every path r matches (from the
// start) begins with, and whether r is that text alone, so that it matches
// every path beginning with it. atStart says that nothing precedes r.
func pathLiteral(r *syntax.Regexp, atStart bool) (string, bool) {
	switch r.Op {
	case syntax.OpLiteral:
		if r.Flags&syntax.FoldCase != 0 {
			return "", false
		}
		return string(r.Rune), true
	case syntax.OpEmptyMatch:
		return "", true
	case syntax.OpBeginText, syntax.OpBeginLine:
		return "", atStart
	case syntax.OpCapture:
		return pathLiteral(r.Sub[0], atStart)
	case syntax.OpConcat:
		lit := ""
		for _, sub := range r.Sub {
			s, whole := pathLiteral(sub, atStart && lit == "")
			lit += s
			if !whole {
				return lit, false
			}
		}
		return lit, true
	}
	return "", false
}

// emptyAtStart reports whether r can match the empty string at the start
// of any path, with no assertion about what follows: matched from the start
// of the path and not to its end, r then matches every path.
func emptyAtStart(r *syntax.Regexp) bool {
	switch r.Op {
	case syntax.OpEmptyMatch, syntax.OpStar, syntax.OpQuest, syntax.OpBeginText, syntax.OpBeginLine:
		return true
	case syntax.OpCapture, syntax.OpPlus:
		return emptyAtStart(r.Sub[0])
	case syntax.OpRepeat:
		return r.Min == 0 || emptyAtStart(r.Sub[0])
	case syntax.OpConcat:
		for _, sub := range r.Sub {
			if !emptyAtStart(sub) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, sub := range r.Sub {
			if emptyAtStart(sub) {
				return true
			}
		}
	}
	return false
}

// explain is Explain for a Policy with Paths: the rule chosen, then the
// explanation of its policy.
func (ps *pathSet) explain(r Request) Explanation {
	p, i := ps.policyFor(r.Path, r.rawPath())
	var detail string
	switch {
	case i == -2:
		detail = ps.disagreement(r.Path, r.rawPath()) + ": CORS is not enabled for it"
	case i == -1 && p == nil:
		detail = "no rule of Paths matches " + quote(r.Path) + ", and no origin is allowed outside the rules: CORS is not enabled for it"
	case i == -1:
		detail = "no rule of Paths matches " + quote(r.Path) + ": the rest of the Config decides"
	case p == nil:
		detail = "Paths[" + itoa(i) + "] (" + ps.rules[i].describe() + ") matches " + quote(r.Path) + " and allows no origin: CORS is not enabled for it"
	default:
		detail = "Paths[" + itoa(i) + "] (" + ps.rules[i].describe() + ") decides " + quote(r.Path)
	}
	step := Step{Check: "path rule", OK: p != nil, Detail: detail}
	if p == nil {
		e := Explanation{Kind: NotCORS, Reason: ReasonPathNotEnabled, Header: http.Header{}, Steps: []Step{step}}
		if len(r.Origin) == 1 {
			e.Origin = r.Origin[0]
		}
		return e
	}
	e := p.explainRequest(r)
	e.Steps = append([]Step{step}, e.Steps...)
	return e
}

// disagreement says which reading of a path policyFor found under another
// rule than the path as it is, for Explain.
func (ps *pathSet) disagreement(p, raw string) string {
	if len(p) > MaxPathLength || len(raw) > MaxPathLength {
		return "the path is longer than " + itoa(MaxPathLength) + " bytes (core.MaxPathLength), which no rule of Paths decides"
	}
	i := ps.index(p)
	if why := ps.readingApart(p, i); why != "" {
		return quote(p) + why
	}
	if clean, changed := cleanPath(p); changed {
		if ps.index(clean) != i {
			return quote(p) + " has an empty, \".\" or \"..\" segment and another rule of Paths decides it once cleaned"
		}
		if why := ps.readingApart(clean, i); why != "" {
			return quote(p) + " cleaned is " + quote(clean) + why
		}
	}
	if raw != "" && raw != p {
		if ps.index(raw) != i {
			return quote(p) + " was sent escaped as " + quote(raw) + ", which routers that route on the escaped path (chi, Echo, Fiber) give to another rule of Paths"
		}
		if why := ps.readingApart(raw, i); why != "" {
			return quote(p) + " was sent escaped as " + quote(raw) + why
		}
	}
	return quote(p) + " is read differently by different routers"
}

// readingApart is agrees saying why not, or "" when q's readings agree.
func (ps *pathSet) readingApart(q string, i int) string {
	if ps.indexFolded(q) != i {
		return ", read case-insensitively as Fiber routes by default, falls under another rule of Paths"
	}
	t := trimSlash(q)
	if t != q && (ps.index(t) != i || ps.indexFolded(t) != i) {
		return ", without its trailing slash, as a router that ignores the slash serves it, falls under another rule of Paths (" + quote(t) + ")"
	}
	if ps.slashIndex(t, i, true, false) != i {
		return ", which a router that ignores the trailing slash (Fiber by default, chi's StripSlashes) serves as " + quote(t) + " or " + quote(t+"/") + ", falls under another rule of Paths that way"
	}
	return ""
}
