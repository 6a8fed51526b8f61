package origin

import "testing"

// TestASCIILower: one allocation, only ASCII letters change, the length
// never does.
func TestASCIILower(t *testing.T) {
	for in, want := range map[string]string{"HTTPS://EXAMPLE.COM": "https://example.com", "a\u212aB": "a\u212ab", "x": "x", "": ""} {
		if got := asciiLower(in); got != want || len(got) != len(in) {
			t.Errorf("asciiLower(%q) = %q", in, got)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { asciiLower("HTTPS://EXAMPLE.COM") }); allocs > 1 {
		t.Errorf("%v allocations", allocs)
	}
}
