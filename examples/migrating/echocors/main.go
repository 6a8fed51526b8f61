// Command echocors serves the API whose Echo CORS middleware configuration
// is migrated in docs/migrating.md.
package main

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
)

func newServer() *echo.Echo {
	e := echo.New()
	e.Use(echoadapter.New(core.Config{
		URLsRegex:        "/api/",
		AllowedOrigins:   []string{"https://admin.example.com", "https://*.example.org"},
		AllowHeaders:     []string{"content-type", "authorization"},
		AllowCredentials: true,
		PreflightMaxAge:  time.Hour,
	}))
	e.GET("/api/users", func(c echo.Context) error {
		return c.JSON(http.StatusOK, []string{})
	})
	e.DELETE("/api/users/:id", func(c echo.Context) error {
		return c.NoContent(http.StatusNoContent)
	})
	e.GET("/healthz", func(c echo.Context) error {
		return c.String(http.StatusOK, "ok")
	})
	return e
}

func main() {
	e := newServer()
	e.Logger.Fatal(e.Start("127.0.0.1:8000"))
}
