package origin

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"
)

// FuzzBrowserOrigin: the one-pass parser of common origins agrees with the
// full one on every origin it accepts.
func FuzzBrowserOrigin(f *testing.F) {
	for _, s := range []string{
		"https://app.example.com", "http://localhost:8000", "https://a-b_c.d9.example:443",
		"http://x.y:80", "https://X.com", "https://x..com", "https://.x", "https://x.", "https://x:",
		"https://x:0", "https://x:65536", "https://[::1]:8080", "null", "file://", "ws://h:1",
		"https://" + strings.Repeat("a", 64) + ".com", "https://" + strings.Repeat("a.", 127) + "a",
		"a://b", "://b", "https:/x", "https://x/", "https://x:8080/",
	} {
		f.Add(s)
	}
	f.Add("HTTP://[fe80::1%\u212a]")
	f.Add("http://[1.2.3.4]")
	f.Fuzz(func(t *testing.T, s string) {
		// Whatever the full parser accepts is ASCII, and its indices fall
		// on the normal form.
		var o Origin
		if ok := ParseInto(&o, s); ok && !o.special {
			// The pooled lower-case copy reads as the allocated one.
			ref, refOK := Parse(s)
			check.Require.True(t, refOK, "%q", s)
			check.Require.Equal(t, ref.norm, o.norm, "%q", s)
			n := strings.Clone(o.norm)
			o.Release()
			for i := 0; i < len(n); i++ {
				check.Require.Less(t, int(n[i]), 0x80, "%q: non-ASCII normal form %q", s, n)
			}
			check.Require.True(t, o.schemeEnd > 0 && o.hostStart == o.schemeEnd+3 && o.hostStart < o.hostEnd && o.hostEnd <= len(n), "%q: indices %+v", s, o)
			check.Require.Equal(t, "://", n[o.schemeEnd:o.hostStart])
		}
		var fast Origin
		if !parseBrowserOrigin(&fast, s) {
			return
		}
		full, upper, fullOK := parseAnyOrigin(s)
		check.Require.True(t, !upper, "%q: upper case on the fast path", s)
		check.Require.True(t, fullOK, "%q accepted by the fast path only", s)
		check.Assert.Equal(t, full, fast, "%q", s)
	})
}

// FuzzIPv6Literal: isIPv6 accepts exactly what netip.ParseAddr reads as an
// IPv6 address without zone, on the bytes validIPv6Literal lets through.
func FuzzIPv6Literal(f *testing.F) {
	for _, s := range []string{"::", "::1", "0", "1:2", "fe80::1", "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:8",
		"1:2:3:4:5:6:7:8:9", "1::2::3", "1:2:3:4:5:6:7::", "::1.2.3.4", "1.2.3.4", "1.2::", ":1", "1:", "12345::", "::01.2.3.4",
		"::1.2.3", "::1.2.3.4.5", "::256.1.1.1", "1:2:3:4:5:6:7:8::", "::ffff:1.2.3.4:5", "ABCD::EF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if c := s[i]; !isHex(c) && c != ':' && c != '.' {
				return
			}
		}
		addr, err := netip.ParseAddr(s)
		want := err == nil && addr.Is6() && addr.Zone() == ""
		check.Require.Equal(t, want, isIPv6(s), "%q", s)
	})
}
