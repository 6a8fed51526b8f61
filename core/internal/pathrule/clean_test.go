package pathrule

import (
	"path"
	"strings"
	"testing"
)

// TestCleanPath: the path a router that cleans paths serves, and no
// allocation for a clean one.
func TestCleanPath(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		changed  bool
	}{
		{"/api/users", "/api/users", false},
		{"/api/users/", "/api/users/", false},
		{"/", "/", false},
		{"", "", false},
		{"*", "*", false},
		{"/a.b/.well-known/x", "/a.b/.well-known/x", false},
		{"/.well-known/", "/.well-known/", false},
		{"/a/..b/", "/a/..b/", false},
		{"/public/../private/data", "/private/data", true},
		{"/public/./data", "/public/data", true},
		{"/public/..", "/", true},
		{"/public/x/..", "/public", true},
		{"/public/x/../", "/public/", true},
		{"/api//users", "/api/users", true},
		{"//api/users", "/api/users", true},
		{"/a/b/../../../c", "/c", true},
		{"/./", "/", true},
		{"api/x", "/api/x", true},
	} {
		got, changed := Clean(tc.in)
		if got != tc.want || changed != tc.changed {
			t.Errorf("Clean(%q) = %q, %v; want %q, %v", tc.in, got, changed, tc.want, tc.changed)
		}
	}
	for _, clean := range []string{"/api/" + strings.Repeat("segment/", 100), "/.well-known/", "/a/.b/c", "/a/..b/"} {
		if allocs := testing.AllocsPerRun(100, func() { Clean(clean) }); allocs != 0 {
			t.Errorf("%v allocations for the clean path %q", allocs, clean)
		}
	}
}

// refClean is Clean as path.Clean reads it: the reading appendClean
// builds without path.Clean's allocations.
func refClean(p string) string {
	if p == "" || p == "*" {
		return p
	}
	if p[0] != '/' {
		p = "/" + p
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// FuzzAppendClean: appendClean cleans as path.Clean does, into any
// buffer, leaving what the buffer held before.
func FuzzAppendClean(f *testing.F) {
	for _, s := range []string{"/a/../b", "//x//y/", "a/./b/..", "/..", "/../../", "/a/b/c/../../d/.", "/.well-known/", "/x/..y/..", "*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if !needsClean(p) {
			if refClean(p) != p {
				t.Fatalf("needsClean(%q) is false, but it cleans to %q", p, refClean(p))
			}
			return
		}
		b := appendClean([]byte("prefix"), p)
		if got := string(b[6:]); string(b[:6]) != "prefix" || got != refClean(p) {
			t.Fatalf("appendClean(%q) = %q, want %q", p, got, refClean(p))
		}
		if len(b)-6 > len(p)+1 {
			t.Fatalf("appendClean(%q) is %d bytes long", p, len(b)-6)
		}
	})
}
