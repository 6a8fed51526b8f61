package core

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// This file recognises configurations that other CORS libraries accept, or
// that a value read from an environment variable produces, and that this
// one cannot honour: each gets a problem and a fix that works as written.

// severalInOne splits an element that holds a list, as
// "https://a.example,https://b.example" read from an environment variable
// does. ok is false when the element holds at most one value.
func severalInOne(s string) (parts []string, ok bool) {
	parts = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	return parts, len(parts) > 1
}

// oneEach is the fix for an element holding several values: the list
// written one value per element.
func oneEach(parts []string) string {
	quoted := make([]string, len(parts))
	for i, s := range parts {
		quoted[i] = quote(s)
	}
	return "write one per element: []string{" + strings.Join(quoted, ", ") + "}"
}

// checkSeveralInOne adds a problem for a list element holding several
// values, and reports whether it did.
func checkSeveralInOne(ps *problems, field, what string, i int, s string) bool {
	parts, ok := severalInOne(s)
	if ok {
		ps.add(field, i, s, "one "+what+" per element, but this one holds "+itoa(len(parts))+", separated by commas or spaces", oneEach(parts))
	}
	return ok
}

// extensionIDs are example origins of the browser-extension schemes, for
// the fix of "chrome-extension://*".
var extensionIDs = map[string]string{
	"chrome-extension":     "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
	"moz-extension":        "moz-extension://6f2e0b3c-1d4a-4b8e-9c57-2a1f3e4d5b6c",
	"safari-web-extension": "safari-web-extension://6f2e0b3c-1d4a-4b8e-9c57-2a1f3e4d5b6c",
}

// originMistake recognises AllowedOrigins entries that other libraries
// read differently from this one, and says what to write instead.
// credentials and allowAll are the Config's AllowCredentials and
// AllowAllOrigins.
func originMistake(s string, credentials, allowAll bool) (problem, fix string, found bool) {
	if parts, ok := severalInOne(s); ok && (strings.Contains(s, ",") || strings.Count(s, "://") > 1) {
		for i, part := range parts {
			// "https://a.example/, https://b.example/": the slashes are
			// the next mistake; the fix leaves them out.
			if trimmed := strings.TrimSuffix(part, "/"); !strings.HasSuffix(trimmed, "/") {
				parts[i] = trimmed
			}
		}
		return "one origin per element, but this one holds " + itoa(len(parts)) + ", separated by commas or spaces", oneEach(parts), true
	}
	if s == "*" {
		switch {
		case allowAll:
			return "\"*\" is not an origin, and AllowAllOrigins already allows every origin", "remove it", true
		case credentials:
			return "\"*\" is not an origin, and with AllowCredentials every origin cannot be allowed", `list the origins you trust, e.g. "https://app.example.com"`, true
		}
		return "\"*\" is not an origin", "remove it and set AllowAllOrigins to allow every origin", true
	}
	if len(s) > 2 && s[0] == '/' && s[len(s)-1] == '/' {
		return "a regex between slashes, as gin-contrib/cors reads it, is not understood here", "add `" + escape(s[1:len(s)-1]) + "` to AllowedOriginRegexes, which anchors it at both ends", true
	}
	schemeEnd := strings.Index(s, "://")
	if schemeEnd <= 0 {
		return "", "", false
	}
	scheme, rest := strings.ToLower(s[:schemeEnd]), s[schemeEnd+3:]
	if strings.ContainsAny(rest, "/?#@[") {
		// Not an origin for reasons the parser explains.
		return "", "", false
	}
	if scheme == "ws" || scheme == "wss" {
		page := "http"
		if scheme == "wss" {
			page = "https"
		}
		fixed := page + "://" + rest
		var scratch problems
		if _, ok := parseOriginPattern(&scratch, 0, fixed, credentials); !ok {
			return "", "", false
		}
		return "browsers send the origin of the page that opens a WebSocket, " + page + "://, never " + scheme + "://, so this entry can never match",
			"write " + quote(fixed), true
	}
	host, port, _ := strings.Cut(rest, ":")
	switch {
	case len(host) > 1 && strings.HasSuffix(host, ".") && !strings.Contains(host, "*"):
		fixed := scheme + "://" + strings.TrimRight(host, ".")
		if port != "" {
			fixed += ":" + port
		}
		return "a host with a trailing dot is another origin than the same host without it, and browsers send it only for a page whose address has the dot",
			"write " + quote(fixed), true
	case host == "*" || host == "*.*":
		if ex, ok := extensionIDs[scheme]; ok {
			return "anyone can publish a browser extension, so allowing every extension allows anyone",
				"list your extension's own origin, e.g. " + quote(ex), true
		}
		if credentials {
			return "a wildcard stands for the subdomains of a domain, not for every host, and with AllowCredentials every origin cannot be allowed",
				"list the origins you trust, e.g. " + quote(scheme+"://app.example.com"), true
		}
		re := regexp.QuoteMeta(scheme+"://") + ".+"
		if port != "" && port != "*" && port != defaultPortOf(scheme) {
			re += ":" + port
		}
		return "a wildcard stands for the subdomains of a domain, not for every host",
			"to allow every " + escape(scheme) + " origin, add `" + escape(re) + "` to AllowedOriginRegexes", true
	case strings.HasSuffix(host, ".*"):
		domain := host[:len(host)-2]
		if j := strings.LastIndexByte(domain, '*'); j > 0 || j == 0 && !strings.HasPrefix(domain, "*.") {
			// Another wildcard in the middle: its fix too.
			domain = "*." + strings.TrimLeft(domain[j+1:], ".")
		}
		fixed := scheme + "://" + domain + ".com"
		if port != "" {
			fixed += ":" + port
		}
		return "a wildcard cannot stand for a top-level domain: the same name under another one belongs to someone else",
			"list the origin for each domain you own, e.g. " + quote(fixed), true
	}
	return "", "", false
}

// regexMistake recognises AllowedOriginRegexes entries that can never
// match an origin, and says what to write instead.
func regexMistake(expr string) (problem, fix string, found bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return "", "", false
	}
	prefix, _ := literalEdge(re, false)
	for _, ws := range [...]struct{ scheme, page string }{{"wss://", "https://"}, {"ws://", "http://"}} {
		if !strings.HasPrefix(prefix, ws.scheme) {
			continue
		}
		problem = "browsers send the origin of the page that opens a WebSocket, " + ws.page + ", never " + ws.scheme + ", so this regex can never match"
		if i := strings.Index(expr, ws.scheme); i >= 0 {
			fixed := expr[:i] + ws.page + expr[i+len(ws.scheme):]
			if _, _, again := regexMistake(fixed); !again && compiles(fixed) {
				return problem, "write `" + escape(fixed) + "`", true
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
				if _, _, again := regexMistake(fixed); !again && compiles(fixed) {
					return problem, "end it at the host or port: write `" + escape(fixed) + "`", true
				}
			}
		}
		return problem, "end it at the host or port, e.g. `https://[a-z0-9-]+\\.example\\.com`", true
	}
	if fixed, around, ok := unescapedHostDots(expr); ok && compiles(fixed) {
		return "an unescaped \".\" in a host matches any character, not only a dot, so " + quote(around) + " also matches " + quote(strings.Replace(around, ".", "-", 1)),
			"escape the dots: write `" + fixed + "`", true
	}
	return "", "", false
}

func compiles(expr string) bool {
	_, _, err := compileAnchored(expr, true)
	return err == nil
}

// requiresPath reports whether every match of re has a "/" that an origin
// cannot have. An origin (other than "file://", which no regex matches)
// has exactly two, together, right after the scheme: so a match cannot end
// with "/", nor hold more than two, nor one that stands alone.
func requiresPath(re *syntax.Regexp) bool {
	if suffix, _ := literalEdge(re, true); strings.HasSuffix(suffix, "/") {
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
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}
	case syntax.OpCapture:
		return requiredLiterals(re.Sub[0])
	case syntax.OpConcat:
		var lits []string
		for _, sub := range re.Sub {
			lits = append(lits, requiredLiterals(sub)...)
		}
		return lits
	}
	return nil
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
