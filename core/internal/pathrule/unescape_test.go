package pathrule

import (
	"strings"
	"testing"
)

// TestAppendUnescaped: a path is decoded once, as url.URL.Path holds it;
// a path with no escape, an invalid escape or more than MaxLength bytes is
// left as sent, and the buffer keeps what it held.
func TestAppendUnescaped(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		// Decoded once: "%25" is "%", and what follows it stays as it is.
		{"/%2570ublic/x", "/%70ublic/x", true},
		{"/%2570ublic%252Fx", "/%70ublic%2Fx", true},
		{"/docs/100%2525", "/docs/100%25", true},
		{"/%2561dmin/users", "/%61dmin/users", true},
		// Escaped letters, slashes and dots are the path they stand for.
		{"/%61dmin/users", "/admin/users", true},
		{"/%41DMIN/users", "/ADMIN/users", true},
		{"/admin%2Fusers", "/admin/users", true},
		{"/admin%2fusers", "/admin/users", true},
		{"/%69nternal/secrets", "/internal/secrets", true},
		{"/public/..%2Fadmin/users", "/public/../admin/users", true},
		{"/public/%2e%2e/admin/users", "/public/../admin/users", true},
		{"/public%2F..%2Fadmin/users", "/public/../admin/users", true},
		{"/blog/caf%C3%A9", "/blog/café", true},
		{"/%70artner/balance", "/partner/balance", true},
		{"/a%20b+c", "/a b+c", true},
		{"%2F", "/", true},
		// Nothing to decode: the path as sent.
		{"/admin/users", "/admin/users", false},
		{"/a+b", "/a+b", false},
		{"", "", false},
		// An invalid escape: the path as sent, as net/url refuses it.
		{"/100%", "/100%", false},
		{"/100%2", "/100%2", false},
		{"/%zz/x", "/%zz/x", false},
		{"/%2g", "/%2g", false},
		{"/%61dmin/%", "/%61dmin/%", false},
		// Longer than MaxLength: the path as sent.
		{"/%61" + strings.Repeat("x", MaxLength), "/%61" + strings.Repeat("x", MaxLength), false},
	} {
		b, ok := AppendUnescaped([]byte("prefix"), c.in)
		got := c.in
		if ok {
			got = string(b[len("prefix"):])
		}
		if ok != c.ok || got != c.want || string(b[:len("prefix")]) != "prefix" {
			t.Errorf("AppendUnescaped(%q) = %q, %v; want %q, %v", c.in, b, ok, c.want, c.ok)
		}
		if !ok && len(b) != len("prefix") {
			t.Errorf("AppendUnescaped(%q) grew the buffer to %q without decoding", c.in, b)
		}
	}
	// A path of MaxLength bytes is decoded.
	long := "/%61" + strings.Repeat("x", MaxLength-4)
	if b, ok := AppendUnescaped(nil, long); !ok || string(b) != "/a"+strings.Repeat("x", MaxLength-4) {
		t.Errorf("a path of MaxLength bytes: ok %v, %d bytes", ok, len(b))
	}
}

// TestAppendUnescapedAllocatesNothing: decoding into a buffer that holds
// the path costs no allocation.
func TestAppendUnescapedAllocatesNothing(t *testing.T) {
	buf := make([]byte, 0, 64)
	for _, p := range []string{"/%61dmin/users", "/admin/users", "/100%"} {
		if allocs := testing.AllocsPerRun(100, func() { AppendUnescaped(buf[:0], p) }); allocs != 0 {
			t.Errorf("%q: %v allocations", p, allocs)
		}
	}
}
