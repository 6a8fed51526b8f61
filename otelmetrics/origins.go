package otelmetrics

// maxOrigin is the longest origin the top-N keeps: a scheme of up to 32
// bytes, "://", a host name of up to 253 and a port. A longer value is no
// origin a browser sends, and counts as malformed.
const maxOrigin = 32 + 3 + 253 + 6

// malformed is the top-N's entry for every value that is not an origin.
const malformed = "(malformed)"

// normalOrigin writes into buf the normal form of s, a request's Origin
// value, and returns its length, or 0 when s is not a serialized origin:
// "null", or scheme://host[:port] with an ASCII scheme, a host name of
// letters, digits, '-', '_' and '.' (browsers send international names
// in their ASCII form) or a bracketed IPv6 address, and a port of 1 to 5
// digits without a leading zero. The scheme and host are lowered and a
// default port (http 80, https 443) dropped. Every byte of the result is
// printable ASCII, so it is a valid label for any exporter.
func normalOrigin(buf *[maxOrigin]byte, s string) int {
	if s == "null" {
		return copy(buf[:], s)
	}
	if len(s) > maxOrigin {
		return 0
	}
	n := 0
	// Scheme: a letter, then letters, digits, '+', '-' or '.'.
	i := 0
	for ; i < len(s) && s[i] != ':'; i++ {
		c := lower(s[i])
		ok := 'a' <= c && c <= 'z' || i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')
		if !ok || i >= 32 {
			return 0
		}
		buf[n] = c
		n++
	}
	if i == 0 || len(s)-i < 3 || s[i:i+3] != "://" {
		return 0
	}
	schemeEnd := n
	n += copy(buf[n:], "://")
	i += 3
	hostStart := n
	if i < len(s) && s[i] == '[' {
		// An IPv6 address: hexadecimal digits, ':' and '.' in brackets.
		buf[n] = '['
		n++
		i++
		for ; i < len(s) && s[i] != ']'; i++ {
			c := lower(s[i])
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || c == ':' || c == '.') {
				return 0
			}
			buf[n] = c
			n++
		}
		if i == len(s) || n == hostStart+1 {
			return 0
		}
		buf[n] = ']'
		n++
		i++
	} else {
		prev := byte('.')
		for ; i < len(s) && s[i] != ':'; i++ {
			c := lower(s[i])
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') || c == '.' && prev == '.' {
				return 0
			}
			buf[n] = c
			n++
			prev = c
		}
	}
	if n == hostStart {
		// No host: only "file://" is an origin a browser may send so.
		if string(buf[:schemeEnd]) == "file" && i == len(s) {
			return n
		}
		return 0
	}
	if i == len(s) {
		return n
	}
	// A port: ':' and 1 to 5 digits, no leading zero, at most 65535.
	port := s[i+1:]
	if len(port) == 0 || len(port) > 5 || port[0] == '0' {
		return 0
	}
	v := 0
	for j := 0; j < len(port); j++ {
		if port[j] < '0' || port[j] > '9' {
			return 0
		}
		v = v*10 + int(port[j]-'0')
	}
	if v > 65535 {
		return 0
	}
	if scheme := buf[:schemeEnd]; string(scheme) == "http" && v == 80 || string(scheme) == "https" && v == 443 {
		return n
	}
	return n + copy(buf[n:], s[i:])
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
