package rx

import (
	"testing"

	"github.com/corsheaders/corsheaders/core/internal/check"
)

// TestMistake: each regex that can match no origin, or more hosts than it
// names, gets its problem and a fix; the fixed regex, when the fix gives
// one, is no mistake.
func TestMistake(t *testing.T) {
	for _, tc := range []struct {
		expr    string
		problem string // in the problem, literally
		fix     string // the whole fix
	}{
		{`^wss://[a-z]+\.example\.com$`, "WebSocket", "write `^https://[a-z]+\\.example\\.com$`"},
		{`ws://localhost:[0-9]+`, "never ws://", "write `http://localhost:[0-9]+`"},
		{`wss://a/b`, "WebSocket", "match the page's origin, https://…"},
		{`https://[a-z]+\.example\.com/$`, "no path", "end it at the host or port: write `https://[a-z]+\\.example\\.com$`"},
		{`^https://app\.example\.com/.*`, "no path", "end it at the host or port: write `^https://app\\.example\\.com`"},
		{`https://[a-z]+\.example\.com/api(:[0-9]+)?`, "no path", "end it at the host or port: write `https://[a-z]+\\.example\\.com`"},
		{`https://a\.com/x/y`, "no path", "end it at the host or port: write `https://a\\.com`"},
		{`(https://a\.com/)`, "no path", "end it at the host or port, e.g. `https://[a-z0-9-]+\\.example\\.com`"},
		{`https://app.example.com`, `"app.example" also matches "app-example"`, "escape the dots: write `https://app\\.example\\.com`"},
		{`https://[a-z]+.example\.com`, `".example" also matches "-example"`, "escape the dots: write `https://[a-z]+\\.example\\.com`"},
		{`https://\d.example\.com`, "unescaped", "escape the dots: write `https://\\d\\.example\\.com`"},
	} {
		problem, fix, found := Mistake(tc.expr)
		if !check.Assert.True(t, found, "%s: no mistake found", tc.expr) {
			continue
		}
		check.Assert.Contains(t, problem, tc.problem, tc.expr)
		check.Assert.Equal(t, tc.fix, fix, tc.expr)
	}
}

// TestNoMistake: regexes that match origins as written are left alone.
func TestNoMistake(t *testing.T) {
	for _, expr := range []string{
		`https://[a-z]+\.example\.com`,
		`^https://app\.example\.com$`,
		`https?://localhost(:[0-9]+)?`,
		`https://[a-z]{2,8}\.example\.com`,
		`https://[.a-z]+\.example\.com`,
		`https://[].a-z]+\.example\.com`,
		`\Qhttps://a.example.com\E`,
		`https://a\.example\.com(/)?`,
		`https://.*`,
		`(`,
		``,
	} {
		problem, fix, found := Mistake(expr)
		check.Assert.True(t, !found, "%s: %s; %s", expr, problem, fix)
	}
}
