package browsercheck

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/fetch"
)

// FuzzRequestHeader checks the safelist's invariants on any header: no
// value over 128 bytes passes, nothing with an unsafe byte passes for
// Accept or Content-Type, a safelisted header alone never makes a GET
// preflighted, and the names a preflight asks for are lower case, sorted
// and unique.
func FuzzRequestHeader(f *testing.F) {
	for _, seed := range [][2]string{
		{"Accept", "*/*"}, {"Content-Type", "text/plain;charset=UTF-8"}, {"Content-Type", "application/json"},
		{"Range", "bytes=0-99"}, {"Range", "bytes=-5"}, {"Accept-Language", "en-US,en;q=0.9"},
		{"X-Custom", "1"}, {"Accept", strings.Repeat("a", 129)}, {"Content-Type", "text/plain; a=\"b\""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		safe := IsSafelistedRequestHeader(name, value)
		trimmed := trimHTTPWhitespace(value)
		if safe && len(trimmed) > maxSafelistedValue {
			t.Fatalf("%q: %d bytes safelisted", name, len(trimmed))
		}
		if safe && (strings.EqualFold(name, "accept") || strings.EqualFold(name, "content-type")) && hasUnsafeByte(trimmed) {
			t.Fatalf("%q: %q has an unsafe byte", name, value)
		}
		if !fetch.IsToken(name) {
			return
		}
		r := Request{Method: "GET", Header: http.Header{name: {value}}}
		names := UnsafeHeaderNames(r.Header)
		if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
			t.Fatalf("names %q not sorted and unique", names)
		}
		for _, n := range names {
			if n != strings.ToLower(n) {
				t.Fatalf("name %q not lower case", n)
			}
		}
		forbidden := IsForbiddenRequestHeader(name, value)
		if got := r.NeedsPreflight(); got != (!safe && !forbidden) {
			t.Fatalf("%q: %q: NeedsPreflight %v, safelisted %v, forbidden %v", name, value, got, safe, forbidden)
		}
	})
}
