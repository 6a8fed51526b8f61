package core

import (
	"net/netip"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/origin"
)

// This file holds the Host guard and Origin enforcement as plain values:
// what Config.HostGuard, AllowedHosts, EnforceOrigin and PublicScheme
// compile to, and the comparisons they make. Deciding with them is in
// guard_decide.go, explaining them in guard_report.go.

// A guard is the compiled HostGuard and EnforceOrigin of a Config.
type guard struct {
	checkHost bool
	hosts     []hostEntry // lower case; never empty when checkHost
	enforce   bool
	scheme    string // PublicScheme; "" means the connection's
	// corsOff: the Config allows no origin, so CORS is enabled on no
	// path; the guard alone works (a server no other origin may call).
	corsOff bool
}

// A hostEntry is one host the guard lets through.
type hostEntry struct {
	name string // lower case: "localhost", "127.0.0.1", "[::1]"
	port string // "" allows every port
}

// String is e as an AllowedHosts entry writes it.
func (e hostEntry) String() string {
	if e.port == "" {
		return e.name
	}
	return e.name + ":" + e.port
}

// loopbackHosts are the hosts HostGuard allows when AllowedHosts is empty.
var loopbackHosts = []hostEntry{{name: "localhost"}, {name: "127.0.0.1"}, {name: "[::1]"}}

// maxHostLen bounds the Host values the guard reads: a 253-byte name, or
// a bracketed IPv6 literal, and a port. A longer Host is refused unread.
const maxHostLen = 253 + len(":65535")

// compileGuard compiles the guard's fields of cfg, or returns nil when
// neither HostGuard nor EnforceOrigin is set. ps collects the problems.
func compileGuard(ps *problems, cfg *Config) *guard {
	// Each combination that cannot work is its own problem: NewPolicy
	// reports them all at once.
	if cfg.HostGuard && cfg.UnsafeAllowAnyHost {
		ps.add("UnsafeAllowAnyHost", -1, "true", "HostGuard checks every Host, and UnsafeAllowAnyHost says no Host is checked", "remove one of them; keep HostGuard on a server bound to loopback")
	}
	if len(cfg.AllowedHosts) > 0 && !cfg.HostGuard {
		ps.add("AllowedHosts", -1, strings.Join(cfg.AllowedHosts, ", "), "lists hosts, but HostGuard is off, so no Host is checked", "set HostGuard: true")
	}
	if cfg.EnforceOrigin && !cfg.HostGuard && !cfg.UnsafeAllowAnyHost {
		ps.add("EnforceOrigin", -1, "true",
			"without HostGuard a page whose name is rebound to this server's address (DNS rebinding) is same-origin and passes",
			"set HostGuard: true (with AllowedHosts listing the names the server is reached by, or none for localhost, 127.0.0.1 and [::1]), or set UnsafeAllowAnyHost if the server is reached under names you cannot list")
	}
	if cfg.UnsafeAllowAnyHost && !cfg.EnforceOrigin {
		ps.add("UnsafeAllowAnyHost", -1, "true", "it only lets EnforceOrigin run without HostGuard, and EnforceOrigin is off", "remove it")
	}
	switch cfg.PublicScheme {
	case "", "http", "https":
	default:
		ps.add("PublicScheme", -1, cfg.PublicScheme, "not a scheme clients reach a server with", "write \"https\" (behind a proxy that ends TLS), \"http\", or leave it empty for the scheme of the connection")
	}
	if cfg.PublicScheme != "" && !cfg.EnforceOrigin {
		ps.add("PublicScheme", -1, cfg.PublicScheme, "only EnforceOrigin reads it, and EnforceOrigin is off", "remove it, or set EnforceOrigin")
	}
	if !cfg.HostGuard && !cfg.EnforceOrigin {
		return nil
	}
	g := &guard{checkHost: cfg.HostGuard, enforce: cfg.EnforceOrigin, scheme: cfg.PublicScheme}
	for i, s := range cfg.AllowedHosts {
		if e, problem, fix := parseHostEntry(s); problem != "" {
			ps.add("AllowedHosts", i, s, problem, fix)
		} else {
			g.hosts = append(g.hosts, e)
		}
	}
	if len(g.hosts) == 0 {
		g.hosts = loopbackHosts
	}
	return g
}

// parseHostEntry reads an AllowedHosts entry, host[:port], or says what is
// wrong with it and how to fix it.
func parseHostEntry(s string) (e hostEntry, problem, fix string) {
	const example = `write a host as a Host header names it, e.g. "api.example.com" or "localhost:8080"`
	lower := strings.ToLower(s)
	switch {
	case s == "":
		return e, "empty", "remove it; an empty AllowedHosts means localhost, 127.0.0.1 and [::1]"
	case strings.Contains(s, "*"):
		return e, "patterns are not supported: the guard compares exact hosts, as a pattern is what DNS rebinding exploits", "list each host the server is reached by"
	case strings.Contains(s, "://"):
		host, _, _ := strings.Cut(lower[strings.Index(lower, "://")+3:], "/")
		return e, "a URL, not a host", "write " + quote(host)
	case strings.ContainsAny(s, "/?#@ \t"):
		return e, "not a host: it holds a path, a query, user information or a space", example
	}
	name, port, ok := origin.SplitHostPort(lower)
	if !ok || name == "" {
		return e, "not host[:port]", example + "; an IPv6 address goes in brackets: \"[::1]\""
	}
	if port != "" && !validHostPort(port) {
		return e, "the port " + quote(port) + " is not a port", "write a port from 1 to 65535 without leading zeros, or none to allow every port"
	}
	if strings.HasPrefix(name, "[") {
		addr, err := netip.ParseAddr(name[1 : len(name)-1])
		if err != nil || !addr.Is6() || addr.Zone() != "" {
			return e, "not an IPv6 address (browsers send no zone)", "write the address as browsers send it, e.g. \"[::1]\""
		}
		if want := "[" + origin.SerializeIPv6(addr) + "]"; want != name {
			return e, "browsers send this address as " + quote(want), "write " + quote(hostEntry{want, port}.String())
		}
	} else {
		for i := 0; i < len(name); i++ {
			if c := name[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
				return e, "not a host name: " + quote(name[i:i+1]) + " cannot appear in one (an IPv6 address goes in brackets, an international name in its xn-- form)", example
			}
		}
	}
	return hostEntry{name: name, port: port}, "", ""
}

// validHostPort reports whether s is a port as browsers write it: 1 to
// 65535, in decimal, without leading zeros.
func validHostPort(s string) bool {
	if len(s) == 0 || len(s) > 5 || s[0] == '0' {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n <= 65535
}

// hostAllowed reports whether host, a request's Host as sent, is one of
// g's hosts, compared exactly but for ASCII case, in time bounded by
// maxHostLen and the list, allocating nothing.
func (g *guard) hostAllowed(host string) bool {
	if !g.checkHost {
		return true
	}
	if len(host) == 0 || len(host) > maxHostLen {
		return false
	}
	name, port, ok := origin.SplitHostPort(host)
	if !ok || port != "" && !validHostPort(port) {
		return false
	}
	for _, e := range g.hosts {
		if !asciiEqualFold(name, e.name) {
			continue
		}
		if e.port == "" || e.port == port || port == "" && (e.port == "80" || e.port == "443") {
			return true
		}
	}
	return false
}

// asciiEqualFold is strings.EqualFold for ASCII only: "localhoſt" (a long
// s) is not "localhost", though Unicode folds one onto the other.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// hostIsOrigins reports whether host, a request's Host as sent, names the
// server of o, an origin that is not special: the same host, compared
// exactly but for ASCII case (a trailing dot is kept on both sides: it
// makes another origin to a browser), and the same port once o's scheme's
// default port is left out ("localhost:80" names "http://localhost"). It
// allocates nothing. Same-origin checks (EnforceOrigin, and
// CheckWebSocketOrigin) compare host and port with it.
func hostIsOrigins(o *origin.Origin, host string) bool {
	if len(host) > maxHostLen {
		return false
	}
	name, port, ok := origin.SplitHostPort(host)
	if !ok || name == "" || port != "" && !validHostPort(port) {
		return false
	}
	if port == origin.DefaultPort(o.Scheme()) {
		port = ""
	}
	return port == o.Port() && asciiEqualFold(name, o.Host())
}

// What enforcement makes of a request the CORS decision did not grant.
type enforcement uint8

const (
	enforcePass              enforcement = iota
	enforceForeignOrigin                 // an Origin, not same-origin
	enforceCrossSiteNoOrigin             // no Origin, Sec-Fetch-Site cross-site or same-site
)

// enforcementOf says what EnforceOrigin makes of r, a request whose
// origin the policy did not allow on its path.
func (g *guard) enforcementOf(r *Request) enforcement {
	switch len(r.Origin) {
	case 0:
		switch secFetchSite(r) {
		case "cross-site", "same-site":
			return enforceCrossSiteNoOrigin
		}
		return enforcePass
	case 1:
		if g.sameOrigin(r) {
			return enforcePass
		}
	}
	return enforceForeignOrigin
}

// sameOrigin reports whether r's one Origin is the origin r was sent to:
// its scheme is the public one (PublicScheme, or the connection's), its
// host and port are r's Host (hostIsOrigins).
func (g *guard) sameOrigin(r *Request) bool {
	var o origin.Origin
	if !origin.ParseInto(&o, r.Origin[0]) {
		return false
	}
	defer o.Release()
	return !o.Special() && o.Scheme() == g.publicScheme(r) && hostIsOrigins(&o, r.Host)
}

// publicScheme is the scheme clients reach the server with.
func (g *guard) publicScheme(r *Request) string {
	switch {
	case g.scheme != "":
		return g.scheme
	case r.TLS || r.HTTP != nil && r.HTTP.TLS != nil:
		return "https"
	}
	return "http"
}

// secFetchSite is r's first Sec-Fetch-Site value.
func secFetchSite(r *Request) string {
	if r.SecFetchSite != "" || r.HTTP == nil {
		return r.SecFetchSite
	}
	if v := r.HTTP.Header["Sec-Fetch-Site"]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// enforcementNotes and enforcementProblems check the origins a Config
// lists under EnforceOrigin: "null" and "file://" are errors, as any page
// can send "null" (a sandboxed iframe) and a file is no origin one
// controls; an any-port loopback pattern gets a note.
func checkEnforcedOrigins(ps *problems, field string, entries []string, notes *[]string) {
	for i, s := range entries {
		switch lower := strings.ToLower(strings.TrimSpace(s)); {
		case lower == origin.Null || lower == origin.File:
			ps.add(field, i, s, "with EnforceOrigin it would let through any page that sends it: every sandboxed iframe or data: URL sends \"null\", every local file \"file://\"",
				"remove it, and serve the pages that need access from an origin of their own")
		case strings.HasSuffix(lower, ":*"):
			if o, ok := origin.Parse(strings.TrimSuffix(lower, ":*")); ok && !o.Special() && origin.IsLoopbackHost(o.Host()) {
				*notes = append(*notes, field+" "+quote(s)+" lets through, under EnforceOrigin, every server on this machine at any port, "+
					"such as a `python -m http.server` serving your downloads: list the ports your pages are served from")
			}
		}
	}
}
