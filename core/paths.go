package core

import (
	"errors"
	"fmt"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/pathrule"

	"github.com/corsheaders/corsheaders/core/internal/rx"
)

// policyFor returns the policy that decides a request for path p, nil
// when CORS is not enabled for it, and the index of its rule
// (pathrule.NoRule: the fallback, pathrule.Ambiguous: not enabled as
// ambiguous). raw is the path as the client escaped it, "" when it is p's
// default encoding. The rule is chosen by pathrule.Set.Choose: under every
// reading a router may give the path (cleaned, as escaped, case-insensitive,
// without or with a trailing slash), or none, and only for a path of at
// most MaxPathLength bytes.
func (ps *pathSet) policyFor(p, raw string) (*Policy, int) {
	i := ps.rules.Choose(p, raw)
	switch {
	case i == pathrule.Ambiguous:
		return nil, i
	case i < 0:
		return ps.fallback, i
	}
	return ps.policies[i], i
}

// newPathPolicy compiles a Config with Paths: each rule's Config, checked
// as NewPolicy checks any, with its problems named after the rule; the
// rules' patterns, and any rule that an earlier one hides entirely.
func newPathPolicy(cfg Config) (*Policy, error) {
	var ps problems
	rules := cfg.Paths
	cfg.Paths = nil
	set := &pathSet{}
	if allowsSomeOrigin(cfg) {
		fallback, err := compile(cfg)
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
	var compiled []int // every rule whose pattern compiles, for shadowing
	for i, rule := range rules {
		r, ok := compilePathRule(&ps, i, rule)
		if ok {
			for _, j := range compiled {
				if pathrule.Shadows(set.rules.Rule(j), &r) {
					ps.add("Paths", i, rule.pattern(), "never used: the earlier rule "+rules[j].pattern()+" matches every path it matches", "put the more specific rule first, or remove it")
					break
				}
			}
			compiled = append(compiled, i)
		}
		var policy *Policy
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
			// enabled for them (its policy stays nil).
			var unused problems
			checkUnused(&unused, rc)
			ps = append(ps, renameProblems(errors.Join(unused...), i)...)
		default:
			p, err := compile(rc)
			if err != nil {
				ps = append(ps, renameProblems(err, i)...)
			}
			policy = p
			if p != nil {
				p.rule = rule.pattern()
			}
		}
		set.rules.Add(r)
		set.policies = append(set.policies, policy)
		set.patterns = append(set.patterns, rule.pattern())
	}
	if len(ps) > 0 {
		return nil, errors.Join(ps...)
	}
	// The policy returned holds the rules; deciding and Explain look them up
	// first. Its own fields are the fallback's, or those of a policy
	// allowing nothing, for whatever reads them directly.
	p := &Policy{policyBody: &policyBody{debug: cfg.DebugLogger}}
	if set.fallback != nil {
		p = set.fallback.clone()
	}
	p.paths = set
	p.notes = slices.Clip(p.notes)
	for i, rp := range set.policies {
		if rp != nil {
			for _, n := range rp.notes {
				p.notes = append(p.notes, "Paths["+itoa(i)+"] ("+set.patterns[i]+"): "+n)
			}
		}
	}
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

// compilePathRule compiles the pattern of rule i, reporting its problems
// to ps; ok is false when it has some.
func compilePathRule(ps *problems, i int, rule PathRule) (r pathrule.Rule, ok bool) {
	const field = "Paths"
	switch {
	case rule.Prefix != "" && rule.Regex != "":
		ps.add(field, i, rule.pattern(), "a rule has either a Prefix or a Regex, not both", "split it into two rules")
		return r, false
	case rule.Regex != "":
		re, tree, err := rx.CompileAnchored(rule.Regex, false)
		if err != nil {
			ps.add(field, i, rule.Regex, "does not compile: "+rx.ErrorText(err), rx.RE2Fix)
			return r, false
		}
		fold, foldTree, err := compileFolded(tree)
		if err != nil {
			ps.add(field, i, rule.Regex, "does not compile read case-insensitively: "+rx.ErrorText(err), rx.RE2Fix)
			return r, false
		}
		return pathrule.NewRegex(rule.Regex, re, tree, fold, foldTree), true
	case rule.Prefix == "":
		ps.add(field, i, "", "a rule needs a Prefix or a Regex", `use Prefix "/" for every path`)
		return r, false
	case rule.Prefix[0] != '/':
		ps.add(field, i, rule.Prefix, "a Prefix is a path and starts with \"/\"", "write "+quote("/"+rule.Prefix))
		return r, false
	}
	if r, ok = pathrule.NewPrefix(rule.Prefix); !ok {
		ps.add(field, i, rule.Prefix, "a Prefix cannot hold an empty, \".\" or \"..\" segment, a query or a fragment", "write the path as the router serves it, e.g. "+quote(path.Clean(strings.SplitN(rule.Prefix, "?", 2)[0])))
	}
	return r, ok
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
	rules := make([]*pathrule.Rule, len(paths))
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
			if ex, ok := pathrule.Overlap(a, b); ok {
				out = append(out, PathOverlap{Earlier: i, Later: j, Example: ex})
			}
		}
	}
	return out
}

// disagreement says which reading of a path policyFor found under another
// rule than the path as it is, for Explain.
func (ps *pathSet) disagreement(p, raw string) string {
	if len(p) > MaxPathLength || len(raw) > MaxPathLength {
		return "the path is longer than " + itoa(MaxPathLength) + " bytes (core.MaxPathLength), which no rule of Paths decides"
	}
	form, q, reading := ps.rules.Disagreement(p, raw)
	var subject string
	switch {
	case form == pathrule.AsSent:
		subject = quote(p)
	case form == pathrule.Cleaned && reading == pathrule.Itself:
		return quote(p) + " has an empty, \".\" or \"..\" segment and another rule of Paths decides it once cleaned"
	case form == pathrule.Cleaned:
		subject = quote(p) + " cleaned is " + quote(q)
	case form == pathrule.Escaped && reading == pathrule.Itself:
		return quote(p) + " was sent escaped as " + quote(raw) + ", which routers that route on the escaped path (chi, Echo, Fiber) give to another rule of Paths"
	case form == pathrule.Escaped:
		subject = quote(p) + " was sent escaped as " + quote(raw)
	default:
		return quote(p) + " is read differently by different routers"
	}
	t := pathrule.TrimSlash(q)
	switch reading {
	case pathrule.Folded:
		return subject + ", read case-insensitively as Fiber routes by default, falls under another rule of Paths"
	case pathrule.Trimmed:
		return subject + ", without its trailing slash, as a router that ignores the slash serves it, falls under another rule of Paths (" + quote(t) + ")"
	default:
		return subject + ", which a router that ignores the trailing slash (Fiber by default, chi's StripSlashes) serves as " + quote(t) + " or " + quote(t+"/") + ", falls under another rule of Paths that way"
	}
}

// pathEnabled reports whether URLsRegex enables CORS for p under every
// reading of it (pathrule.URLs.Enabled); raw is the path as the client
// escaped it, "" when it is p's default encoding.
func (p *Policy) pathEnabled(urlPath, raw string) bool {
	return p.urls == nil || p.urls.Enabled(urlPath, raw)
}
