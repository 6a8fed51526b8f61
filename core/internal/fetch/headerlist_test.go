package fetch

import (
	"strings"
	"testing"
)

var defaults = []string{"accept", "authorization", "content-type", "user-agent", "x-csrftoken", "x-requested-with"}

// many is a set above smallHeaderSet, so that Allows looks names up.
func many() []string {
	names := []string{"authorization"}
	for i := range smallHeaderSet + 2 {
		names = append(names, "x-h"+string(rune('a'+i)))
	}
	return names
}

func TestHeaderSetAllows(t *testing.T) {
	for _, c := range []struct {
		names    []string
		wildcard bool
		allowed  []string
		refused  []string
	}{
		{defaults, false, []string{"accept", "Accept", "CONTENT-TYPE", "authorization", "X-CSRFToken"}, []string{"x-api-key", "", "accepts"}},
		{many(), false, []string{"x-ha", "X-HA", "x-hj", "Authorization"}, []string{"x-hz", "x-h"}},
		{nil, true, []string{"x-api-key", "X-Api-Key", "accept"}, []string{"authorization", "Authorization", "AUTHORIZATION"}},
		{[]string{"authorization"}, true, []string{"authorization", "Authorization", "x-any"}, nil},
		{nil, false, nil, []string{"accept", "x"}},
	} {
		hs := NewHeaderSet(c.names, c.wildcard)
		for _, n := range c.allowed {
			if !hs.Allows(n) {
				t.Errorf("%v (wildcard %v) refuses %q", c.names, c.wildcard, n)
			}
		}
		for _, n := range c.refused {
			if hs.Allows(n) {
				t.Errorf("%v (wildcard %v) allows %q", c.names, c.wildcard, n)
			}
		}
	}
	var zero HeaderSet
	if zero.Allows("accept") || zero.Wildcard() || len(zero.Names()) != 0 {
		t.Error("the zero HeaderSet allows something")
	}
}

func TestNewHeaderSetDropsDuplicates(t *testing.T) {
	hs := NewHeaderSet([]string{"b", "a", "b"}, false)
	if got := strings.Join(hs.Names(), ","); got != "b,a" {
		t.Errorf("Names() = %q, want \"b,a\"", got)
	}
}

// TestHeaderSetCheck: each result and the name at fault, for lists as
// browsers send them and as other clients may.
func TestHeaderSetCheck(t *testing.T) {
	def := NewHeaderSet(defaults, false)
	star := NewHeaderSet(nil, true)
	for _, c := range []struct {
		hs    *HeaderSet
		lines []string
		res   ListResult
		first string
		desc  string
	}{
		{&def, nil, ListAllowed, "", "no lines"},
		{&def, []string{""}, ListAllowed, "", "an empty line"},
		{&def, []string{"content-type,x-csrftoken"}, ListAllowed, "", "browser-shaped"},
		{&def, []string{" Content-Type , ,\tAccept "}, ListAllowed, "", "spaces, empty elements, any case"},
		{&def, []string{"accept", "content-type"}, ListAllowed, "", "two lines"},
		{&def, []string{"accept,x-api-key,x-other"}, ListNotAllowed, "x-api-key", "the first name not allowed"},
		{&def, []string{"accept", " X-Api-Key "}, ListNotAllowed, "X-Api-Key", "on a later line, as written"},
		{&def, []string{"accept,x(y),x-api-key"}, ListMalformed, "x(y)", "not a token"},
		{&def, []string{"x-api-key,x(y)"}, ListNotAllowed, "x-api-key", "the first fault wins"},
		{&def, []string{"accept;q=1"}, ListMalformed, "accept;q=1", "a parameter"},
		{&def, []string{"a", "a", "a", "a", "a", "a", "a", "a", "a"}, ListTooManyLines, "", "more lines than MaxRequestHeaderLines"},
		{&def, []string{"a", "a", "a", "a", "a", "a", "a", "a"}, ListNotAllowed, "a", "MaxRequestHeaderLines lines are read"},
		{&def, []string{strings.Repeat("accept,", 20)}, ListTooLong, "", "longer than every allowed name"},
		{&star, []string{"x-a,x-b"}, ListAllowed, "", "wildcard"},
		{&star, []string{"x-a,authorization"}, ListNotAllowed, "authorization", "wildcard never covers authorization"},
		{&star, []string{strings.Repeat("x", maxWildcardHeaderListLen+headerListSlack)}, ListAllowed, "", "wildcard list at its bound"},
		{&star, []string{strings.Repeat("x", maxWildcardHeaderListLen+headerListSlack+1)}, ListTooLong, "", "wildcard list beyond its bound"},
	} {
		res, first := c.hs.Check(c.lines)
		if res != c.res || first != c.first {
			t.Errorf("%s: Check(%q) = %d, %q; want %d, %q", c.desc, c.lines, res, first, c.res, c.first)
		}
	}
}

// TestCheckAllocatesNothing: a list is read in place, whatever it holds.
func TestCheckAllocatesNothing(t *testing.T) {
	hs := NewHeaderSet(many(), false)
	for _, lines := range [][]string{
		{"x-ha, X-HB ,authorization"},
		{"x-ha,x-zz"},
		{"x-ha,x(y)"},
		{strings.Repeat("x-ha,", 100)},
	} {
		if n := testing.AllocsPerRun(10, func() { hs.Check(lines) }); n != 0 {
			t.Errorf("Check(%q): %v allocations", lines, n)
		}
	}
}
