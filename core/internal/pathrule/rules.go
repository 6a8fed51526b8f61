package pathrule

import (
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/rx"
)

// A Rule is one compiled pattern of a list of path rules: a prefix, which
// matches a subtree of paths, or a regex matched from the start of the
// path. The zero Rule is the prefix "/", which matches every path.
type Rule struct {
	prefix string         // without a trailing "/", "" for "/"; when re is nil
	re     *regexp.Regexp // anchored at the start
	// literal is the text every path re matches starts with, and whole
	// says that re is that text alone, so that it matches every path that
	// starts with it.
	literal string
	whole   bool
	all     bool   // re matches every path
	sample  string // a path re matches, or ""
	expr    string // the regex as configured
	// fold is re matching case-insensitively; foldSame says that the rule
	// matches every path plainLower holds for as it does case-insensitively.
	fold     *regexp.Regexp
	foldSame bool
}

// NewPrefix returns the rule for the paths prefix names: prefix itself and
// every path below it, never "/apis" for "/api"; a trailing slash is
// ignored. ok is false, and the rule unusable, when prefix does not start
// with "/" or holds an empty, "." or ".." segment, a query or a fragment.
func NewPrefix(prefix string) (r Rule, ok bool) {
	if !strings.HasPrefix(prefix, "/") {
		return Rule{}, false
	}
	prefix = strings.TrimSuffix(prefix, "/")
	if ambiguous(prefix) || strings.ContainsAny(prefix, "?#") {
		return Rule{}, false
	}
	return Rule{prefix: prefix, foldSame: plainLower(prefix)}, true
}

// NewRegex returns the rule for a regex expr compiled anchored at the start
// of the path (re, parsed as tree) and its case-insensitive form
// ([FoldedExpr] of tree) compiled the same way (fold, parsed as foldTree).
func NewRegex(expr string, re *regexp.Regexp, tree *syntax.Regexp, fold *regexp.Regexp, foldTree *syntax.Regexp) Rule {
	r := Rule{re: re, expr: expr, fold: fold, foldSame: foldSame(tree, foldTree)}
	r.literal, r.whole = rx.Prefix(tree)
	r.all = emptyAtStart(tree)
	if sample, ok := sampleMatch(tree.Simplify()); ok && re.MatchString(sample) {
		r.sample = sample
	}
	return r
}

// matches reports whether r matches path p. It allocates nothing.
func (r *Rule) matches(p string) bool {
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
func (r *Rule) matchesFolded(p string) bool {
	if r.re != nil {
		if !hasPrefixASCIIFold(p, r.literal) {
			return false
		}
		return r.whole || r.fold.MatchString(p)
	}
	return hasPrefixASCIIFold(p, r.prefix) && (len(p) == len(r.prefix) || p[len(r.prefix)] == '/')
}

// matchesSlashed reports whether r matches p + "/", read
// case-insensitively when fold is set. Only a regex that runs costs more
// than matches: the text is built in a pooled buffer.
func (r *Rule) matchesSlashed(p string, fold bool) bool {
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

// A Set is a list of rules in order, the first that matches a path
// deciding it. The zero Set has no rule; build it with Add before use,
// then read it from any number of goroutines.
type Set struct {
	rules []Rule
	// foldDiffers: some rule matches some path plainLower holds for
	// otherwise than case-insensitively. When it is false, such paths (all
	// those browsers send for an application whose paths are lower-case)
	// need no second look-up.
	foldDiffers bool
	regexes     bool // some rule is a regex
}

// Add appends r to the rules of s.
func (s *Set) Add(r Rule) {
	s.foldDiffers = s.foldDiffers || !r.foldSame
	s.regexes = s.regexes || r.re != nil
	s.rules = append(s.rules, r)
}

// Rule returns the rule at position i of s.
func (s *Set) Rule(i int) *Rule {
	return &s.rules[i]
}

// What Choose returns when no rule is chosen.
const (
	// NoRule: every reading of the path falls under no rule.
	NoRule = -1
	// Ambiguous: the readings of the path fall under different rules, or
	// the path is longer than MaxLength; no rule may decide it.
	Ambiguous = -2
)

// index returns the position of the first rule matching p, or -1.
func (s *Set) index(p string) int {
	for i := range s.rules {
		if s.rules[i].matches(p) {
			return i
		}
	}
	return -1
}

// indexFolded is index with p read case-insensitively.
func (s *Set) indexFolded(p string) int {
	for i := range s.rules {
		if s.rules[i].matchesFolded(p) {
			return i
		}
	}
	return -1
}

// agrees reports whether the other readings of q, a path whose rule is i,
// fall under rule i too: q read case-insensitively; q without its trailing
// slashes, taken with or without one trailing slash, so that "/reports/"
// is not given the rule outside `^/reports$` when that rule closes
// "/reports", nor "/files" when `^/files/` decides "/files/"; and q without
// its trailing slashes as it is, so that "/files/" is not given the rule of
// `^/files/` when a router serves it as "/files".
func (s *Set) agrees(q string, i int) bool {
	fold := s.foldDiffers || !plainLower(q)
	if fold && s.indexFolded(q) != i {
		return false
	}
	t := TrimSlash(q)
	if t != q && (s.index(t) != i || fold && s.indexFolded(t) != i) {
		return false
	}
	return s.slashIndex(t, i, fold, t == q) == i
}

// slashIndex returns the position of the first rule matching t or
// t + "/", read case-insensitively too when fold, or -1. known says that i
// is already known to be the first rule matching t, read both ways: then
// only regexes need a look, as a prefix matches t + "/" when it matches t.
func (s *Set) slashIndex(t string, i int, fold, known bool) int {
	if known && !s.regexes {
		return i
	}
	for j := range s.rules {
		r := &s.rules[j]
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

// Choose returns the position of the rule that decides a request for path
// p (url.URL.Path), [NoRule] when no rule matches it, or [Ambiguous].
// It allocates nothing.
//
// A path with an empty, "." or ".." segment is read differently by
// different routers: net/http's ServeMux and Gin clean it, chi does not. Its
// rule is taken both from the path as it is and from the cleaned path
// (Clean); when they differ, no rule decides it, so that "/public/../admin"
// can never reach the admin area with the public area's rule. The cleaned
// path is built in a pooled buffer, and a path longer than MaxLength is
// Ambiguous: no reading of a hostile path costs an allocation that grows
// with it.
//
// raw is the path as the client escaped it (url.URL.RawPath), "" when it
// is p's default encoding. chi and Echo route on it, net/http's ServeMux
// and Gin on p: when the two fall under different rules ("/%70artner/x" is
// "/partner/x" for one, a path outside "/partner/" for the other), the path
// is Ambiguous too.
//
// Each of these readings is also read case-insensitively and without its
// trailing slashes, taken with one trailing slash too: "/ADMIN/users",
// which Fiber serves with the route "/admin/users", is not decided by the
// rule for the paths outside "/admin".
func (s *Set) Choose(p, raw string) int {
	if len(p) > MaxLength || len(raw) > MaxLength {
		return Ambiguous
	}
	i := s.index(p)
	if !s.agrees(p, i) {
		return Ambiguous
	}
	if needsClean(p) {
		clean, bp := pooledClean(p)
		apart := clean != p && (s.index(clean) != i || !s.agrees(clean, i))
		putReading(bp)
		if apart {
			return Ambiguous
		}
	}
	if raw != "" && raw != p && (s.index(raw) != i || !s.agrees(raw, i)) {
		return Ambiguous
	}
	if i < 0 {
		return NoRule
	}
	return i
}

// ambiguous reports whether p has an empty, "." or ".." segment (after
// its leading "/"), or does not start with "/".
func ambiguous(p string) bool {
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
