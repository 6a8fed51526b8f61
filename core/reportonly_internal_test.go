package core

import (
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// TestBoundedRecordValues: a record's strings are escaped, cut at 256
// bytes on a rune boundary, flagged when cut, and never share the
// request's memory.
func TestBoundedRecordValues(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
		cut  bool
	}{
		{[]string{"https://app.example.com"}, "https://app.example.com", false},
		{[]string{"https://İzmir.example"}, "https://İzmir.example", false},
		{[]string{"/a\nb\x1b[2J\u202e"}, `/a\x0ab\x1b[2J\u202e`, false},
		{[]string{strings.Repeat("é", 200)}, strings.Repeat("é", 128), true},
		{[]string{strings.Repeat("\x1b", 100)}, strings.Repeat(`\x1b`, 64), true},
		{[]string{"x-a", "x-b"}, "x-a, x-b", false},
		{[]string{strings.Repeat("a", 200), strings.Repeat("b", 200)}, strings.Repeat("a", 200) + ", " + strings.Repeat("b", 54), true},
		{[]string{strings.Repeat("a", 1<<20), "b"}, strings.Repeat("a", 256), true},
		{[]string{"\xff\xfe" + strings.Repeat("é", 200)}, `\xff\xfe` + strings.Repeat("é", 124), true},
	} {
		got, cut := boundedJoin(tc.in)
		if got != tc.want || cut != tc.cut || !utf8.ValidString(got) || len(got) > maxRecordValue {
			t.Errorf("boundedJoin(%.40q…) = %.60q…, %v; want %.60q…, %v", tc.in, got, cut, tc.want, tc.cut)
		}
		if len(got) > 0 && unsafe.StringData(got) == unsafe.StringData(tc.in[0]) {
			t.Error("shares the request's memory")
		}
	}
}
