package core

import (
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
		got, changed := cleanPath(tc.in)
		if got != tc.want || changed != tc.changed {
			t.Errorf("cleanPath(%q) = %q, %v; want %q, %v", tc.in, got, changed, tc.want, tc.changed)
		}
	}
	for _, clean := range []string{"/api/" + strings.Repeat("segment/", 100), "/.well-known/", "/a/.b/c", "/a/..b/"} {
		if allocs := testing.AllocsPerRun(100, func() { cleanPath(clean) }); allocs != 0 {
			t.Errorf("%v allocations for the clean path %q", allocs, clean)
		}
	}
}
