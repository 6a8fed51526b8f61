package pathrule

import (
	"regexp"
	"regexp/syntax"
)

// URLs is a compiled URLsRegex: a regex matched from the start of the path,
// under every reading a router may give the path. A URLs is immutable and
// safe for concurrent use.
type URLs struct {
	re *regexp.Regexp
	// fold is re matching case-insensitively; foldSame says it matches as
	// re does every path plainLower holds for.
	fold     *regexp.Regexp
	foldSame bool
}

// NewURLs builds a URLs from a pattern compiled anchored at the start of
// the path (re, parsed as tree) and its case-insensitive form
// ([FoldedExpr] of tree) compiled the same way (fold, parsed as foldTree).
func NewURLs(re *regexp.Regexp, tree *syntax.Regexp, fold *regexp.Regexp, foldTree *syntax.Regexp) *URLs {
	return &URLs{re: re, fold: fold, foldSame: foldSame(tree, foldTree)}
}

// Enabled reports whether u matches urlPath under every reading of it: as
// sent, as escaped (raw, url.URL.RawPath, "" when it is urlPath's default
// encoding: chi, Echo and Fiber route on it) and cleaned, each read
// case-insensitively too and without its trailing slashes. A path longer
// than MaxLength is not enabled. It allocates nothing.
func (u *URLs) Enabled(urlPath, raw string) bool {
	if len(urlPath) > MaxLength || len(raw) > MaxLength {
		return false
	}
	if !u.MatchesEveryReading(urlPath) || raw != "" && raw != urlPath && !u.MatchesEveryReading(raw) {
		return false
	}
	if !needsClean(urlPath) {
		return true
	}
	clean, bp := pooledClean(urlPath)
	ok := clean == urlPath || u.MatchesEveryReading(clean)
	putReading(bp)
	return ok
}

// Matches reports whether the regex matches q as it is.
func (u *URLs) Matches(q string) bool {
	return u.re.MatchString(q)
}

// MatchesEveryReading reports whether the regex matches q, q read
// case-insensitively and q without its trailing slashes.
func (u *URLs) MatchesEveryReading(q string) bool {
	if !u.re.MatchString(q) || !(u.foldSame && plainLower(q)) && !u.fold.MatchString(q) {
		return false
	}
	if t := TrimSlash(q); t != q {
		return u.MatchesEveryReading(t)
	}
	return true
}
