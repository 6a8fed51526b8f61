package origin

import (
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// maxOriginLen bounds the request origins the policy reads. The longest
// useful origin is a scheme, "://", a 253-byte host and a port; anything
// longer is refused without being parsed.
const maxOriginLen = 512

// Special origins, matched only by an entry that lists them.
const (
	Null = "null"
	File = "file://"
)

// An Origin is a request's origin in normal form: lower-case scheme and
// host, no default port. Parse and ParseInto make one; its parts (Scheme,
// Host, Port, SchemeHost, HostPort) mean something only for an origin that
// is not Special. norm[:hostEnd] is "scheme://host".
type Origin struct {
	norm      string
	schemeEnd int // index of "://"
	hostStart int
	hostEnd   int
	special   bool // "null" or "file://": matched only by an exact entry
	ipLiteral bool
	// lowered, when not nil, holds norm: the lower-case copy of an origin
	// sent in upper case (see ParseInto), until Release.
	lowered *lowerBuf
}

// Norm is the origin in normal form, e.g. "https://example.com:8443", or
// "null" or "file://".
func (o *Origin) Norm() string { return o.norm }

// Scheme is the lower-case scheme, e.g. "https".
func (o *Origin) Scheme() string { return o.norm[:o.schemeEnd] }

// Host is the lower-case host, e.g. "example.com" or "[::1]".
func (o *Origin) Host() string { return o.norm[o.hostStart:o.hostEnd] }

// SchemeHost is "scheme://host", without the port.
func (o *Origin) SchemeHost() string { return o.norm[:o.hostEnd] }

// HostPort is the host and, when it is not the scheme's default, ":port",
// as a Host header names the origin's server.
func (o *Origin) HostPort() string { return o.norm[o.hostStart:] }

// Special reports whether the origin is "null" or "file://", which only an
// entry listing them matches.
func (o *Origin) Special() bool { return o.special }

// Port is the explicit, non-default port, or "".
func (o *Origin) Port() string {
	if o.hostEnd == len(o.norm) {
		return ""
	}
	return o.norm[o.hostEnd+1:]
}

// Parse reads an Origin header value. It accepts what browsers send (and
// the same in upper case or with a default port, which some other clients
// send) and refuses anything else, in time bounded by maxOriginLen. The
// result shares s's memory when s has no upper case, which is always the
// case for a browser's Origin; otherwise its normal form is a copy of its
// own.
func Parse(s string) (Origin, bool) {
	var o Origin
	if parseBrowserOrigin(&o, s) {
		return o, true
	}
	o, upper, ok := parseAnyOrigin(s)
	if upper {
		o.norm = asciiLower(o.norm)
	}
	return o, ok
}

// ParseInto is Parse for the per-request paths, writing into o, the zero
// Origin, and allocating nothing: an origin sent in upper case is lowered
// into a pooled buffer, which o holds until o.Release. The caller releases
// o as soon as it is done with what o's methods return, and keeps nothing
// of it.
func ParseInto(o *Origin, s string) bool {
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

// Release gives back the buffer of an origin lowered by ParseInto; no
// string o's methods returned may be read afterwards.
func (o *Origin) Release() {
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

// parseAnyOrigin is Parse without the fast path and without
// lowering: when upper is true, o.norm is s (without a default port) as
// sent, and the caller lowers it.
func parseAnyOrigin(s string) (o Origin, upper, ok bool) {
	if len(s) == 0 || len(s) > maxOriginLen {
		return Origin{}, false, false
	}
	if s == Null || s == File {
		return Origin{norm: s, special: true}, false, true
	}
	schemeEnd := strings.Index(s, "://")
	if schemeEnd <= 0 || !validScheme(s[:schemeEnd]) {
		return Origin{}, false, false
	}
	hostStart := schemeEnd + 3
	host, port, ok := SplitHostPort(s[hostStart:])
	if !ok || host == "" {
		return Origin{}, false, false
	}
	// Upper case can only be in the scheme and the host.
	upper = hasUpper(s[:schemeEnd])
	ip := host[0] == '['
	if ip {
		if !validIPv6Literal(host) {
			return Origin{}, false, false
		}
		upper = upper || hasUpper(host)
	} else if valid, hostUpper := scanRequestHost(host); !valid {
		return Origin{}, false, false
	} else {
		upper = upper || hostUpper
	}
	if port != "" && !validPort(port) {
		return Origin{}, false, false
	}
	hostEnd := hostStart + len(host)
	norm := s
	if port != "" && port == DefaultPort(s[:schemeEnd]) {
		norm = s[:hostEnd]
	}
	return Origin{norm: norm, schemeEnd: schemeEnd, hostStart: hostStart, hostEnd: hostEnd, ipLiteral: ip}, upper, true
}

// parseBrowserOrigin reads, in one pass, the Origin that nearly every
// request carries: a scheme of lower-case letters, "://", a host name in
// lower case and a port other than the scheme's default, if any. For these
// it writes into o what Parse would return; for anything else it reports
// false, and Parse reads the value in full.
func parseBrowserOrigin(o *Origin, s string) bool {
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
		if s[hostEnd] != ':' || !validPort(port) || port == DefaultPort(s[:schemeEnd]) {
			return false
		}
	}
	o.norm, o.schemeEnd, o.hostStart, o.hostEnd = s, schemeEnd, hostStart, hostEnd
	return true
}

// SplitHostPort splits "host[:port]" where host may be a bracketed IPv6
// literal. ok is false when a bracket is unbalanced or a colon has no port.
func SplitHostPort(s string) (host, port string, ok bool) {
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

// DefaultPort returns the default port of scheme, in any case: "80" for
// http and ws, "443" for https and wss, "" for any other.
func DefaultPort(scheme string) string {
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

// numericTLD reports whether host's last label is all digits, as in an IPv4
// address, which has no subdomains.
func numericTLD(host string) bool {
	for i := len(host) - 1; i >= 0 && host[i] != '.'; i-- {
		if !isDigit(host[i]) {
			return false
		}
	}
	return true
}

// IsLoopbackHost reports whether a host without port is localhost, a
// name under it, an address of 127.0.0.0/8 or [::1]: this machine, whose
// pages no one on the network path can forge.
func IsLoopbackHost(host string) bool {
	switch {
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		return true
	case host == "[::1]":
		return true
	case strings.HasPrefix(host, "127.") && isIPv4(host):
		return true
	}
	return false
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// SerializeIPv6 is serializeIPv6, for Host entries (core's AllowedHosts),
// which browsers write as they write an origin's host.
func SerializeIPv6(addr netip.Addr) string { return serializeIPv6(addr) }

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
