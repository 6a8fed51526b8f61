package core

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// compileAnchored compiles expr so that it must match from the start of the
// text, and to its end when whole is true. It returns expr's parsed form
// too, for the checks made on it. Anchors pasted around the text can be
// swallowed by expr itself only through `\Q` without `\E`, which quotes to
// the end; such an expression is anchored through its parsed form instead.
func compileAnchored(expr string, whole bool) (*regexp.Regexp, *syntax.Regexp, error) {
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, nil, err
	}
	inner := expr
	if strings.Contains(expr, `\Q`) {
		inner = tree.String()
	}
	s := `^(?:` + inner + `)`
	if whole {
		s += `$`
	}
	re, err := regexp.Compile(s)
	return re, tree, err
}
