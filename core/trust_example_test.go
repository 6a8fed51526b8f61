package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"

	"github.com/corsheaders/corsheaders/core"
)

// One list of origins decides both what may read (CORS) and what may write
// with the user's cookies (CSRF): the subdomain pattern is trusted by the
// cross-origin protection too, which the standard library's
// AddTrustedOrigin, taking exact origins, cannot say.
func ExampleCrossOriginProtection() {
	p := core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://*.example.com"},
		AllowCredentials: true,
	})
	cop := core.NewCrossOriginProtection(p)
	transfer := cop.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "transferred")
	}))

	for _, origin := range []string{"https://app.example.com", "https://evil.test"} {
		r := httptest.NewRequest(http.MethodPost, "https://api.example.com/transfer", nil)
		r.Header.Set("Origin", origin)
		r.Header.Set("Sec-Fetch-Site", "cross-site") // as a browser sends it
		w := httptest.NewRecorder()
		transfer.ServeHTTP(w, r)
		fmt.Println(origin, w.Code)
	}
	// Output:
	// https://app.example.com 200
	// https://evil.test 403
}

// CheckWebSocketOrigin has the type of gorilla/websocket's
// Upgrader.CheckOrigin: websocket.Upgrader{CheckOrigin: check}.
func ExampleCheckWebSocketOrigin() {
	live := core.NewLive(core.MustPolicy(core.Config{
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowCredentials: true,
	}))
	check := core.CheckWebSocketOrigin(live)

	for _, origin := range []string{"https://app.example.com", "https://api.example.com", "https://evil.test"} {
		r := httptest.NewRequest(http.MethodGet, "https://api.example.com/ws", nil)
		r.Header.Set("Origin", origin)
		fmt.Println(origin, check(r))
	}
	// Output:
	// https://app.example.com true
	// https://api.example.com true
	// https://evil.test false
}

// A gateway answers CORS itself and drops what the service behind it says.
func ExampleDropUpstreamCORS() {
	service, _ := url.Parse("http://127.0.0.1:9000")
	proxy := httputil.NewSingleHostReverseProxy(service)
	proxy.ModifyResponse = core.DropUpstreamCORS

	cors := func(next http.Handler) http.Handler {
		p := core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if d := core.Handle(p, w.Header(), r); d.Answered() {
				w.WriteHeader(d.Status)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	_ = http.Handler(cors(proxy)) // with chiadapter: chiadapter.New(cfg)(proxy)
}
