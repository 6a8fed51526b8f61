package core

import (
	"fmt"
	"strconv"

	"github.com/corsheaders/corsheaders/core/internal/printable"
)

// A ConfigError describes one problem in a [Config]. [NewPolicy] returns every
// problem it finds at once, joined with [errors.Join]; use [errors.As] to
// reach them one by one.
type ConfigError struct {
	// Field is the name of the Config field at fault, e.g. "AllowedOrigins".
	Field string
	// Index is the position of the faulty element in a list field, or -1
	// when the field is not a list.
	Index int
	// Value is the faulty value, as it was configured.
	Value string
	// Problem says what is wrong with Value. Values it embeds are quoted,
	// with control, bidi and invalid UTF-8 bytes escaped.
	Problem string
	// Fix says how to correct it, embedding values as Problem does.
	Fix string
}

// maxErrorValue is how much of a value a ConfigError's message quotes.
const maxErrorValue = 256

func (e *ConfigError) Error() string {
	where := e.Field
	if e.Index >= 0 {
		where += "[" + strconv.Itoa(e.Index) + "]"
	}
	// Problem and Fix are escaped again, for a ConfigError built by hand
	// or a message that embedded a value without quote: the message is
	// printed to terminals and logs.
	problem := printable.Escape(e.Problem)
	var msg string
	if e.Index < 0 && e.Value == "" {
		// A field left empty: there is no value to show.
		msg = fmt.Sprintf("corsheaders: %s: %s", where, problem)
	} else {
		// A value read from a database or a file can be huge: quote a
		// prefix, enough to find it (Value keeps it whole).
		v := e.Value
		if len(v) > maxErrorValue {
			v = v[:maxErrorValue] + "…(" + strconv.Itoa(len(e.Value)) + " bytes)"
		}
		msg = fmt.Sprintf("corsheaders: %s %q: %s", where, v, problem)
	}
	if e.Fix != "" {
		msg += "; " + printable.Escape(e.Fix)
	}
	return msg
}

// quote is s in double quotes, for a message (a ConfigError's Problem or
// Fix, an Explanation's step or hint) that embeds a configured value or
// one received in a request. Use it for every such value: messages reach
// terminals and logs, and a value may hold terminal control sequences
// (ESC, BEL, the C1 controls CSI U+009B and OSC U+009D), bidi controls
// (U+202E) or invalid UTF-8. A value with none of those is quoted as is,
// backslashes included, so that a regular expression reads as written
// (and "İzmir" as "İzmir"); any other is quoted as a Go string literal,
// each of those runes escaped (\x1b, \u202e, \xff).
func quote(s string) string { return printable.Quote(s) }

// escape is s with the runes quote escapes escaped, without quotes: for a
// value shown as is, such as a method name in a step or a debug log attribute.
func escape(s string) string { return printable.Escape(s) }

// problems collects ConfigErrors while a Config is compiled.
type problems []error

func (ps *problems) add(field string, index int, value, problem, fix string) {
	*ps = append(*ps, &ConfigError{Field: field, Index: index, Value: value, Problem: problem, Fix: fix})
}

func itoa(n int) string { return strconv.Itoa(n) }
