package origin

import (
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"
)

//go:generate go run ../pslgen publicsuffix_below.go

// IsPublicSuffix reports whether anyone may register a name directly under
// domain, e.g. "com", "co.uk" or "github.io". "localhost", whose
// subdomains always resolve to this machine, is not one.
func IsPublicSuffix(domain string) bool {
	if domain == "localhost" {
		return false
	}
	if _, ok := hostingSuffixAt(domain); ok {
		return true
	}
	suffix, _ := publicsuffix.PublicSuffix(domain)
	return suffix == domain
}

// hostingSuffixes are domains under which anyone can serve a page of their
// own, and which the public suffix list (at the revision
// publicsuffix_below.go records) does not name. They count as public
// suffixes wherever IsPublicSuffix is asked: in subdomain patterns and in
// credentialed regexes. deep marks those where every name at any depth
// below is anyone's, not only the names one label below.
var hostingSuffixes = [...]struct {
	domain string
	deep   bool
}{
	// Glitch served every project at <project>.glitch.me
	// (https://help.glitch.com/hc/en-us/articles/16287550080525).
	{domain: "glitch.me"},
	// GitHub Codespaces forwards a codespace's ports to
	// <codespace>-<port>.app.github.dev, public at the owner's choice
	// (https://docs.github.com/en/codespaces/developing-in-a-codespace/forwarding-ports-in-your-codespace).
	{domain: "app.github.dev"},
	// Gitpod serves workspaces' ports at <port>-<workspace>.ws-<region>.gitpod.io
	// (https://www.gitpod.io/docs/configure/workspaces/ports).
	{domain: "gitpod.io", deep: true},
	// CodeSandbox serves sandboxes at <id>.codesandbox.io (its newer
	// csb.app is on the list).
	{domain: "codesandbox.io"},
	// StackBlitz serves projects at <project>.stackblitz.io.
	{domain: "stackblitz.io"},
	// Google serves user content here: Apps Script web apps
	// (n-<hash>-script.googleusercontent.com), Sites, attachments
	// (https://developers.google.com/apps-script/guides/html/restrictions).
	{domain: "googleusercontent.com"},
	// Cloud Storage serves every bucket at <bucket>.storage.googleapis.com
	// (https://cloud.google.com/storage/docs/request-endpoints).
	{domain: "storage.googleapis.com"},
	// Wildcard DNS: <anything>.<IP address>.nip.io resolves to that
	// address, so anyone can name their own server (https://nip.io,
	// https://sslip.io).
	{domain: "nip.io", deep: true},
	{domain: "sslip.io", deep: true},
}

// hostingSuffixAt returns the hosting suffix that domain is, or, for a
// deep one, lies under.
func hostingSuffixAt(domain string) (string, bool) {
	for _, h := range hostingSuffixes {
		if domain == h.domain || h.deep && strings.HasSuffix(domain, "."+h.domain) {
			return h.domain, true
		}
	}
	return "", false
}

// hostingSuffixBelow returns a hosting suffix that lies strictly below
// domain: "storage.googleapis.com" below "googleapis.com".
func hostingSuffixBelow(domain string) (string, bool) {
	for _, h := range hostingSuffixes {
		if strings.HasSuffix(h.domain, "."+domain) {
			return h.domain, true
		}
	}
	return "", false
}

// suffixesBelow maps each domain of the public suffix list's tree that has
// a rule strictly below it to the shortest such rule: "amazonaws.com" to
// "s3.amazonaws.com". It is parsed on first use, when a policy is built.
var suffixesBelow = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, strings.Count(suffixesBelowText, "\n"))
	for line := range strings.Lines(suffixesBelowText) {
		domain, rule, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		m[domain] = rule
	}
	return m
})

// childRules maps each domain of the public suffix list's tree that is
// not a public suffix itself to the labels of the rules one label below
// it: "amazonaws.com" to "s3", "s3-1", … It is parsed on first use, when
// a policy is built.
var childRules = sync.OnceValue(func() map[string][]string {
	m := make(map[string][]string, strings.Count(childRulesText, "\n"))
	for line := range strings.Lines(childRulesText) {
		fields := strings.Fields(line)
		m[fields[0]] = fields[1:]
	}
	return m
})

// SuffixLabelsBelow returns the labels l for which "l.domain" is a public
// suffix or a hosting domain, for a domain that is neither itself nor has
// a wildcard rule below it: "s3" for "amazonaws.com".
func SuffixLabelsBelow(domain string) []string {
	labels := childRules()[domain]
	for _, h := range hostingSuffixes {
		if l, ok := strings.CutSuffix(h.domain, "."+domain); ok && !strings.Contains(l, ".") {
			labels = append(labels[:len(labels):len(labels)], l)
		}
	}
	return labels
}

// PublicSpaceUnder returns a public suffix that a subdomain pattern
// "*.domain" reaches, where anyone can register a name and so serve pages
// from an origin the pattern allows: domain itself ("github.io"), every
// name one label below it (a wildcard rule, "*.nom.br"), or a suffix deeper
// down ("s3.amazonaws.com" under "amazonaws.com"). ok is false when every
// name the pattern matches belongs to whoever owns domain.
func PublicSpaceUnder(domain string) (suffix string, ok bool) {
	switch {
	case IsPublicSuffix(domain):
		return domain, true
	case IsPublicSuffix(ProbeLabel + "." + domain):
		// A wildcard rule: every name one label below domain is a suffix.
		return "*." + domain, true
	}
	if rule, ok := suffixesBelow()[domain]; ok {
		return rule, true
	}
	return hostingSuffixBelow(domain)
}

// ProbeLabel is a label no list names: IsPublicSuffix(ProbeLabel + "." + d)
// asks whether a wildcard rule covers the children of d.
const ProbeLabel = "corsheaders-probe"

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

// FindPublic looks for an origin on public-suffix space that match
// accepts: one whose host's registrable domain anyone can register. It is
// for a regex of allowed origins, whose every match starts with the literal
// text prefix and ends with suffix. It builds probes on the well-known
// suffixes and on the public suffixes at, under and above the domain
// suffix names, and calls match only on probes that start with prefix and
// end with suffix.
func FindPublic(prefix, suffix string, match func(origin string) bool) (string, bool) {
	hostTail, port := splitLiteralSuffix(suffix)
	var bases []string
	for i := 0; i < len(hostTail); i++ {
		if i == 0 && hostTail[0] != '.' || hostTail[i] == '.' {
			d := strings.TrimPrefix(hostTail[i:], ".")
			if d == "" || strings.ContainsAny(d, "/:@") {
				continue
			}
			if s, ok := PublicSpaceUnder(d); ok {
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
	} else if suffix == "" {
		ports = append(ports, ":1")
	}
	schemes := []string{"https://", "http://"}
	if i := strings.Index(prefix, "://"); i > 0 && !strings.HasPrefix(prefix, "http") {
		schemes = append(schemes, prefix[:i+3])
	}
	for _, base := range bases {
		for _, label := range probeLabels {
			for _, scheme := range schemes {
				for _, port := range ports {
					o := scheme + label + "." + base + port
					if strings.HasPrefix(o, prefix) && strings.HasSuffix(o, suffix) && match(o) {
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
