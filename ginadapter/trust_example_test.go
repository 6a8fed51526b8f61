package ginadapter_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gin-gonic/gin"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// CORS and CSRF protection from one policy: the SPA's cross-site POST is
// let through, a forged one from another site is refused.
func ExampleCrossOriginProtection() {
	policy := core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://*.example.com"},
		AllowCredentials: true,
	})
	r := gin.New()
	r.Use(ginadapter.FromPolicy(policy), ginadapter.CrossOriginProtection(core.NewCrossOriginProtection(policy)))
	r.POST("/api/transfer", func(c *gin.Context) { c.String(http.StatusOK, "done") })

	for _, origin := range []string{"https://app.example.com", "https://evil.test"} {
		req := httptest.NewRequest(http.MethodPost, "/api/transfer", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Sec-Fetch-Site", "cross-site") // as browsers send it
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		fmt.Println(origin, w.Code)
	}
	// Output:
	// https://app.example.com 200
	// https://evil.test 403
}
