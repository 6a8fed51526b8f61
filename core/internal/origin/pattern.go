package origin

import (
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// A Pattern is one allowed-origin entry, compiled: an exact origin, "null"
// or "file://", every port of a host ("http://localhost:*"), or every
// subdomain of a domain ("https://*.example.com").
type Pattern struct {
	Scheme    string // lower case; "null" or "file://" for a special entry
	Host      string // the domain after "*." for a subdomain pattern
	Port      string // "" for the default port
	AnyPort   bool   // ":*"
	Subdomain bool   // "*."
	Special   bool   // "null" or "file://"
}

// key is the pattern's normal form: the exact origin it matches, or the
// "scheme://host" an any-port pattern applies to.
func (p Pattern) key() string {
	if p.Special {
		return p.Scheme
	}
	k := p.Scheme + "://" + p.Host
	if p.Port != "" {
		k += ":" + p.Port
	}
	return k
}

// String is the pattern in normal form: the origin an exact entry matches,
// or the entry with its wildcards, e.g. "https://*.example.com:8443".
func (p Pattern) String() string {
	if p.Special {
		return p.Scheme
	}
	s := p.Scheme + "://"
	if p.Subdomain {
		s += "*."
	}
	s += p.Host
	switch {
	case p.AnyPort:
		s += ":*"
	case p.Port != "":
		s += ":" + p.Port
	}
	return s
}

// urlIDNA converts hosts as the WHATWG URL standard's "domain to ASCII"
// does: UTS #46 mapping, nontransitional, with the bidi and joiner rules,
// but without CheckHyphens or UseSTD3ASCIIRules, so that "my_app" and
// "r3---sn-abc" pass, as in every browser's address bar. The result must
// then pass validRequestHost, as the Origin of a request must.
var urlIDNA = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false),
	idna.CheckHyphens(false), idna.StrictDomainName(false), idna.VerifyDNSLength(false))

const originFix = "write an origin as scheme://host[:port], e.g. \"https://example.com\" or \"http://localhost:8000\""

// plainASCIIHost reports whether host is lower-case letters, digits, "-",
// "_" and dots, with no label starting "xn--": a host the URL standard's
// domain to ASCII leaves as it is, so that ParsePattern can skip it (a
// million entries are then read in a fraction of the time).
func plainASCIIHost(host string) bool {
	label := 0 // where the current label starts
	for i := 0; i < len(host); i++ {
		switch c := host[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
		case c == '.':
			label = i + 1
			continue
		default:
			return false
		}
		if i == label+3 && host[label:i+1] == "xn--" {
			return false
		}
	}
	return true
}

// Key returns the normal form of an exact pattern: s itself when s, the
// entry it was read from, is written so (as most are), without a copy.
func (p Pattern) Key(s string) string {
	n := len(p.Scheme) + len("://") + len(p.Host)
	if p.Port != "" {
		n += 1 + len(p.Port)
	}
	if !p.Special && len(s) == n && s[:len(p.Scheme)] == p.Scheme && s[len(p.Scheme):len(p.Scheme)+3] == "://" &&
		s[len(p.Scheme)+3:len(p.Scheme)+3+len(p.Host)] == p.Host && (p.Port == "" || s[n-len(p.Port)-1:] == ":"+p.Port) {
		return s
	}
	return p.key()
}

// ParsePattern compiles one allowed-origin entry. credentials says that
// the policy allows credentials, under which a subdomain pattern must not
// reach public-suffix space. When s is not a valid entry, ok is false and
// problem and fix say why and what to write instead, quoting the values
// they embed with printable.Quote.
func ParsePattern(s string, credentials bool) (p Pattern, problem, fix string, ok bool) {
	bad := func(problem, fix string) (Pattern, string, string, bool) {
		return Pattern{}, problem, fix, false
	}
	switch {
	case s == "":
		return bad("an origin cannot be empty", originFix)
	case s == Null || s == File:
		return Pattern{Scheme: s, Special: true}, "", "", true
	case strings.EqualFold(s, Null):
		return bad("the null origin is written in lower case", `write "null"`)
	case s == "*":
		return bad("\"*\" is not an origin", "set AllowAllOrigins to allow every origin")
	case strings.TrimSpace(s) != s:
		return bad("leading or trailing white space", "remove the spaces")
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f {
			return bad("contains white space or a control character", originFix)
		}
	}
	schemeEnd := strings.Index(s, "://")
	if schemeEnd < 0 {
		// "https:/example.com" or "https:example.com": a scheme without
		// its "//", not a host without a scheme.
		if i := strings.IndexByte(s, ':'); i > 0 && validScheme(s[:i]) && (strings.HasPrefix(s[i+1:], "/") || DefaultPort(s[:i]) != "") {
			return bad("the scheme must be followed by \"://\"", "write "+quote(asciiLower(s[:i])+"://"+strings.TrimLeft(s[i+1:], "/")))
		}
		host, _, _ := strings.Cut(s, "/")
		return bad("no scheme", "add the scheme, e.g. "+quote("https://"+host))
	}
	scheme := asciiLower(s[:schemeEnd])
	if !validScheme(scheme) {
		return bad("invalid scheme "+quote(s[:schemeEnd]), originFix)
	}
	rest := s[schemeEnd+3:]
	if strings.HasPrefix(rest, "/") {
		return bad("more than two slashes after the scheme", "write "+quote(s[:schemeEnd+3]+strings.TrimLeft(rest, "/")))
	}
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		switch {
		case rest[j:] == "/":
			return bad("an origin has no trailing slash", "write "+quote(s[:len(s)-1]))
		case rest[j] == '/':
			return bad("an origin has no path, but this one has "+quote(rest[j:]), "write "+quote(s[:schemeEnd+3+j]))
		case rest[j] == '?':
			return bad("an origin has no query", "write "+quote(s[:schemeEnd+3+j]))
		default:
			return bad("an origin has no fragment", "write "+quote(s[:schemeEnd+3+j]))
		}
	}
	if j := strings.LastIndexByte(rest, '@'); j >= 0 {
		return bad("an origin has no user information", "write "+quote(s[:schemeEnd+3]+rest[j+1:]))
	}
	if len(rest) > 1 && strings.HasSuffix(rest, ":") {
		return bad("the port after \":\" is empty", "write "+quote(s[:len(s)-1])+", or a port from 1 to 65535")
	}
	host, port, ok := SplitHostPort(rest)
	if !ok || host == "" {
		return bad("no host", originFix)
	}
	if len(s) > maxOriginLen {
		return bad("longer than any origin a request can carry ("+strconv.Itoa(maxOriginLen)+" bytes), so it could never match", originFix)
	}
	p = Pattern{Scheme: scheme}
	switch {
	case port == "*":
		p.AnyPort = true
	case port != "":
		if !validPort(port) {
			return bad("invalid port "+quote(port), "a port is a number from 1 to 65535, or * for any port")
		}
		if port != DefaultPort(scheme) {
			p.Port = port
		}
	}
	if strings.HasPrefix(host, "*.") {
		p.Subdomain = true
		host = host[2:]
		if host == "" {
			return bad("no domain after \"*.\"", `write the domain whose subdomains you allow, e.g. "https://*.example.com"`)
		}
	}
	if j := strings.LastIndexByte(host, '*'); j >= 0 {
		domain := strings.TrimLeft(host[j+1:], ".")
		return bad("a wildcard must be a whole leading label, \"*.\"",
			"write "+quote(scheme+"://*."+domain)+" for every subdomain of "+quote(domain))
	}
	if host[0] == '[' {
		if !validIPv6Literal(host) {
			return bad("invalid IPv6 address "+quote(host), "write an IPv6 address in brackets, without a zone, e.g. \"http://[::1]:8000\"")
		}
		addr := netip.MustParseAddr(host[1 : len(host)-1])
		if p.Subdomain {
			return bad("an IP address has no subdomains", "list the origin without \"*.\"")
		}
		p.Host = "[" + serializeIPv6(addr) + "]"
		return p, "", "", true
	}
	// UTS #46 maps (and so lower-cases) first, as browsers do: lower-cased
	// first, "İzmir" would lose the dot that its mapping keeps
	// ("xn--izmir-7fd"). Then only ASCII letters are left to lower-case.
	ascii, err := host, error(nil)
	if !plainASCIIHost(host) {
		ascii, err = urlIDNA.ToASCII(host)
		ascii = asciiLower(ascii)
	}
	if err != nil || !validRequestHost(ascii) {
		return bad("invalid host "+quote(host), "a host is a domain name such as example.com, an IPv4 address or a bracketed IPv6 address")
	}
	p.Host = ascii
	if p.Subdomain {
		if numericTLD(ascii) {
			return bad("an IP address has no subdomains", "list the origin without \"*.\"")
		}
		if suffix, public := PublicSpaceUnder(ascii); credentials && public {
			if suffix == ascii {
				return bad(quote(ascii)+" is a public suffix, where anyone can register a subdomain, and AllowCredentials is set",
					"list the origins you trust under "+quote(ascii)+" one by one")
			}
			return bad("names under "+quote(ascii)+" include the public suffix "+quote(suffix)+", where anyone can register a subdomain, and AllowCredentials is set",
				"list the origins you trust under "+quote(ascii)+" one by one, or a pattern under a domain you own")
		}
	}
	return p, "", "", true
}
