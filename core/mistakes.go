package core

import (
	"regexp"
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
