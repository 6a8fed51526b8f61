package echov5adapter_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/labstack/echo/v5"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echov5adapter"
)

// CORS and CSRF protection from one policy: the SPA's cross-site POST is
// let through, a forged one from another site is refused.
func ExampleCrossOriginProtection() {
	policy := core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://*.example.com"},
		AllowCredentials: true,
	})
	e := echo.New()
	e.Use(echov5adapter.FromPolicy(policy), echov5adapter.CrossOriginProtection(core.NewCrossOriginProtection(policy)))
	e.POST("/api/transfer", func(c *echo.Context) error { return c.String(http.StatusOK, "done") })

	for _, origin := range []string{"https://app.example.com", "https://evil.test"} {
		req := httptest.NewRequest(http.MethodPost, "/api/transfer", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Sec-Fetch-Site", "cross-site") // as browsers send it
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		fmt.Println(origin, w.Code)
	}
	// Output:
	// https://app.example.com 200
	// https://evil.test 403
}
