package core

import (
	"net/url"
	"path"
	"strings"
	"testing"
)

// FuzzTenantHost: a Host names a tenant only in the normal form Store
// accepts, and reading that name again gives it back; two Hosts that differ
// only in case, a trailing dot or a default port name the same tenant.
func FuzzTenantHost(f *testing.F) {
	for _, s := range []string{"acme.api.example.com", "ACME.api.example.com.:443", "a.b:80", "a.b:8443", "a..b", "[::1]:443", "a.b:0443", "", "1.2.3.4", "-a.b", "a-.b", "x:", strings.Repeat("a", 64)} {
		f.Add(s)
	}
	k := TenantByHost()
	f.Fuzz(func(t *testing.T, host string) {
		var buf [maxHostKey]byte
		name, state := normalHost(host, &buf)
		if state != keyRead {
			if name != "" {
				t.Fatalf("%q: state %d with name %q", host, state, name)
			}
			return
		}
		name = strings.Clone(name)
		if err := k.checkName(name); err != nil {
			t.Fatalf("%q reads as %q, which Store refuses: %v", host, name, err)
		}
		var buf2 [maxHostKey]byte
		if again, _ := normalHost(name, &buf2); again != name {
			t.Fatalf("%q reads as %q, which reads as %q", host, name, again)
		}
		if strings.ToLower(host) != host && !strings.EqualFold(strings.TrimSuffix(strings.SplitN(host, ":", 2)[0], "."), strings.SplitN(name, ":", 2)[0]) {
			t.Fatalf("%q reads as %q, another host", host, name)
		}
		for _, other := range []string{strings.ToUpper(host), strings.ToLower(host)} {
			var b [maxHostKey]byte
			if o, _ := normalHost(other, &b); o != name {
				t.Fatalf("%q reads as %q, %q as %q", host, name, other, o)
			}
		}
	})
}

// FuzzTenantPath: a path names a tenant only when the path as a router
// that cleans it serves it, and the path as sent, name the same one.
func FuzzTenantPath(f *testing.F) {
	for _, s := range []string{"/t/acme/orders", "/t/acme/../beta/x", "/t/acme%2Fx/", "/t//acme", "/t/%61cme", "/t/acme/./x", "/t/acme/..", "/t/ACME"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		u, err := url.ParseRequestURI(target)
		if err != nil || !strings.HasPrefix(u.Path, "/") {
			return
		}
		name, state := pathTenant("/t/", u.Path, u.RawPath)
		if state != keyRead {
			return
		}
		if !tenantSegment(name) {
			t.Fatalf("%q names %q, not a tenant name", target, name)
		}
		for _, p := range []string{path.Clean(u.Path), u.EscapedPath()} {
			if seg, _ := segmentAfter("/t/", p); seg != name {
				t.Fatalf("%q names %q, but %q names %q", target, name, p, seg)
			}
		}
	})
}
