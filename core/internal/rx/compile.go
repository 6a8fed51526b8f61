package rx

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/printable"
)

// CompileAnchored compiles expr so that it must match from the start of the
// text, and to its end when whole is true. It returns expr's parsed form
// too, for the checks made on it. Anchors pasted around the text can be
// swallowed by expr itself only through `\Q` without `\E`, which quotes to
// the end; such an expression is anchored through its parsed form instead.
func CompileAnchored(expr string, whole bool) (*regexp.Regexp, *syntax.Regexp, error) {
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

// RE2Fix is the fix for an expression that does not compile.
const RE2Fix = "write an RE2 regular expression (https://github.com/google/re2/wiki/Syntax)"

// ErrorText is err's message without the repetition of the expression:
// for a syntax error, its code and the quoted part of the expression at
// fault, as in `missing closing ) "(a"`.
func ErrorText(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return se.Code.String() + " " + printable.Quote(se.Expr)
	}
	return err.Error()
}

// FirstMatch returns the first of texts that re matches, and whether there
// is one.
func FirstMatch(re *regexp.Regexp, texts []string) (string, bool) {
	for _, s := range texts {
		if re.MatchString(s) {
			return s, true
		}
	}
	return "", false
}
