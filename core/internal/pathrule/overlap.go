package pathrule

import (
	"regexp/syntax"
	"strings"
)

// Shadows reports whether a matches every path b matches, as far as it can
// be proved: exactly for two prefixes; for a regex, when every path it
// matches starts with a literal text (`/api/v2/.*` starts with "/api/v2/")
// or when the regex matches every path (it matches at the start of any path
// when it matches the empty one). After a, b would decide no path.
func Shadows(a, b *Rule) bool {
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

// Overlap returns a path both a and b match, found among paths either is
// likely to match (examples); ok is false when none is found. For two
// prefixes that is exact; two regexes can overlap without an example being
// found.
func Overlap(a, b *Rule) (example string, ok bool) {
	for _, ex := range append(a.examples(), b.examples()...) {
		if a.matches(ex) && b.matches(ex) {
			return ex, true
		}
	}
	return "", false
}

// examples are paths a rule is likely to match: its prefix and paths below
// it, or for a regex a path it matches and its literal start.
func (r *Rule) examples() []string {
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
