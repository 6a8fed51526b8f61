package pathrule

import (
	"regexp/syntax"
	"unicode"
)

// FoldedExpr is the expression that matches case-insensitively what tree,
// a parsed pattern, matches: each letter it names stands for every case of
// that letter, as a router that folds case reads a route ("[^a]" reads as
// "[^aA]"). Compile it anchored as the pattern is, and give both to
// [NewURLs] or [NewRegex]. It is built from tree rather than from the
// pattern's text: `\Q` without `\E` runs to the end of the text, and would
// swallow the closing parenthesis.
func FoldedExpr(tree *syntax.Regexp) string {
	return `(?i:` + tree.String() + `)`
}

// foldSame reports whether a and its case-insensitive form b match the
// same on every text of ASCII bytes without upper-case letters, as far as
// can be told node by node; false when it cannot be told. Where it holds,
// a path for which plainLower holds need not run the folded regex.
func foldSame(a, b *syntax.Regexp) bool {
	if a.Op != b.Op || len(a.Sub) != len(b.Sub) {
		return false
	}
	switch a.Op {
	case syntax.OpLiteral:
		if len(a.Rune) != len(b.Rune) {
			return false
		}
		for i, c := range a.Rune {
			for f := unicode.SimpleFold(b.Rune[i]); ; f = unicode.SimpleFold(f) {
				// Each plain byte the folded literal matches must be the
				// one the literal matches.
				if f < 0x80 && !('A' <= f && f <= 'Z') && f != c && a.Flags&syntax.FoldCase == 0 {
					return false
				}
				if f == b.Rune[i] {
					break
				}
			}
			if a.Flags&syntax.FoldCase == 0 && c != b.Rune[i] && unicode.SimpleFold(c) == c {
				return false
			}
		}
	case syntax.OpCharClass:
		for c := rune(0); c < 0x80; c++ {
			if !('A' <= c && c <= 'Z') && classHas(a.Rune, c) != classHas(b.Rune, c) {
				return false
			}
		}
	}
	for i := range a.Sub {
		if !foldSame(a.Sub[i], b.Sub[i]) {
			return false
		}
	}
	return true
}

// classHas reports whether the ranges of a character class hold c.
func classHas(ranges []rune, c rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] <= c && c <= ranges[i+1] {
			return true
		}
	}
	return false
}
