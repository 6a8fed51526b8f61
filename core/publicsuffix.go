package core

import (
	"regexp"
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"
)

//go:generate go run ./internal/pslgen publicsuffix_below.go

// isPublicSuffix reports whether anyone may register a name directly under
// domain, e.g. "com", "co.uk" or "github.io". "localhost", whose
// subdomains always resolve to this machine, is not one.
func isPublicSuffix(domain string) bool {
	if domain == "localhost" {
		return false
	}
	suffix, _ := publicsuffix.PublicSuffix(domain)
	return suffix == domain
}

// suffixesBelow maps each domain of the public suffix list's tree that has
// a rule strictly below it to the shortest such rule: "amazonaws.com" to
// "s3.amazonaws.com". It is parsed on first use, by NewPolicy only.
var suffixesBelow = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, strings.Count(suffixesBelowText, "\n"))
	for line := range strings.Lines(suffixesBelowText) {
		domain, rule, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		m[domain] = rule
	}
	return m
})

// publicSpaceUnder returns a public suffix that a subdomain pattern
// "*.domain" reaches, where anyone can register a name and so serve pages
// from an origin the pattern allows: domain itself ("github.io"), every
// name one label below it (a wildcard rule, "*.nom.br"), or a suffix deeper
// down ("s3.amazonaws.com" under "amazonaws.com"). ok is false when every
// name the pattern matches belongs to whoever owns domain.
func publicSpaceUnder(domain string) (suffix string, ok bool) {
	switch {
	case isPublicSuffix(domain):
		return domain, true
	case isPublicSuffix(probeLabel + "." + domain):
		// A wildcard rule: every name one label below domain is a suffix.
		return "*." + domain, true
	}
	rule, ok := suffixesBelow()[domain]
	return rule, ok
}

// probeLabel is a label no list names, used to ask whether a wildcard rule
// covers a domain's children.
const probeLabel = "corsheaders-probe"

// probeLabels are the labels an attacker might register, in shapes the
// usual label classes accept: letters only, letters and digits with a
// hyphen, and a long one.
var probeLabels = [...]string{"xyz", "x-1", "corsheadersprobe0"}

// wellKnownSuffixes are public suffixes on which regexes are always probed,
// whatever text they end with: generic top-level domains and the hosting
// services where anyone can publish a page.
var wellKnownSuffixes = [...]string{
	"com", "net", "org", "io", "dev", "app", "co", "co.uk", "invalid",
	"github.io", "gitlab.io", "herokuapp.com", "s3.amazonaws.com", "x.compute.amazonaws.com",
	"appspot.com", "blogspot.com", "netlify.app", "vercel.app", "pages.dev", "web.app",
	"firebaseapp.com", "azurewebsites.net", "cloudfront.net", "x.nom.br", "x.ck",
}

// publicOriginMatch looks for an origin on public-suffix space that re, an
// AllowedOriginRegexes entry with literal affixes a, matches: a host whose
// registrable domain anyone can register. It builds probes on the
// well-known suffixes and on the public suffixes at, under and above the
// domain the regex's literal suffix names, and runs re only on probes that
// have its literal affixes.
func publicOriginMatch(re *regexp.Regexp, a affixes) (string, bool) {
	hostTail, port := splitLiteralSuffix(a.suffix)
	var bases []string
	for i := 0; i < len(hostTail); i++ {
		if i == 0 && hostTail[0] != '.' || hostTail[i] == '.' {
			d := strings.TrimPrefix(hostTail[i:], ".")
			if d == "" || strings.ContainsAny(d, "/:@") {
				continue
			}
			if s, ok := publicSpaceUnder(d); ok {
				bases = append(bases, strings.Replace(s, "*", "x", 1))
			}
			if ps, _ := publicsuffix.PublicSuffix(d); ps != d {
				bases = append(bases, ps)
			}
		}
	}
	bases = append(bases, wellKnownSuffixes[:]...)
	ports := []string{""}
	if port != "" {
		ports = append(ports, port)
	} else if a.suffix == "" {
		ports = append(ports, ":1")
	}
	schemes := []string{"https://", "http://"}
	if i := strings.Index(a.prefix, "://"); i > 0 && !strings.HasPrefix(a.prefix, "http") {
		schemes = append(schemes, a.prefix[:i+3])
	}
	for _, base := range bases {
		for _, label := range probeLabels {
			for _, scheme := range schemes {
				for _, port := range ports {
					o := scheme + label + "." + base + port
					if strings.HasPrefix(o, a.prefix) && strings.HasSuffix(o, a.suffix) && re.MatchString(o) {
						return o, true
					}
				}
			}
		}
	}
	return "", false
}

// splitLiteralSuffix splits the literal text a regex's matches end with
// into what may be part of a host and a port (":8443"), if it ends with
// one.
func splitLiteralSuffix(s string) (host, port string) {
	if i := strings.LastIndex(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s, port = s[:i], s[i:]
		if !validPort(port[1:]) {
			port = ""
		}
	}
	return s, port
}
