package printable

import (
	"strconv"
	"testing"
	"unicode"
)

func TestEscapeAndQuote(t *testing.T) {
	for _, c := range []struct{ in, escaped, quoted string }{
		{`^https://[a-z]+\.example\.com$`, `^https://[a-z]+\.example\.com$`, `"^https://[a-z]+\.example\.com$"`},
		{"İzmir münchen 東京 🙂", "İzmir münchen 東京 🙂", `"İzmir münchen 東京 🙂"`},
		{"a\x1b[2J\x07", `a\x1b[2J\x07`, `"a\x1b[2J\a"`},
		{"\u009b31m\u009d0;x", `\u009b31m\u009d0;x`, `"\u009b31m\u009d0;x"`},
		{"\x9b\xff", `\x9b\xff`, `"\x9b\xff"`},
		{"a\u202eb\u2066\u2069\u200e\u200f\u061c", `a\u202eb\u2066\u2069\u200e\u200f\u061c`, `"a\u202eb\u2066\u2069\u200e\u200f\u061c"`},
		{"\t\n\x00\x7f", `\x09\x0a\x00\x7f`, `"\t\n\x00\x7f"`},
		{"\u00a0\u2028\ufeff\U000e0001", `\u00a0\u2028\ufeff\U000e0001`, `"\u00a0\u2028\ufeff\U000e0001"`},
		// Once something is escaped, a backslash is too, so that the
		// quoted form reads back as the value.
		{"\\x1b\x1b", `\x1b\x1b`, `"\\x1b\x1b"`},
	} {
		if got := Escape(c.in); got != c.escaped {
			t.Errorf("Escape(%q) = %s, want %s", c.in, got, c.escaped)
		}
		if got := Quote(c.in); got != c.quoted {
			t.Errorf("Quote(%q) = %s, want %s", c.in, got, c.quoted)
		}
		if !Safe(c.in) {
			if back, err := strconv.Unquote(Quote(c.in)); err != nil || back != c.in {
				t.Errorf("Quote(%q) does not read back: %q %v", c.in, back, err)
			}
		}
	}
}

// Every Bidi_Control rune is escaped, and every rune Escape keeps is
// one strconv.Quote keeps: Quote's two forms agree.
func TestRuneClasses(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		s := string(r)
		if unicode.Is(unicode.Bidi_Control, r) && Safe(s) {
			t.Errorf("%U is a bidi control and is kept", r)
		}
		if Safe(s) && strconv.Quote(s) != `"`+s+`"` && r != '"' && r != '\\' {
			t.Errorf("%U is kept by Escape but escaped by strconv.Quote", r)
		}
	}
}
