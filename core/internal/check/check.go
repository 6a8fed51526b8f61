// Package check holds the few assertions core's and chiadapter's tests use,
// on the standard testing package alone, so that neither module requires an
// assertion library that every user would download. Each check reports the
// values it compared and returns whether it passed.
package check

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// A Checker reports failed checks through Errorf ([Assert]) or, when fatal,
// through Fatalf ([Require]), which stops the test.
type Checker struct{ fatal bool }

var (
	// Assert reports a failed check and lets the test go on.
	Assert = Checker{}
	// Require reports a failed check and stops the test.
	Require = Checker{fatal: true}
)

func (c Checker) fail(t testing.TB, msgAndArgs []any, format string, args ...any) bool {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if len(msgAndArgs) > 0 {
		if f, ok := msgAndArgs[0].(string); ok {
			msg = fmt.Sprintf(f, msgAndArgs[1:]...) + ": " + msg
		} else {
			msg = fmt.Sprint(msgAndArgs...) + ": " + msg
		}
	}
	if c.fatal {
		t.Fatal(msg)
	} else {
		t.Error(msg)
	}
	return false
}

// Equal checks that got is deeply equal to want.
func (c Checker) Equal(t testing.TB, want, got any, msgAndArgs ...any) bool {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return true
	}
	return c.fail(t, msgAndArgs, "\n\tgot  %#v\n\twant %#v", got, want)
}

// NotEqual checks that got differs from other.
func (c Checker) NotEqual(t testing.TB, other, got any, msgAndArgs ...any) bool {
	t.Helper()
	if !reflect.DeepEqual(other, got) {
		return true
	}
	return c.fail(t, msgAndArgs, "got %#v, want anything else", got)
}

// True checks that b holds.
func (c Checker) True(t testing.TB, b bool, msgAndArgs ...any) bool {
	t.Helper()
	if b {
		return true
	}
	return c.fail(t, msgAndArgs, "false, want true")
}

// Contains checks that s contains sub.
func (c Checker) Contains(t testing.TB, s, sub string, msgAndArgs ...any) bool {
	t.Helper()
	if strings.Contains(s, sub) {
		return true
	}
	return c.fail(t, msgAndArgs, "\n\t%q\ndoes not contain\n\t%q", s, sub)
}

// Empty checks that s is "".
func (c Checker) Empty(t testing.TB, s string, msgAndArgs ...any) bool {
	t.Helper()
	if s == "" {
		return true
	}
	return c.fail(t, msgAndArgs, "got %q, want \"\"", s)
}

// NoError checks that err is nil.
func (c Checker) NoError(t testing.TB, err error, msgAndArgs ...any) bool {
	t.Helper()
	if err == nil {
		return true
	}
	return c.fail(t, msgAndArgs, "unexpected error: %v", err)
}

// Error checks that err is not nil.
func (c Checker) Error(t testing.TB, err error, msgAndArgs ...any) bool {
	t.Helper()
	if err != nil {
		return true
	}
	return c.fail(t, msgAndArgs, "no error, want one")
}

// Nil checks that v is nil, or a nil pointer, map, slice, func or chan.
func (c Checker) Nil(t testing.TB, v any, msgAndArgs ...any) bool {
	t.Helper()
	if isNil(v) {
		return true
	}
	return c.fail(t, msgAndArgs, "got %#v, want nil", v)
}

// NotNil checks that v is not nil.
func (c Checker) NotNil(t testing.TB, v any, msgAndArgs ...any) bool {
	t.Helper()
	if !isNil(v) {
		return true
	}
	return c.fail(t, msgAndArgs, "got nil")
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return r.IsNil()
	}
	return false
}

// Less checks that a < b.
func (c Checker) Less(t testing.TB, a, b int, msgAndArgs ...any) bool {
	t.Helper()
	if a < b {
		return true
	}
	return c.fail(t, msgAndArgs, "%d, want less than %d", a, b)
}

// GreaterOrEqual checks that a >= b.
func (c Checker) GreaterOrEqual(t testing.TB, a, b int, msgAndArgs ...any) bool {
	t.Helper()
	if a >= b {
		return true
	}
	return c.fail(t, msgAndArgs, "%d, want at least %d", a, b)
}

// Panics checks that f panics.
func (c Checker) Panics(t testing.TB, f func(), msgAndArgs ...any) (ok bool) {
	t.Helper()
	defer func() {
		if recover() != nil {
			ok = true
		}
	}()
	f()
	return c.fail(t, msgAndArgs, "no panic, want one")
}

// PanicsWithError checks that f panics with an error whose text is msg.
func (c Checker) PanicsWithError(t testing.TB, msg string, f func(), msgAndArgs ...any) (ok bool) {
	t.Helper()
	var v any
	func() {
		defer func() { v = recover() }()
		f()
	}()
	if err, isErr := v.(error); isErr && err.Error() == msg {
		return true
	}
	return c.fail(t, msgAndArgs, "panicked with %#v, want the error %q", v, msg)
}
