package core

import (
	"fmt"
	"strconv"
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
	// Problem says what is wrong with Value.
	Problem string
	// Fix says how to correct it.
	Fix string
}

// maxErrorValue is how much of a value a ConfigError's message quotes.
const maxErrorValue = 256

func (e *ConfigError) Error() string {
	where := e.Field
	if e.Index >= 0 {
		where += "[" + strconv.Itoa(e.Index) + "]"
	}
	var msg string
	if e.Index < 0 && e.Value == "" {
		// A field left empty: there is no value to show.
		msg = fmt.Sprintf("corsheaders: %s: %s", where, e.Problem)
	} else {
		// A value read from a database or a file can be huge: quote a
		// prefix, enough to find it (Value keeps it whole).
		v := e.Value
		if len(v) > maxErrorValue {
			v = v[:maxErrorValue] + "…(" + strconv.Itoa(len(e.Value)) + " bytes)"
		}
		msg = fmt.Sprintf("corsheaders: %s %q: %s", where, v, e.Problem)
	}
	if e.Fix != "" {
		msg += "; " + e.Fix
	}
	return msg
}

// problems collects ConfigErrors while a Config is compiled.
type problems []error

func (ps *problems) add(field string, index int, value, problem, fix string) {
	*ps = append(*ps, &ConfigError{Field: field, Index: index, Value: value, Problem: problem, Fix: fix})
}
