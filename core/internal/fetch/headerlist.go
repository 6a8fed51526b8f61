package fetch

import "strings"

// Bounds on Access-Control-Request-Headers. Browsers send one line of
// lower-case names, sorted, without spaces; other clients may add spaces or
// split the list over lines. Anything beyond these bounds is refused before
// it is read, so a hostile header costs no more than a normal one.
const (
	// MaxRequestHeaderLines is the most lines of Access-Control-Request-Headers
	// [HeaderSet.Check] reads; a list on more lines is refused unread.
	MaxRequestHeaderLines = 8
	// maxWildcardHeaderListLen bounds the list when the set is a wildcard.
	maxWildcardHeaderListLen = 4096
	// headerListSlack is the room left for separators and spaces per
	// allowed name, when the list must be made of allowed names.
	headerListSlack = 4
)

// A HeaderSet is a set of request-header names a server allows, such as
// a policy's AllowHeaders, compiled for checking the
// Access-Control-Request-Headers of preflights. The zero HeaderSet allows
// nothing. A HeaderSet is not changed after [NewHeaderSet] and is safe for
// concurrent use.
type HeaderSet struct {
	names    map[string]struct{} // lower case
	lower    []string            // the same names, for case-insensitive look-up
	wildcard bool                // "*": any name but authorization, unless listed
	maxLen   int                 // longest acceptable Access-Control-Request-Headers
}

// NewHeaderSet compiles names, which must be lower-case tokens, into a
// HeaderSet; duplicates are dropped. With wildcard, the set also allows
// every name but Authorization, which it allows only when listed in names.
func NewHeaderSet(names []string, wildcard bool) HeaderSet {
	hs := HeaderSet{names: make(map[string]struct{}, len(names)), wildcard: wildcard}
	for _, n := range names {
		if _, dup := hs.names[n]; dup {
			continue
		}
		hs.names[n] = struct{}{}
		hs.lower = append(hs.lower, n)
		hs.maxLen += len(n) + headerListSlack
	}
	if wildcard {
		hs.maxLen = maxWildcardHeaderListLen
	}
	return hs
}

// Names returns the names the set lists, lower case, without duplicates, in
// the order given to [NewHeaderSet]. The caller must not change the slice.
func (hs *HeaderSet) Names() []string { return hs.lower }

// Wildcard reports whether the set allows any name but Authorization.
func (hs *HeaderSet) Wildcard() bool { return hs.wildcard }

// smallHeaderSet is the most names HeaderSet.Allows compares one by one
// rather than looking up: below it, comparing lengths and then bytes costs
// less than hashing the name (the Django defaults have six names).
const smallHeaderSet = 8

// Allows reports whether the set allows the header name, in any case.
func (hs *HeaderSet) Allows(name string) bool {
	if len(hs.lower) <= smallHeaderSet {
		for _, n := range hs.lower {
			if n == name {
				return true
			}
		}
	} else if _, ok := hs.names[name]; ok {
		return true
	}
	if hasUpper(name) {
		for _, n := range hs.lower {
			if strings.EqualFold(n, name) {
				return true
			}
		}
		if hs.wildcard && strings.EqualFold(name, "authorization") {
			return false
		}
		return hs.wildcard
	}
	return hs.wildcard && name != "authorization"
}

// A ListResult is what [HeaderSet.Check] found in the lines of
// Access-Control-Request-Headers.
type ListResult uint8

const (
	// ListAllowed: every name listed is allowed (an empty list included).
	ListAllowed ListResult = iota
	// ListTooManyLines: the list comes in more than MaxRequestHeaderLines
	// lines, and is refused unread.
	ListTooManyLines
	// ListTooLong: the list is longer than all the allowed names together,
	// with room for separators, and is refused unread.
	ListTooLong
	// ListMalformed: an element is not a header name.
	ListMalformed
	// ListNotAllowed: a name listed is not allowed.
	ListNotAllowed
)

// Check reads the Access-Control-Request-Headers lines and says whether
// every name they list is allowed. Empty elements are ignored, as RFC 9110
// asks of list recipients. A list on too many lines, or longer than all
// allowed names together (plus separators), is refused unread. For
// ListMalformed and ListNotAllowed, first is the element at fault, as
// written in lines without its surrounding white space; otherwise it is "".
func (hs *HeaderSet) Check(lines []string) (res ListResult, first string) {
	if len(lines) > MaxRequestHeaderLines {
		return ListTooManyLines, ""
	}
	total := 0
	for _, l := range lines {
		total += len(l)
	}
	if total > hs.maxLen+headerListSlack*len(lines) {
		return ListTooLong, ""
	}
	for _, l := range lines {
		for len(l) > 0 {
			var elem string
			if i := strings.IndexByte(l, ','); i >= 0 {
				elem, l = l[:i], l[i+1:]
			} else {
				elem, l = l, ""
			}
			elem = TrimOWS(elem)
			if elem == "" {
				continue
			}
			if !IsToken(elem) {
				return ListMalformed, elem
			}
			if !hs.Allows(elem) {
				return ListNotAllowed, elem
			}
		}
	}
	return ListAllowed, ""
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}
