package browsercheck

import (
	"strings"
	"testing"
)

// The messages embed what a server sent and the URLs fetched: terminal
// control sequences, C1 controls, bidi controls and invalid UTF-8 among
// them are escaped, in every reason's message, console line and fix.
func TestMessagesEscapeValues(t *testing.T) {
	const v = "a\x1b[2J\x07\u009b31m\u009d0;x\x9b\xff\u202e\u2066\u200f\u061c"
	for r := Reason(0); r <= HeaderNotAllowed+1; r++ {
		for _, preflight := range []bool{false, true} {
			e := &Error{Reason: r, Preflight: preflight, URL: "https://api.example.com/" + v, RedirectedFrom: "https://x.example.com/" + v, Origin: origin + v, Value: v}
			for _, msg := range []string{e.Error(), e.Console(), e.Fix()} {
				for _, h := range []string{"\x1b", "\x07", "\u009b", "\u009d", "\x9b", "\x9d", "\xff", "\u202e", "\u2066", "\u200f", "\u061c"} {
					if strings.Contains(msg, h) {
						t.Errorf("%v: %q holds %q raw", r, msg, h)
					}
				}
			}
		}
	}
	e := &Error{Reason: AllowOriginMismatch, Origin: origin, Value: "https://İzmir.example\u202e"}
	if want := `'https://İzmir.example\u202e'`; !strings.Contains(e.Error(), want) {
		t.Errorf("Error() = %s, want it to hold %s", e.Error(), want)
	}
}
