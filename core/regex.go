package core

import (
	"regexp"
	"regexp/syntax"
)

// compileAnchored compiles expr so that it must match from the start of the
// text, and to its end when whole is true. It anchors the parsed expression,
// not its text: pasted around the text, "^(?:" and ")$" can be swallowed by
// expr itself, as by `\Q` without `\E`, which quotes to the end.
func compileAnchored(expr string, whole bool) (*regexp.Regexp, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, err
	}
	s := `^(?:` + re.String() + `)`
	if whole {
		s += `$`
	}
	return regexp.Compile(s)
}
