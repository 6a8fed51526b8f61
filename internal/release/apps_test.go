package release

import (
	"strings"
	"testing"
)

// An application may hold the corsheaders modules it installs (its
// module, then App.With) and core, and no other.
func TestRefusesOtherCorsheadersModules(t *testing.T) {
	app, err := FindApp("otelmetrics")
	if err != nil {
		t.Fatal(err)
	}
	installed := []Module{{Dir: "otelmetrics", Path: Prefix + "otelmetrics"}, {Dir: "chiadapter", Path: Prefix + "chiadapter"}}
	for p, want := range map[string]string{
		Prefix + "core":                       "",
		Prefix + "otelmetrics":                "",
		Prefix + "chiadapter":                 "",
		"go.opentelemetry.io/otel/sdk/metric": "",
		Prefix + "ginadapter":                 "needs no other corsheaders module than core",
		"github.com/prometheus/client_golang": "forbidden",
		"github.com/gofiber/fiber/v3":         "forbidden",
	} {
		got := app.refuses(p, installed)
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("refuses(%s) = %q, want %q", p, got, want)
		}
	}
}
