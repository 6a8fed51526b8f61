package chiadapter_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

// CORS and CSRF protection from one policy: the SPA's cross-site POST is
// let through, a forged one from another site is refused.
func ExampleCrossOriginProtection() {
	policy := core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://*.example.com"},
		AllowCredentials: true,
	})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/transfer", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "done") })
	// With chi: r.Use(chiadapter.FromPolicy(policy), chiadapter.CrossOriginProtection(cop)).
	cop := core.NewCrossOriginProtection(policy)
	r := chiadapter.FromPolicy(policy)(chiadapter.CrossOriginProtection(cop)(mux))

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
