package rx

import (
	"regexp/syntax"
	"unicode"
)

// Edge returns the literal text that every match of r starts with (or ends
// with, if end), and whether that text is all r matches. Zero-width
// assertions (^, $, \b…) add no text and do not end it: `^https://a\.b$`
// starts and ends with "https://a.b", and is that text alone. Case-folded
// literals do not count.
func Edge(r *syntax.Regexp, end bool) (lit string, whole bool) {
	return literal(r, end, false, true)
}

// Prefix returns the literal text that every match of r, matched from the
// start of a text and not to its end, begins with, and whether r matches
// every text that begins with it: whether r is that literal text alone,
// with no assertion but a begin-of-text or begin-of-line anchor before
// any text (`^/api/`, `\A/api/`). The literal ends at any other assertion,
// which makes it not all r matches: `/api/$` and `/api\b` give "/api/"
// and "/api" and false. Case-folded literals do not count.
func Prefix(r *syntax.Regexp) (lit string, all bool) {
	return literal(r, false, true, true)
}

// Affixes returns the literal texts that every match of r starts and ends
// with ([Edge] at each end): `https://[a-z]+\.example\.com` has "https://"
// and ".example.com"; "" when there is none.
func Affixes(r *syntax.Regexp) (prefix, suffix string) {
	prefix, _ = Edge(r, false)
	suffix, _ = Edge(r, true)
	return prefix, suffix
}

// literal is the walk of Edge and Prefix. With strict (Prefix), an
// assertion other than a begin anchor at the start (atStart: nothing
// precedes r) ends the literal text and makes it not whole; without,
// every assertion is passed over.
func literal(r *syntax.Regexp, end, strict, atStart bool) (string, bool) {
	switch r.Op {
	case syntax.OpLiteral:
		if r.Flags&syntax.FoldCase != 0 {
			return "", false
		}
		return string(r.Rune), true
	case syntax.OpCapture:
		return literal(r.Sub[0], end, strict, atStart)
	case syntax.OpConcat:
		lit := ""
		for i := range r.Sub {
			sub := r.Sub[i]
			if end {
				sub = r.Sub[len(r.Sub)-1-i]
			}
			s, whole := literal(sub, end, strict, atStart && lit == "")
			if end {
				lit = s + lit
			} else {
				lit += s
			}
			if !whole {
				return lit, false
			}
		}
		return lit, true
	}
	if zeroWidth(r) {
		switch r.Op {
		case syntax.OpEmptyMatch:
			return "", true
		case syntax.OpBeginText, syntax.OpBeginLine:
			return "", !strict || atStart
		}
		return "", !strict
	}
	return "", false
}

// zeroWidth reports whether r matches only the empty string: the empty
// match, or an assertion (^, $, \A, \z, \b, \B).
func zeroWidth(r *syntax.Regexp) bool {
	switch r.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	return false
}

// RequiredUpper finds an upper-case letter that every match of r requires
// literally, which a lower-case text can never supply, and returns the
// literal or class that requires it. A literal under "?", "*" or in one
// branch of an alternation is not required: `https://(X)?example\.com` and
// `a|HTTPS://b` can match.
func RequiredUpper(r *syntax.Regexp) (string, bool) {
	switch r.Op {
	case syntax.OpLiteral:
		if r.Flags&syntax.FoldCase == 0 {
			for _, c := range r.Rune {
				if unicode.IsUpper(c) {
					return string(r.Rune), true
				}
			}
		}
	case syntax.OpCharClass:
		// "(A|B)" is parsed as the class [A-B]: impossible when every rune
		// in it is an upper-case letter.
		for i := 0; i+1 < len(r.Rune); i += 2 {
			if r.Rune[i+1]-r.Rune[i] > 256 {
				return "", false
			}
			for c := r.Rune[i]; c <= r.Rune[i+1]; c++ {
				if !unicode.IsUpper(c) {
					return "", false
				}
			}
		}
		return r.String(), len(r.Rune) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return RequiredUpper(r.Sub[0])
	case syntax.OpRepeat:
		if r.Min > 0 {
			return RequiredUpper(r.Sub[0])
		}
	case syntax.OpConcat:
		for _, sub := range r.Sub {
			if lit, ok := RequiredUpper(sub); ok {
				return lit, true
			}
		}
	case syntax.OpAlternate:
		// Every branch must be impossible.
		first := ""
		for i, sub := range r.Sub {
			lit, ok := RequiredUpper(sub)
			if !ok {
				return "", false
			}
			if i == 0 {
				first = lit
			}
		}
		return first, len(r.Sub) > 0
	}
	return "", false
}
