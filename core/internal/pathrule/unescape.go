package pathrule

import "strings"

// AppendUnescaped appends p percent-decoded to dst, as net/url decodes a
// path into url.URL.Path, and reports whether it did: a server that hands
// over the path as sent (Fiber unless Config.UnescapePath) gives the
// policy this form, so that "/public/..%2Fprivate" is read with its dot
// segments, as with net/http. Every "%XX" (X a hex digit, either case)
// becomes its byte; nothing else is changed ("+" stays "+").
//
// When p has no "%", is longer than MaxLength, or holds a "%" not followed
// by two hex digits (net/url refuses such a path), ok is false and dst is
// returned as it was: read p as sent. So dst grows by at most MaxLength
// bytes, and when ok is true the bytes appended differ from p.
func AppendUnescaped(dst []byte, p string) (b []byte, ok bool) {
	i := strings.IndexByte(p, '%')
	if i < 0 || len(p) > MaxLength {
		return dst, false
	}
	b = append(dst, p[:i]...)
	for ; i < len(p); i++ {
		if p[i] != '%' {
			b = append(b, p[i])
			continue
		}
		if i+2 >= len(p) || !ishex(p[i+1]) || !ishex(p[i+2]) {
			return dst, false
		}
		b = append(b, unhex(p[i+1])<<4|unhex(p[i+2]))
		i += 2
	}
	return b, true
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
