// Package printable makes text safe to show on a terminal or in a log: it
// escapes what a terminal would act on (C0 and C1 controls such as ESC,
// BEL, CSI U+009B and OSC U+009D), what reorders or hides text (bidi
// controls such as U+202E, zero-width and other format characters) and
// bytes that are not UTF-8, and keeps the rest, non-ASCII letters
// included ("İzmir" stays "İzmir").
//
// A rune is escaped when unicode.IsPrint is false for it (that is every
// control, format, separator other than the ASCII space, private-use and
// unassigned rune; every Bidi_Control rune is a format rune, and is named
// again here so that this stays true), or when it is a byte that does not
// start valid UTF-8. Escape writes \x1b for a byte below 0x80 or an
// invalid byte, \u202e for a rune up to U+FFFF and \U000e0001 above, as
// Go does.
package printable

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Safe reports whether s holds nothing Escape would change.
func Safe(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if dangerous(r, size) {
			return false
		}
		i += size
	}
	return true
}

func dangerous(r rune, size int) bool {
	return r == utf8.RuneError && size <= 1 || !unicode.IsPrint(r) || unicode.Is(unicode.Bidi_Control, r)
}

// Escape is s with every rune that is not safe to show written as an
// escape sequence.
func Escape(s string) string {
	i := 0
	for i < len(s) {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if dangerous(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !dangerous(r, size):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError && size <= 1, r < utf8.RuneSelf:
			b.WriteString(`\x`)
			writeHex(&b, uint32(s[i]), 2)
		case r <= 0xffff:
			b.WriteString(`\u`)
			writeHex(&b, uint32(r), 4)
		default:
			b.WriteString(`\U`)
			writeHex(&b, uint32(r), 8)
		}
		i += size
	}
	return b.String()
}

func writeHex(b *strings.Builder, v uint32, digits int) {
	const hex = "0123456789abcdef"
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hex[v>>uint(shift)&0xf])
	}
}

// Quote is s in double quotes for a message: as is when it is safe to
// show, so that a regular expression keeps its single backslashes, and
// as a Go string literal (strconv.Quote) when it is not, so that the
// escapes cannot be mistaken for text the value holds.
func Quote(s string) string {
	if Safe(s) {
		return `"` + s + `"`
	}
	return strconv.Quote(s)
}
