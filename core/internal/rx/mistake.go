package rx

import (
	"regexp/syntax"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/printable"
)

// Mistake recognises a regex meant to match origins that can never match
// one, or matches more than it says (a WebSocket scheme, a path, an
// unescaped dot in a host), and says what to write instead: the regex
// fixed when the fixed one compiles and is no such mistake, else the way
// to fix it.
func Mistake(expr string) (problem, fix string, found bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return "", "", false
	}
	prefix, _ := Edge(re, false)
	for _, ws := range [...]struct{ scheme, page string }{{"wss://", "https://"}, {"ws://", "http://"}} {
		if !strings.HasPrefix(prefix, ws.scheme) {
			continue
		}
		problem = "browsers send the origin of the page that opens a WebSocket, " + ws.page + ", never " + ws.scheme + ", so this regex can never match"
		if i := strings.Index(expr, ws.scheme); i >= 0 {
			fixed := expr[:i] + ws.page + expr[i+len(ws.scheme):]
			if _, _, again := Mistake(fixed); !again && compiles(fixed) {
				return problem, "write `" + printable.Escape(fixed) + "`", true
			}
		}
		return problem, "match the page's origin, " + ws.page + "…", true
	}
	if requiresPath(re) {
		problem = "an origin is scheme://host[:port], with no path, and every match of this regex has a \"/\" after the host"
		if i := strings.Index(expr, "://"); i >= 0 {
			if j := strings.IndexByte(expr[i+3:], '/'); j >= 0 {
				fixed := expr[:i+3+j]
				if strings.HasSuffix(expr, "$") {
					fixed += "$"
				}
				if _, _, again := Mistake(fixed); !again && compiles(fixed) {
					return problem, "end it at the host or port: write `" + printable.Escape(fixed) + "`", true
				}
			}
		}
		return problem, "end it at the host or port, e.g. `https://[a-z0-9-]+\\.example\\.com`", true
	}
	if fixed, around, ok := unescapedHostDots(expr); ok && compiles(fixed) {
		return "an unescaped \".\" in a host matches any character, not only a dot, so " + printable.Quote(around) + " also matches " + printable.Quote(strings.Replace(around, ".", "-", 1)),
			"escape the dots: write `" + fixed + "`", true
	}
	return "", "", false
}

func compiles(expr string) bool {
	_, _, err := CompileAnchored(expr, true)
	return err == nil
}

// requiresPath reports whether every match of re has a "/" that an origin
// cannot have. An origin (other than "file://", which no regex matches)
// has exactly two, together, right after the scheme: so a match cannot end
// with "/", nor hold more than two, nor one that stands alone.
func requiresPath(re *syntax.Regexp) bool {
	if suffix, _ := Edge(re, true); strings.HasSuffix(suffix, "/") {
		return true
	}
	slashes := 0
	for _, lit := range requiredLiterals(re) {
		for k := 0; k < len(lit); k++ {
			if lit[k] != '/' {
				continue
			}
			slashes++
			paired := k > 0 && lit[k-1] == '/' || k+1 < len(lit) && lit[k+1] == '/'
			edge := k == 0 || k == len(lit)-1
			if !paired && !edge {
				return true
			}
		}
	}
	return slashes > 2
}

// requiredLiterals returns the literal texts every match of re contains:
// those of its top-level concatenation, through capturing groups.
func requiredLiterals(re *syntax.Regexp) []string {
	var lits []string
	for _, it := range flatItems(re) {
		if it.Op == syntax.OpLiteral {
			lits = append(lits, string(it.Rune))
		}
	}
	return lits
}

// unescapedHostDots finds the dots of expr, after its "://", that stand
// unescaped between two parts of a host, as in `https://app.example.com`:
// there "." matches any character, so "https://app-example.com" matches
// too. It returns expr with those dots escaped, and the text around the
// first one.
func unescapedHostDots(expr string) (fixed, around string, found bool) {
	start := strings.Index(expr, "://")
	if start < 0 {
		return "", "", false
	}
	var b strings.Builder
	inClass, quoted := false, false
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case quoted:
			if strings.HasPrefix(expr[i:], `\E`) {
				quoted = false
				b.WriteString(`\E`)
				i++
				continue
			}
		case c == '\\' && i+1 < len(expr):
			if expr[i+1] == 'Q' {
				quoted = true
			}
			b.WriteString(expr[i : i+2])
			i++
			continue
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			if strings.HasPrefix(expr[i:], "[]") || strings.HasPrefix(expr[i:], "[^]") {
				// A leading "]" is a member, not the end.
				n := strings.IndexByte(expr[i:], ']') + 1
				b.WriteString(expr[i : i+n])
				i += n - 1
				continue
			}
		case c == '.' && i > start+2 && i+1 < len(expr) && (isLetter(expr[i+1]) || isDigit(expr[i+1])) && hostPartEnd(expr[:i]):
			if !found {
				found = true
				l := i
				for l > start+3 && isLabelByte(expr[l-1]) && i-l < 16 {
					l--
				}
				r := i + 1
				for r < len(expr) && isLabelByte(expr[r]) && r-i < 16 {
					r++
				}
				around = expr[l:r]
			}
			b.WriteString(`\.`)
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), around, found
}

// hostPartEnd reports whether s, the text of a regex before a dot, ends
// with something that matches the end of a host label: a letter, a digit
// or "-", a class, a group or a repetition.
func hostPartEnd(s string) bool {
	c := s[len(s)-1]
	if len(s) >= 2 && s[len(s)-2] == '\\' {
		// `\d.`, `\w.`: a class; `\..` or `\/.`: an escaped character.
		return c == 'd' || c == 'w'
	}
	return isLabelByte(c) || strings.IndexByte("])+*}?", c) >= 0
}

func isLabelByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '-' }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
