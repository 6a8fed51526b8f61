package core

import (
	"strings"
	"unicode"
)

// This file recognises configurations that other CORS libraries accept, or
// that a value read from an environment variable produces, and that this
// one cannot honour: each gets a problem and a fix that works as written.
// Those of AllowedOrigins are recognised by the origin package
// (origin.SeveralOrigins, origin.Mistake).

// severalInOne splits an element that holds a list, as
// "https://a.example,https://b.example" read from an environment variable
// does. ok is false when the element holds at most one value.
func severalInOne(s string) (parts []string, ok bool) {
	parts = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	return parts, len(parts) > 1
}

// oneEach is the fix for an element holding several values: the list
// written one value per element.
func oneEach(parts []string) string {
	quoted := make([]string, len(parts))
	for i, s := range parts {
		quoted[i] = quote(s)
	}
	return "write one per element: []string{" + strings.Join(quoted, ", ") + "}"
}

// checkSeveralInOne adds a problem for a list element holding several
// values, and reports whether it did.
func checkSeveralInOne(ps *problems, field, what string, i int, s string) bool {
	parts, ok := severalInOne(s)
	if ok {
		addSeveralInOne(ps, field, what, i, s, parts)
	}
	return ok
}

// addSeveralInOne adds the problem of an element holding parts, several
// values.
func addSeveralInOne(ps *problems, field, what string, i int, s string, parts []string) {
	ps.add(field, i, s, "one "+what+" per element, but this one holds "+itoa(len(parts))+", separated by commas or spaces", oneEach(parts))
}
