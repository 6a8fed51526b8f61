package pathrule

import (
	"regexp"
	"strings"
	"sync"
	"unsafe"
)

// MaxLength is the longest path, in bytes, that a rule or URLsRegex
// enables: a longer path, as sent or as escaped, is decided by no rule
// ([Set.Choose] returns [Ambiguous]) and enabled by no [URLs]. Reading a
// path as the routers may read it (cleaned, with a trailing slash) is done
// in a pooled buffer of at most this size, so a hostile path of any length
// costs time bounded by this length and no allocation that grows with it.
// No route is this long: nginx refuses a request line over 8 KiB by
// default, and Fiber's default read buffer holds 4 KiB of request line and
// headers. core exports it as core.MaxPathLength.
const MaxLength = 8 << 10

// Clean returns the path a router that cleans paths serves for p: dot
// segments resolved, repeated slashes collapsed, a trailing slash kept, as
// path.Clean does and as Gin's and net/http's routers do. changed is false,
// and nothing is allocated, when p is already clean: the common case, told
// by two substring searches (needsClean). Percent-encoded slashes and dots
// are already decoded in the path read (url.URL.Path), so
// "/public/..%2Fprivate" is "/public/../private" here. Choosing a rule
// cleans in a pooled buffer instead (pooledClean); this form is for
// explanations.
func Clean(p string) (clean string, changed bool) {
	if !needsClean(p) {
		return p, false
	}
	c, bp := pooledClean(p)
	defer putReading(bp)
	if c == p {
		return p, false
	}
	return strings.Clone(c), true
}

// needsClean reports whether p may read otherwise cleaned.
func needsClean(p string) bool {
	if p == "" || p == "*" {
		return false
	}
	return p[0] != '/' || strings.Contains(p, "//") || strings.Contains(p, "/.")
}

// appendClean appends p cleaned to b: p read from a leading "/" (added
// when missing), its empty and "." segments dropped, each ".." segment
// taking away the segment before it (none above the root), and a trailing
// slash kept when p has one, as Clean describes. The result is never
// longer than p plus one byte.
func appendClean(b []byte, p string) []byte {
	root := len(b)
	b = append(b, '/')
	for i := 0; i < len(p); {
		j := i
		for j < len(p) && p[j] != '/' {
			j++
		}
		switch seg := p[i:j]; seg {
		case "", ".":
		case "..":
			k := len(b) - 1
			for k > root && b[k] != '/' {
				k--
			}
			b = b[:max(k, root+1)]
		default:
			if len(b) > root+1 {
				b = append(b, '/')
			}
			b = append(b, seg...)
		}
		i = j + 1
	}
	if len(b) > root+1 && strings.HasSuffix(p, "/") {
		b = append(b, '/')
	}
	return b
}

// readings holds the buffers a path's built readings (cleaned, with a
// trailing slash added) are written in; each grows to at most MaxLength
// plus two bytes, as longer paths are refused first.
var readings = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// pooledClean returns p cleaned, written in a pooled buffer, and the
// buffer to give back with putReading once the cleaned path is no longer
// read.
func pooledClean(p string) (string, *[]byte) {
	bp := readings.Get().(*[]byte)
	b := appendClean((*bp)[:0], p)
	*bp = b
	return unsafe.String(unsafe.SliceData(b), len(b)), bp
}

// putReading gives a buffer of readings back.
func putReading(bp *[]byte) {
	*bp = (*bp)[:0]
	readings.Put(bp)
}

// matchSlashed reports whether re matches p + "/", built in a pooled
// buffer: p is at most MaxLength long (Choose refuses longer paths first),
// so the buffer is too.
func matchSlashed(re *regexp.Regexp, p string) bool {
	bp := readings.Get().(*[]byte)
	b := append(append((*bp)[:0], p...), '/')
	ok := re.Match(b)
	*bp = b[:0]
	readings.Put(bp)
	return ok
}

// TrimSlash is p without its trailing slashes, as a router that ignores
// the trailing slash (Fiber without StrictRouting) routes it; "/" stays.
func TrimSlash(p string) string {
	i := len(p)
	for i > 1 && p[i-1] == '/' {
		i--
	}
	return p[:i]
}

// plainLower reports whether p has no upper-case ASCII letter and no byte
// outside ASCII: a path that reads the same case-insensitively, against a
// pattern that reads the same too (see foldSame).
func plainLower(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c >= 0x80 || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// hasPrefixASCIIFold is strings.HasPrefix with ASCII letters compared without
// regard to case, as Fiber compares paths with routes when it is not
// CaseSensitive.
func hasPrefixASCIIFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		a, b := s[i], prefix[i]
		if a == b {
			continue
		}
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}
