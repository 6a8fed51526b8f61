package main

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Everything the command prints goes through a terminalWriter: header
// values come from any server, and configuration values from files and
// environments the user may not have written. core and browsercheck
// already escape the values their messages embed; this is the last line
// of defence, for whatever reaches the terminal.
//
// A rune is escaped when unicode.IsPrint is false for it (every C0 and C1
// control such as ESC, BEL, CSI U+009B and OSC U+009D, every format rune,
// bidi controls such as U+202E and U+2066–U+2069 among them, separators
// other than the ASCII space), when it is a Bidi_Control rune, and for
// each byte that is not valid UTF-8; newlines and tabs, which the command
// prints itself, are kept. Ordinary non-ASCII text ("İzmir") is kept.
// Text shows \x1b for an ASCII control or an invalid byte, \u202e or
// \U000e0001 for other runes, as Go writes them; JSON output uses JSON's
// \u escapes, so that it still decodes to the same values.
type terminalWriter struct{ w io.Writer }

func (t terminalWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(t.w, escapeText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func unsafeRune(r rune, size int) bool {
	return r == utf8.RuneError && size <= 1 || !unicode.IsPrint(r) || unicode.Is(unicode.Bidi_Control, r)
}

// escapeText is s with every unsafe rune but newlines and tabs escaped.
func escapeText(s string) string {
	return escapeRunes(s, func(b *strings.Builder, r rune, s string) {
		const hex = "0123456789abcdef"
		switch {
		case r == utf8.RuneError || r < utf8.RuneSelf:
			b.WriteString(`\x`)
			b.WriteByte(hex[s[0]>>4])
			b.WriteByte(hex[s[0]&0xf])
		case r <= 0xffff:
			b.WriteString(`\u`)
			writeHex(b, r, 4)
		default:
			b.WriteString(`\U`)
			writeHex(b, r, 8)
		}
	})
}

// escapeJSON is s, JSON text, with every unsafe rune written as a JSON
// escape. encoding/json leaves C1 controls and bidi controls as they are.
func escapeJSON(s string) string {
	return escapeRunes(s, func(b *strings.Builder, r rune, _ string) {
		if r == utf8.RuneError {
			// encoding/json writes valid UTF-8 only; be safe anyway.
			r = unicode.ReplacementChar
		}
		if r1, r2 := utf16.EncodeRune(r); r1 != unicode.ReplacementChar {
			b.WriteString(`\u`)
			writeHex(b, r1, 4)
			r = r2
		}
		b.WriteString(`\u`)
		writeHex(b, r, 4)
	})
}

// escapeRunes is s with every unsafe rune, newlines and tabs aside,
// replaced by what esc writes for it (given the rune and s from it on).
func escapeRunes(s string, esc func(b *strings.Builder, r rune, s string)) string {
	var b strings.Builder
	done := 0
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unsafeRune(r, size) {
			i += size
			continue
		}
		if done == 0 {
			b.Grow(len(s) + 8)
		}
		b.WriteString(s[done:i])
		esc(&b, r, s[i:])
		i += size
		done = i
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

func writeHex(b *strings.Builder, r rune, digits int) {
	const hex = "0123456789abcdef"
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hex[uint32(r)>>uint(shift)&0xf])
	}
}
