package origin

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/corsheaders/corsheaders/core/internal/printable"
)

// This file recognises allowed-origin entries that other CORS libraries
// accept, or that a value read from an environment variable produces, and
// that this one cannot honour: each gets a problem and a fix that works as
// written.

// SeveralOrigins splits an entry that holds several origins, as
// "https://a.example,https://b.example" read from an environment variable
// does (or with semicolons, as some list them), into the origins it holds, without the trailing slash each may
// have ("https://a.example/, https://b.example/": the slashes are the next
// mistake, and the fix leaves them out). ok is false when s holds at most
// one origin.
func SeveralOrigins(s string) (origins []string, ok bool) {
	if !strings.ContainsAny(s, ",;") && strings.Count(s, "://") < 2 {
		return nil, false // what the test below finds, without splitting s
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	if len(parts) < 2 || !strings.ContainsAny(s, ",;") && strings.Count(s, "://") < 2 {
		return nil, false
	}
	for i, part := range parts {
		if trimmed := strings.TrimSuffix(part, "/"); !strings.HasSuffix(trimmed, "/") {
			parts[i] = trimmed
		}
	}
	return parts, true
}

// extensionIDs are example origins of the browser-extension schemes, for
// the fix of "chrome-extension://*".
var extensionIDs = map[string]string{
	"chrome-extension":     "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
	"moz-extension":        "moz-extension://6f2e0b3c-1d4a-4b8e-9c57-2a1f3e4d5b6c",
	"safari-web-extension": "safari-web-extension://6f2e0b3c-1d4a-4b8e-9c57-2a1f3e4d5b6c",
}

// Mistake recognises allowed-origin entries that other libraries read
// differently from this one, and says what to write instead; found is
// false for any other entry, which ParsePattern then judges. An entry
// holding several origins is SeveralOrigins', not Mistake's. credentials
// and allowAll say whether the policy allows credentials and allows every
// origin.
func Mistake(s string, credentials, allowAll bool) (problem, fix string, found bool) {
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
		if _, _, _, ok := ParsePattern(fixed, credentials); !ok {
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
		if port != "" && port != "*" && port != DefaultPort(scheme) {
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

// quote is s in double quotes, escaped for terminals and logs where it
// needs to be, for a value a problem or a fix embeds (see
// printable.Quote).
func quote(s string) string { return printable.Quote(s) }

// escape is s with what quote escapes escaped, without quotes: for a value
// shown in backquotes, as regular expressions are.
func escape(s string) string { return printable.Escape(s) }
