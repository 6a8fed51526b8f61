package release

import "embed"

// An App is one fresh application of the publication rehearsal: a new user's
// program that installs one adapter with go get.
type App struct {
	Name string
	// Module is the directory of the adapter module it installs.
	Module string
	// Main is its main.go, a file of apps/; it serves the API of
	// checkAnswers on 127.0.0.1 and prints its address first.
	Main string
	// Only, when set, lists the module path prefixes its module graph
	// (go list -m all) may hold, beside the application itself.
	Only []string
	// Forbid lists module path prefixes its module graph must not hold.
	Forbid []string
	// With lists the directories of the other corsheaders modules it
	// installs beside Module (an adapter to serve with).
	With []string
	// NotLinked lists module path prefixes whose packages its binary must
	// not hold (go version -m): modules its graph holds, and go mod tidy
	// downloads, for the tests of a dependency only.
	NotLinked []string
}

// Apps are the applications of make release-check: one per released
// adapter, and one per released library that works beside an adapter
// (otelmetrics). A new adapter module is one line here and one file in
// apps/.
var Apps = []App{
	{Name: "nethttp", Module: "chiadapter", Main: "nethttp.go.tmpl", Only: []string{Prefix, "golang.org/x/"}},
	{Name: "gin", Module: "ginadapter", Main: "gin.go.tmpl", Forbid: []string{"github.com/labstack/echo", "github.com/go-chi/chi", "github.com/chromedp/", "github.com/gofiber/", "github.com/valyala/fasthttp"}},
	{Name: "echo", Module: "echoadapter", Main: "echo.go.tmpl", Forbid: []string{"github.com/gin-gonic/", "github.com/go-chi/chi", "github.com/chromedp/", "github.com/labstack/echo/v5", "github.com/gofiber/", "github.com/valyala/fasthttp"}},
	{Name: "echov5", Module: "echov5adapter", Main: "echov5.go.tmpl", Forbid: []string{"github.com/gin-gonic/", "github.com/go-chi/chi", "github.com/chromedp/", "github.com/labstack/echo/v4", "github.com/gofiber/", "github.com/valyala/fasthttp"}},
	{Name: "fiber", Module: "fiberadapter", Main: "fiber.go.tmpl", Forbid: []string{"github.com/gin-gonic/", "github.com/go-chi/chi", "github.com/chromedp/", "github.com/labstack/echo"}},
	{Name: "caddy", Module: "caddyadapter", Main: "caddy.go.tmpl", Forbid: []string{"github.com/gin-gonic/", "github.com/labstack/echo", "github.com/chromedp/", "github.com/gofiber/", "github.com/valyala/fasthttp"}},
	// otelmetrics needs OpenTelemetry's metric API only: the SDK, which
	// its tests require, is in the graph but not in the binary.
	{Name: "otelmetrics", Module: "otelmetrics", Main: "otelmetrics.go.tmpl", With: []string{"chiadapter"},
		Forbid:    []string{"github.com/gin-gonic/", "github.com/labstack/echo", "github.com/gofiber/", "github.com/valyala/fasthttp", "github.com/go-chi/chi", "github.com/chromedp/", "github.com/prometheus/"},
		NotLinked: []string{"go.opentelemetry.io/otel/sdk"}},
}

//go:embed apps/*.tmpl
var appFiles embed.FS
