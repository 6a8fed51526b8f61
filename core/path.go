package core

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode"
	"unsafe"
)

// Paths and routers. URLsRegex must be matched against the path the
// router serves, but routers read an ambiguous path differently: Gin with
// RemoveExtraSlash and http.ServeMux clean it ("/public/../private/data" is
// served as "/private/data"), chi and Echo route it as it is. The policy
// cannot know which router is behind it, so for an ambiguous path it
// enables CORS only when every reading is enabled: it fails closed
// whichever way the router reads the path.
//
// Case and a trailing slash are two more readings. Fiber, by default,
// routes "/ADMIN/users" to the route "/admin/users" and "/reports/" to
// "/reports"; chi's StripSlashes and CleanPath, and Echo's
// RemoveTrailingSlash and AddTrailingSlash, rewrite the path the router
// reads where the middleware cannot see it. So the policy always reads the
// path case-insensitively too (ASCII letters, as Fiber folds them), each
// letter a rule names standing for both its cases: a rule written "/Admin"
// still decides "/Admin/x", and "/ADMIN/x" is decided by no rule when the
// path as it is falls under another. It always reads the path without its
// trailing slashes too, and that reading must fall under the same rule as
// the path and match URLsRegex, since the middleware cannot tell whether
// the router serves "/files/" as "/files": "/reports/" is closed when a
// closed `^/reports$` decides "/reports", and "/files/" when `^/files/`
// decides "/files/" but not "/files" (write `^/files(/|$)` or a Prefix).
// The path with one trailing slash added is read too, for routers that add
// it: "/files" is closed when `^/files/` decides "/files/".

// MaxPathLength is the longest path, in bytes, for which Config.URLsRegex
// or Config.Paths enable CORS: a longer path, as sent or as escaped, is not
// a CORS path (no rule decides it; only CheckRequest hooks can grant it, as
// for any path URLsRegex does not match). Reading a path as the routers may
// read it (cleaned, with a trailing slash) is done in a pooled buffer of at
// most this size, so a hostile path of any length costs time bounded by
// this length and no allocation that grows with it. No route is this long:
// nginx refuses a request line over 8 KiB by default, and Fiber's default
// read buffer holds 4 KiB of request line and headers.
const MaxPathLength = 8 << 10

// cleanPath returns the path a router that cleans paths serves for p: dot
// segments resolved, repeated slashes collapsed, a trailing slash kept, as
// path.Clean does and as Gin's and net/http's routers do. changed is false,
// and nothing is allocated, when p is already clean: the common case, told
// by two substring searches (needsClean). Percent-encoded slashes and dots
// are already decoded in the path the policy reads (url.URL.Path), so
// "/public/..%2Fprivate" is "/public/../private" here. Decide cleans in a
// pooled buffer instead (pooledClean); this form is for Explain.
func cleanPath(p string) (clean string, changed bool) {
	if !needsClean(p) {
		return p, false
	}
	c, bp := pooledClean(p)
	defer putReading(bp)
	if c == p {
		return p, false
	}
	return strings.Clone(c), true
}

// needsClean reports whether p may read otherwise cleaned.
func needsClean(p string) bool {
	if p == "" || p == "*" {
		return false
	}
	return p[0] != '/' || strings.Contains(p, "//") || strings.Contains(p, "/.")
}

// appendClean appends p cleaned to b: p read from a leading "/" (added
// when missing), its empty and "." segments dropped, each ".." segment
// taking away the segment before it (none above the root), and a trailing
// slash kept when p has one, as cleanPath describes. The result is never
// longer than p plus one byte.
func appendClean(b []byte, p string) []byte {
	root := len(b)
	b = append(b, '/')
	for i := 0; i < len(p); {
		j := i
		for j < len(p) && p[j] != '/' {
			j++
		}
		switch seg := p[i:j]; seg {
		case "", ".":
		case "..":
			k := len(b) - 1
			for k > root && b[k] != '/' {
				k--
			}
			b = b[:max(k, root+1)]
		default:
			if len(b) > root+1 {
				b = append(b, '/')
			}
			b = append(b, seg...)
		}
		i = j + 1
	}
	if len(b) > root+1 && strings.HasSuffix(p, "/") {
		b = append(b, '/')
	}
	return b
}

// readings holds the buffers a path's built readings (cleaned, with a
// trailing slash added) are written in; each grows to at most
// MaxPathLength plus two bytes, as longer paths are refused first.
var readings = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// pooledClean returns p cleaned, written in a pooled buffer, and the
// buffer to give back with putReading once the cleaned path is no longer
// read.
func pooledClean(p string) (string, *[]byte) {
	bp := readings.Get().(*[]byte)
	b := appendClean((*bp)[:0], p)
	*bp = b
	return unsafe.String(unsafe.SliceData(b), len(b)), bp
}

// putReading gives a buffer of readings back.
func putReading(bp *[]byte) {
	*bp = (*bp)[:0]
	readings.Put(bp)
}

// pathEnabled reports whether URLsRegex enables CORS for p under every
// reading of it: as sent, as escaped (raw, url.URL.RawPath, "" when it is
// p's default encoding: chi, Echo and Fiber route on it) and cleaned, each
// read case-insensitively too and without its trailing slashes. A path
// longer than MaxPathLength is not enabled.
func (p *Policy) pathEnabled(urlPath, raw string) bool {
	if p.urls == nil {
		return true
	}
	if len(urlPath) > MaxPathLength || len(raw) > MaxPathLength {
		return false
	}
	if !p.urlsMatch(urlPath) || raw != "" && raw != urlPath && !p.urlsMatch(raw) {
		return false
	}
	if !needsClean(urlPath) {
		return true
	}
	clean, bp := pooledClean(urlPath)
	ok := clean == urlPath || p.urlsMatch(clean)
	putReading(bp)
	return ok
}

// urlsMatch reports whether URLsRegex matches q, q read case-insensitively
// and q without its trailing slashes.
func (p *Policy) urlsMatch(q string) bool {
	if !p.urls.MatchString(q) || !(p.urlsFoldSame && plainLower(q)) && !p.urlsFold.MatchString(q) {
		return false
	}
	if t := trimSlash(q); t != q {
		return p.urlsMatch(t)
	}
	return true
}

// trimSlash is p without its trailing slashes, as a router that ignores
// the trailing slash (Fiber without StrictRouting) routes it; "/" stays.
func trimSlash(p string) string {
	i := len(p)
	for i > 1 && p[i-1] == '/' {
		i--
	}
	return p[:i]
}

// plainLower reports whether p has no upper-case ASCII letter and no byte
// outside ASCII: a path that reads the same case-insensitively, against a
// pattern that reads the same too (see foldSame).
func plainLower(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c >= 0x80 || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// hasPrefixASCIIFold is strings.HasPrefix with ASCII letters compared without
// regard to case, as Fiber compares paths with routes when it is not
// CaseSensitive.
func hasPrefixASCIIFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		a, b := s[i], prefix[i]
		if a == b {
			continue
		}
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// compileFolded compiles expr to match case-insensitively, anchored as
// compileAnchored anchors it: each letter it names stands for every case of
// that letter, as a router that folds case reads a route ("[^a]" reads as
// "[^aA]"). It also reports whether the folded regex matches as expr does
// every path for which plainLower holds, so that such paths need not run
// it. It returns nil when expr does not compile.
func compileFolded(expr string) (*regexp.Regexp, bool, error) {
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, false, err
	}
	// tree.String() rather than expr: `\Q` without `\E` runs to the end
	// of the text, and would swallow the closing parenthesis.
	re, foldedTree, err := compileAnchored(`(?i:`+tree.String()+`)`, false)
	if err != nil {
		return nil, false, err
	}
	return re, foldSame(tree, foldedTree), nil
}

// foldSame reports whether a and its case-insensitive form b match the
// same on every text of ASCII bytes without upper-case letters, as far as
// can be told node by node; false when it cannot be told.
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

// matchSlashed reports whether re matches p + "/", built in a pooled
// buffer: p is at most MaxPathLength long (policyFor refuses longer paths
// first), so the buffer is too.
func matchSlashed(re *regexp.Regexp, p string) bool {
	bp := readings.Get().(*[]byte)
	b := append(append((*bp)[:0], p...), '/')
	ok := re.Match(b)
	*bp = b[:0]
	readings.Put(bp)
	return ok
}
