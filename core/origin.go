package core

import (
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/net/idna"
)

// maxOriginLen bounds the request origins the policy reads. The longest
// useful origin is a scheme, "://", a 253-byte host and a port; anything
// longer is refused without being parsed.
const maxOriginLen = 512

// Special origins matched only when listed verbatim.
const (
	originNull = "null"
	originFile = "file://"
)

// origin is a request origin in normal form: lower-case scheme and host, no
// default port. norm[:hostEnd] is "scheme://host".
type origin struct {
	norm      string
	schemeEnd int // index of "://"
	hostStart int
	hostEnd   int
	special   bool // "null" or "file://": matched only by an exact entry
	ipLiteral bool
	// lowered, when not nil, holds norm: the lower-case copy of an origin
	// sent in upper case (see parseOriginInto), until release.
	lowered *lowerBuf
}

func (o *origin) scheme() string { return o.norm[:o.schemeEnd] }
func (o *origin) host() string   { return o.norm[o.hostStart:o.hostEnd] }

// port is the explicit, non-default port, or "".
func (o *origin) port() string {
	if o.hostEnd == len(o.norm) {
		return ""
	}
	return o.norm[o.hostEnd+1:]
}

// parseRequestOrigin reads an Origin header value. It accepts what browsers
// send (and the same in upper case or with a default port, which some other
// clients send) and refuses anything else, in time bounded by maxOriginLen.
// The result shares s's memory when s has no upper case, which is always the
// case for a browser's Origin; otherwise its norm is a copy of its own.
func parseRequestOrigin(s string) (origin, bool) {
	var o origin
	if parseBrowserOrigin(&o, s) {
		return o, true
	}
	o, upper, ok := parseAnyOrigin(s)
	if upper {
		o.norm = asciiLower(o.norm)
	}
	return o, ok
}

// parseOriginInto is parseRequestOrigin for the per-request paths (Decide,
// TrustsOrigin), writing into o, the zero origin, and allocating nothing:
// an origin sent in upper case is lowered into a pooled buffer, which o
// holds until o.release. The caller releases o as soon as it is done with
// o.norm, and keeps nothing of it.
func parseOriginInto(o *origin, s string) bool {
	if parseBrowserOrigin(o, s) {
		return true
	}
	var upper, ok bool
	*o, upper, ok = parseAnyOrigin(s)
	if ok && upper {
		b := lowerBufs.Get().(*lowerBuf)
		n := copy(b[:], o.norm) // len(o.norm) <= maxOriginLen
		for i, c := range b[:n] {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + ('a' - 'A')
			}
		}
		// Every byte of norm is ASCII and lowering maps byte to byte, so
		// the indices parseAnyOrigin computed hold on the copy.
		o.norm, o.lowered = unsafe.String(&b[0], n), b
	}
	return ok
}

// release gives back the buffer of an origin lowered by parseOriginInto;
// o.norm must not be read afterwards.
func (o *origin) release() {
	if o.lowered != nil {
		lowerBufs.Put(o.lowered)
		o.lowered, o.norm = nil, ""
	}
}

// A lowerBuf holds the lower-case copy of an Origin sent in upper case, so
// that no browser's request and no other client's allocates: the buffers
// are pooled, as such origins are rare and their lifetime is one look-up.
type lowerBuf [maxOriginLen]byte

var lowerBufs = sync.Pool{New: func() any { return new(lowerBuf) }}

// parseAnyOrigin is parseRequestOrigin without the fast path and without
// lowering: when upper is true, o.norm is s (without a default port) as
// sent, and the caller lowers it.
func parseAnyOrigin(s string) (o origin, upper, ok bool) {
	if len(s) == 0 || len(s) > maxOriginLen {
		return origin{}, false, false
	}
	if s == originNull || s == originFile {
		return origin{norm: s, special: true}, false, true
	}
	schemeEnd := strings.Index(s, "://")
	if schemeEnd <= 0 || !validScheme(s[:schemeEnd]) {
		return origin{}, false, false
	}
	hostStart := schemeEnd + 3
	host, port, ok := splitHostPort(s[hostStart:])
	if !ok || host == "" {
		return origin{}, false, false
	}
	// Upper case can only be in the scheme and the host.
	upper = hasUpper(s[:schemeEnd])
	ip := host[0] == '['
	if ip {
		if !validIPv6Literal(host) {
			return origin{}, false, false
		}
		upper = upper || hasUpper(host)
	} else if valid, hostUpper := scanRequestHost(host); !valid {
		return origin{}, false, false
	} else {
		upper = upper || hostUpper
	}
	if port != "" && !validPort(port) {
		return origin{}, false, false
	}
	hostEnd := hostStart + len(host)
	norm := s
	if port != "" && port == defaultPortOf(s[:schemeEnd]) {
		norm = s[:hostEnd]
	}
	return origin{norm: norm, schemeEnd: schemeEnd, hostStart: hostStart, hostEnd: hostEnd, ipLiteral: ip}, upper, true
}

// parseBrowserOrigin reads, in one pass, the Origin that nearly every
// request carries: a scheme of lower-case letters, "://", a host name in
// lower case and a port other than the scheme's default, if any. For these
// it writes into o what parseRequestOrigin would return; for anything else
// it reports false, and parseRequestOrigin reads the value in full.
func parseBrowserOrigin(o *origin, s string) bool {
	if len(s) > maxOriginLen {
		return false
	}
	var schemeEnd int
	switch {
	case strings.HasPrefix(s, "https://"):
		schemeEnd = len("https")
	case strings.HasPrefix(s, "http://"):
		schemeEnd = len("http")
	default:
		for schemeEnd < len(s) && 'a' <= s[schemeEnd] && s[schemeEnd] <= 'z' {
			schemeEnd++
		}
		if schemeEnd == 0 || !strings.HasPrefix(s[schemeEnd:], "://") {
			return false
		}
	}
	hostStart := schemeEnd + 3
	hostEnd := hostStart
	// Labels are not empty: no leading, trailing or double dot.
	dot := true
	for ; hostEnd < len(s); hostEnd++ {
		c := s[hostEnd]
		if hostClass[c]&hostLowerByte == 0 {
			break
		}
		if c == '.' {
			if dot {
				return false
			}
			dot = true
		} else {
			dot = false
		}
	}
	if dot {
		return false
	}
	if hostEnd-hostStart > 63 {
		// Labels may be too long, or the whole name.
		if valid, _ := scanRequestHost(s[hostStart:hostEnd]); !valid {
			return false
		}
	}
	if hostEnd < len(s) {
		port := s[hostEnd+1:]
		if s[hostEnd] != ':' || !validPort(port) || port == defaultPortOf(s[:schemeEnd]) {
			return false
		}
	}
	o.norm, o.schemeEnd, o.hostStart, o.hostEnd = s, schemeEnd, hostStart, hostEnd
	return true
}

// splitHostPort splits "host[:port]" where host may be a bracketed IPv6
// literal. ok is false when a bracket is unbalanced or a colon has no port.
func splitHostPort(s string) (host, port string, ok bool) {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", "", false
		}
		host, rest := s[:end+1], s[end+1:]
		if rest == "" {
			return host, "", true
		}
		if rest[0] != ':' || len(rest) == 1 {
			return "", "", false
		}
		return host, rest[1:], true
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", true
	}
	if i == len(s)-1 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

// defaultPortOf returns the default port of scheme, in any case.
func defaultPortOf(scheme string) string {
	switch {
	case strings.EqualFold(scheme, "http"), strings.EqualFold(scheme, "ws"):
		return "80"
	case strings.EqualFold(scheme, "https"), strings.EqualFold(scheme, "wss"):
		return "443"
	}
	return ""
}

// validScheme reports whether s is a URL scheme: a letter, then letters,
// digits, "+", "-" or ".".
func validScheme(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// validRequestHost accepts the ASCII host names browsers serialize: labels
// of letters, digits, "-" and "_", separated by single dots.
func validRequestHost(s string) bool {
	valid, _ := scanRequestHost(s)
	return valid
}

// Classes of hostClass.
const (
	hostLabelByte = 1 << iota // a letter, a digit, "-" or "_"
	hostUpperByte             // an upper-case letter
	hostLowerByte             // a lower-case letter, a digit, "-", "_" or "."
)

// hostClass classifies the bytes of host names, for scanRequestHost.
var hostClass = func() (t [256]uint8) {
	for i := range t {
		c := byte(i)
		if isLetter(c) || isDigit(c) || c == '-' || c == '_' {
			t[i] = hostLabelByte
		}
		if 'A' <= c && c <= 'Z' {
			t[i] |= hostUpperByte
		} else if t[i] != 0 || c == '.' {
			t[i] |= hostLowerByte
		}
	}
	return t
}()

// scanRequestHost is validRequestHost, and also reports whether s has an
// upper-case letter, in one pass.
func scanRequestHost(s string) (valid, upper bool) {
	if len(s) > 253 {
		return false, false
	}
	labelLen := 0
	var seen uint8
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			if labelLen == 0 {
				return false, false
			}
			labelLen = 0
			continue
		}
		class := hostClass[c]
		if class == 0 {
			return false, false
		}
		seen |= class
		labelLen++
		if labelLen > 63 {
			return false, false
		}
	}
	return labelLen > 0, seen&hostUpperByte != 0
}

// validPort accepts 1 to 65535 written without leading zeros.
func validPort(s string) bool {
	if len(s) == 0 || len(s) > 5 || s[0] == '0' {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n <= 65535
}

// validIPv6Literal accepts a bracketed IPv6 address as the WHATWG URL
// parser serializes hosts: no zone ("%eth0" is never part of a URL host), no
// IPv4 address in brackets, and only the ASCII bytes of hex digits, colons
// and dots, so that nothing in it changes length when lower-cased.
func validIPv6Literal(host string) bool {
	if len(host) < 2 || host[0] != '[' || host[len(host)-1] != ']' {
		return false
	}
	inner := host[1 : len(host)-1]
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		if !isDigit(c) && !('a' <= c && c <= 'f') && !('A' <= c && c <= 'F') && c != ':' && c != '.' {
			return false
		}
	}
	// netip.ParseAddr would say the same, allocating its error for every
	// malformed literal; isIPv6 allocates nothing (FuzzIPv6Literal).
	return isIPv6(inner)
}

// isIPv6 reports whether s, of hex digits, colons and dots only, is an IPv6
// address as netip.ParseAddr reads one: groups of one to four hex digits
// separated by colons, at most one "::" standing for at least one group, and
// optionally a dotted IPv4 address in place of the last two groups.
func isIPv6(s string) bool {
	// ParseAddr reads s as IPv4 when a dot comes before any colon.
	if i := strings.IndexAny(s, ".:"); i < 0 || s[i] == '.' {
		return false
	}
	ellipsis := false
	if strings.HasPrefix(s, "::") {
		ellipsis, s = true, s[2:]
		if s == "" {
			return true
		}
	}
	n := 0 // bytes of the address read
	for n < 16 {
		off := 0
		for off < len(s) && isHex(s[off]) {
			if off++; off > 4 {
				return false
			}
		}
		if off == 0 {
			return false
		}
		if off < len(s) && s[off] == '.' {
			if !ellipsis && n != 12 || n+4 > 16 || !isIPv4(s) {
				return false
			}
			n, s = n+4, ""
			break
		}
		n += 2
		if s = s[off:]; s == "" {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return false
		}
		if s = s[1:]; s[0] == ':' {
			if ellipsis {
				return false
			}
			ellipsis, s = true, s[1:]
			if s == "" {
				break
			}
		}
	}
	return s == "" && (n < 16) == ellipsis
}

// isIPv4 reports whether s is four decimal octets without leading zeros,
// separated by dots.
func isIPv4(s string) bool {
	fields, val, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			if digits == 1 && val == 0 {
				return false
			}
			val, digits = val*10+int(c-'0'), digits+1
			if val > 255 {
				return false
			}
		case c == '.':
			if i == 0 || i == len(s)-1 || s[i-1] == '.' || fields == 3 {
				return false
			}
			fields, val, digits = fields+1, 0, 0
		default:
			return false
		}
	}
	return fields == 3
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// serializeIPv6 writes addr as the WHATWG URL parser does, which is
// netip's form except for an IPv4-mapped address: "::ffff:102:304", not
// "::ffff:1.2.3.4".
func serializeIPv6(addr netip.Addr) string {
	if !addr.Is4In6() {
		return addr.String()
	}
	b := addr.As16()
	hex := func(hi, lo byte) string { return strconv.FormatUint(uint64(hi)<<8|uint64(lo), 16) }
	return "::ffff:" + hex(b[12], b[13]) + ":" + hex(b[14], b[15])
}

// asciiLower lower-cases the ASCII letters of s and leaves every other byte
// as it is: unlike strings.ToLower, it never changes the length of s, so
// indices computed on s hold on the result.
func asciiLower(s string) string {
	if !hasUpper(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// originPattern is one compiled entry of Config.AllowedOrigins.
type originPattern struct {
	scheme    string
	host      string // the domain after "*." for a subdomain pattern
	port      string // "" for the default port
	anyPort   bool   // ":*"
	subdomain bool   // "*."
	special   bool   // "null" or "file://"
}

// key is the pattern's normal form: the exact origin it matches, or the
// "scheme://host" an any-port pattern applies to.
func (p originPattern) key() string {
	if p.special {
		return p.scheme
	}
	k := p.scheme + "://" + p.host
	if p.port != "" {
		k += ":" + p.port
	}
	return k
}

// urlIDNA converts hosts as the WHATWG URL standard's "domain to ASCII"
// does: UTS #46 mapping, nontransitional, with the bidi and joiner rules,
// but without CheckHyphens or UseSTD3ASCIIRules, so that "my_app" and
// "r3---sn-abc" pass, as in every browser's address bar. The result must
// then pass validRequestHost, as the Origin of a request must.
var urlIDNA = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false),
	idna.CheckHyphens(false), idna.StrictDomainName(false), idna.VerifyDNSLength(false))

const originFix = "write an origin as scheme://host[:port], e.g. \"https://example.com\" or \"http://localhost:8000\""

// parseOriginPattern compiles one AllowedOrigins entry, adding a ConfigError
// for each problem found.
func parseOriginPattern(ps *problems, i int, s string, credentials bool) (originPattern, bool) {
	const field = "AllowedOrigins"
	bad := func(problem, fix string) (originPattern, bool) {
		ps.add(field, i, s, problem, fix)
		return originPattern{}, false
	}
	switch {
	case s == "":
		return bad("an origin cannot be empty", originFix)
	case s == originNull || s == originFile:
		return originPattern{scheme: s, special: true}, true
	case strings.EqualFold(s, originNull):
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
		if i := strings.IndexByte(s, ':'); i > 0 && validScheme(s[:i]) && (strings.HasPrefix(s[i+1:], "/") || defaultPortOf(s[:i]) != "") {
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
	host, port, ok := splitHostPort(rest)
	if !ok || host == "" {
		return bad("no host", originFix)
	}
	if len(s) > maxOriginLen {
		return bad("longer than any origin a request can carry ("+strconv.Itoa(maxOriginLen)+" bytes), so it could never match", originFix)
	}
	p := originPattern{scheme: scheme}
	switch {
	case port == "*":
		p.anyPort = true
	case port != "":
		if !validPort(port) {
			return bad("invalid port "+quote(port), "a port is a number from 1 to 65535, or * for any port")
		}
		if port != defaultPortOf(scheme) {
			p.port = port
		}
	}
	if strings.HasPrefix(host, "*.") {
		p.subdomain = true
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
		if p.subdomain {
			return bad("an IP address has no subdomains", "list the origin without \"*.\"")
		}
		p.host = "[" + serializeIPv6(addr) + "]"
		return p, true
	}
	// UTS #46 maps (and so lower-cases) first, as browsers do: lower-cased
	// first, "İzmir" would lose the dot that its mapping keeps
	// ("xn--izmir-7fd"). Then only ASCII letters are left to lower-case.
	ascii, err := urlIDNA.ToASCII(host)
	ascii = asciiLower(ascii)
	if err != nil || !validRequestHost(ascii) {
		return bad("invalid host "+quote(host), "a host is a domain name such as example.com, an IPv4 address or a bracketed IPv6 address")
	}
	p.host = ascii
	if p.subdomain {
		if numericTLD(ascii) {
			return bad("an IP address has no subdomains", "list the origin without \"*.\"")
		}
		if suffix, public := publicSpaceUnder(ascii); credentials && public {
			if suffix == ascii {
				return bad(quote(ascii)+" is a public suffix, where anyone can register a subdomain, and AllowCredentials is set",
					"list the origins you trust under "+quote(ascii)+" one by one")
			}
			return bad("names under "+quote(ascii)+" include the public suffix "+quote(suffix)+", where anyone can register a subdomain, and AllowCredentials is set",
				"list the origins you trust under "+quote(ascii)+" one by one, or a pattern under a domain you own")
		}
	}
	return p, true
}
