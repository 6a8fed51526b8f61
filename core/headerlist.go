package core

import "strings"

// Bounds on Access-Control-Request-Headers. Browsers send one line of
// lower-case names, sorted, without spaces; other clients may add spaces or
// split the list over lines. Anything beyond these bounds is refused before
// it is read, so a hostile header costs no more than a normal one.
const (
	maxRequestHeaderLines = 8
	// maxWildcardHeaderListLen bounds the list when AllowHeaders is "*".
	maxWildcardHeaderListLen = 4096
	// headerListSlack is the room left for separators and spaces per
	// allowed name, when the list must be made of allowed names.
	headerListSlack = 4
)

// headerSet is the compiled Config.AllowHeaders.
type headerSet struct {
	names    map[string]struct{} // lower case
	lower    []string            // the same names, for case-insensitive look-up
	wildcard bool                // "*": any name but authorization, unless listed
	maxLen   int                 // longest acceptable Access-Control-Request-Headers
}

func newHeaderSet(names []string, wildcard bool) headerSet {
	hs := headerSet{names: make(map[string]struct{}, len(names)), wildcard: wildcard}
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

// smallHeaderSet is the most names headerSet.allows compares one by one
// rather than looking up: below it, comparing lengths and then bytes costs
// less than hashing the name (the default headers are six names).
const smallHeaderSet = 8

func (hs *headerSet) allows(name string) bool {
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

// check reads the Access-Control-Request-Headers lines and says whether
// every name they list is allowed. Empty elements are ignored, as RFC 9110
// asks of list recipients. A list longer than all allowed names together
// (plus separators) is refused unread.
func (hs *headerSet) check(lines []string) Reason {
	if len(lines) > maxRequestHeaderLines {
		return ReasonRequestHeadersMalformed
	}
	total := 0
	for _, l := range lines {
		total += len(l)
	}
	if total > hs.maxLen+headerListSlack*len(lines) {
		return ReasonRequestHeadersTooLong
	}
	for _, l := range lines {
		for len(l) > 0 {
			var elem string
			if i := strings.IndexByte(l, ','); i >= 0 {
				elem, l = l[:i], l[i+1:]
			} else {
				elem, l = l, ""
			}
			elem = trimOWS(elem)
			if elem == "" {
				continue
			}
			if !isToken(elem) {
				return ReasonRequestHeadersMalformed
			}
			if !hs.allows(elem) {
				return ReasonHeaderNotAllowed
			}
		}
	}
	return ReasonAllowed
}

func trimOWS(s string) string {
	for len(s) > 0 && isOWS(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isOWS(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}
