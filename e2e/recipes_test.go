package e2e

// Recipes of docs/csrf.md and docs/proxies.md, each with its test: how the
// policy's one list of origins drives CSRF middlewares of other libraries
// (gorilla/csrf, Echo's middleware.CSRF), Gin route groups, and WebSocket
// libraries (gorilla/websocket, coder/websocket). They run without a
// browser, in every go test; the browser proof is trust_test.go.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	coder "github.com/coder/websocket"
	"github.com/gin-gonic/gin"
	"github.com/gorilla/csrf"
	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/echoadapter"
	"github.com/corsheaders/corsheaders/ginadapter"
)

// recipePolicy trusts the SPA by a subdomain pattern, which no CSRF
// library's list of exact origins or hosts can say.
func recipePolicy() *core.Policy {
	return core.MustPolicy(core.Config{AllowedOrigins: []string{"https://*.spa.example"}, AllowCredentials: true})
}

// browserPost is a POST as a browser sends it from a page on origin to
// https://api.example.com, which is cross-site unless the page is on the
// API's site.
func browserPost(origin, fetchSite string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "https://api.example.com/transfer", strings.NewReader("amount=1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", origin)
	if fetchSite != "" {
		r.Header.Set("Sec-Fetch-Site", fetchSite)
	}
	return r
}

func record(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

var transferred = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("transferred")) })

// gorillaCSRFTrustingPolicy is the gorilla/csrf recipe: requests from an
// origin the policy trusts skip gorilla's checks (origin and token), as
// http.CrossOriginProtection would let them through; every other request
// is checked by gorilla/csrf as before, token included.
func gorillaCSRFTrustingPolicy(src core.Source, protect func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		protected := protect(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if src.Policy().TrustsOrigin(r) {
				r = csrf.UnsafeSkipCheck(r)
			}
			protected.ServeHTTP(w, r)
		})
	}
}

func TestRecipeGorillaCSRF(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")

	t.Run("TrustedOrigins takes hosts, not origins", func(t *testing.T) {
		// gorilla/csrf compares the Origin's host (host[:port], no
		// scheme) with TrustedOrigins, and still requires the token.
		for _, tc := range []struct {
			trusted []string
			want    int
		}{
			{[]string{"app.spa.example"}, http.StatusOK},
			{[]string{"https://app.spa.example"}, http.StatusForbidden}, // an origin: never matches
		} {
			protect := csrf.Protect(key, csrf.TrustedOrigins(tc.trusted), csrf.Secure(true), csrf.SameSite(csrf.SameSiteNoneMode))
			var token string
			h := protect(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				token = csrf.Token(r)
				_, _ = w.Write([]byte("ok"))
			}))
			get := record(h, httptest.NewRequest(http.MethodGet, "https://api.example.com/", nil))
			r := browserPost("https://app.spa.example", "cross-site")
			r.Header.Set("X-CSRF-Token", token)
			for _, c := range get.Result().Cookies() {
				r.AddCookie(c)
			}
			assert.Equal(t, tc.want, record(h, r).Code, "TrustedOrigins %q", tc.trusted)
		}
	})

	t.Run("the policy's trust, patterns included", func(t *testing.T) {
		protect := csrf.Protect(key, csrf.Secure(true), csrf.SameSite(csrf.SameSiteNoneMode))
		h := gorillaCSRFTrustingPolicy(recipePolicy(), protect)(transferred)
		assert.Equal(t, http.StatusOK, record(h, browserPost("https://app.spa.example", "cross-site")).Code, "trusted by the pattern")
		assert.Equal(t, http.StatusForbidden, record(h, browserPost("https://evil.test", "cross-site")).Code, "unlisted")
		assert.Equal(t, http.StatusForbidden, record(h, browserPost("https://spa.example", "cross-site")).Code, "the pattern's apex is not listed")
	})
}

// echoCSRFTrust is the Echo recipe: Echo's CSRF middleware asks
// AllowSecFetchSiteFunc about cross-site and same-site writes from browsers
// that send Sec-Fetch-Site; the policy answers. An origin it does not
// trust is refused when cross-site, and left to Echo's token check when
// same-site, as Echo does by default.
func echoCSRFTrust(src core.Source) func(c echo.Context) (bool, error) {
	return func(c echo.Context) (bool, error) {
		r := c.Request()
		switch {
		case src.Policy().TrustsOrigin(r):
			return true, nil
		case r.Header.Get("Sec-Fetch-Site") == "cross-site":
			return false, echo.NewHTTPError(http.StatusForbidden, "cross-site request blocked by CSRF")
		}
		return false, nil
	}
}

func TestRecipeEchoCSRF(t *testing.T) {
	p := recipePolicy()
	e := echo.New()
	e.Use(echoadapter.FromPolicy(p))
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		AllowSecFetchSiteFunc: echoCSRFTrust(p),
		CookieSameSite:        http.SameSiteNoneMode,
		CookieSecure:          true,
	}))
	e.POST("/transfer", echo.WrapHandler(transferred))

	w := record(e, browserPost("https://app.spa.example", "cross-site"))
	assert.Equal(t, http.StatusOK, w.Code, "trusted by the pattern")
	assert.Equal(t, "https://app.spa.example", w.Header().Get("Access-Control-Allow-Origin"), "and granted by CORS")
	assert.Equal(t, http.StatusForbidden, record(e, browserPost("https://evil.test", "cross-site")).Code, "unlisted, cross-site")
	assert.Equal(t, http.StatusBadRequest, record(e, browserPost("https://evil.example.com", "same-site")).Code, "unlisted, same-site: Echo's token is required")
	assert.Equal(t, http.StatusOK, record(e, browserPost("https://api.example.com", "same-origin")).Code, "same origin")

	// Without the recipe, Echo refuses the allowed SPA.
	plain := echo.New()
	plain.Use(echoadapter.FromPolicy(p), middleware.CSRF())
	plain.POST("/transfer", echo.WrapHandler(transferred))
	assert.Equal(t, http.StatusForbidden, record(plain, browserPost("https://app.spa.example", "cross-site")).Code)
}

// TestRecipeGinGroups: CORS on the engine, where it sees every preflight;
// the CSRF protection may sit on the group of routes that change things,
// as it never has to answer a preflight.
func TestRecipeGinGroups(t *testing.T) {
	p := recipePolicy()
	r := gin.New()
	r.Use(ginadapter.FromPolicy(p))
	r.GET("/feed", gin.WrapH(transferred))
	api := r.Group("/api", ginadapter.CrossOriginProtection(core.NewCrossOriginProtection(p)))
	api.POST("/transfer", gin.WrapH(transferred))

	post := func(origin string) *http.Request {
		req := browserPost(origin, "cross-site")
		req.URL.Path = "/api/transfer"
		return req
	}
	assert.Equal(t, http.StatusOK, record(r, post("https://app.spa.example")).Code)
	assert.Equal(t, http.StatusForbidden, record(r, post("https://evil.test")).Code)
	pre := httptest.NewRequest(http.MethodOptions, "/api/transfer", nil)
	pre.Header.Set("Origin", "https://app.spa.example")
	pre.Header.Set("Access-Control-Request-Method", http.MethodPost)
	pre.Header.Set("Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusNoContent, record(r, pre).Code, "the preflight is answered by the CORS middleware")
}

// TestRecipeWebSockets dials real servers: gorilla/websocket's Upgrader
// with CheckOrigin, and coder/websocket's Accept behind the same check.
func TestRecipeWebSockets(t *testing.T) {
	live := core.NewLive(recipePolicy())
	check := core.CheckWebSocketOrigin(live)
	for _, lib := range []struct {
		name    string
		handler http.HandlerFunc
	}{{"gorilla", gorillaEcho(check)}, {"coder", coderEcho(check)}} {
		t.Run(lib.name, func(t *testing.T) {
			srv := httptest.NewServer(lib.handler)
			defer srv.Close()
			wsURL := "ws" + strings.TrimPrefix(srv.URL, "http")
			dial := func(origin string) (string, int) {
				h := http.Header{}
				if origin != "" {
					h.Set("Origin", origin)
				}
				conn, res, err := websocket.DefaultDialer.Dial(wsURL, h)
				if err != nil {
					if res != nil {
						return "", res.StatusCode
					}
					t.Fatalf("dial: %v", err)
				}
				defer conn.Close()
				require.NoError(t, conn.WriteMessage(websocket.TextMessage, []byte("hi")))
				_, msg, err := conn.ReadMessage()
				require.NoError(t, err)
				return string(msg), res.StatusCode
			}
			msg, status := dial("https://app.spa.example")
			assert.Equal(t, "echo: hi", msg)
			assert.Equal(t, http.StatusSwitchingProtocols, status)
			_, status = dial("https://evil.test")
			assert.Equal(t, http.StatusForbidden, status, "cross-site WebSocket hijacking refused")
			msg, _ = dial("") // not a browser
			assert.Equal(t, "echo: hi", msg)

			require.NoError(t, live.Reload(core.Config{AllowedOrigins: []string{"https://evil.test"}, AllowCredentials: true}))
			defer func() { live.Store(recipePolicy()) }()
			msg, _ = dial("https://evil.test")
			assert.Equal(t, "echo: hi", msg, "a reload applies to the next handshake")
		})
	}

	// coder/websocket's own check, for comparison: OriginPatterns match
	// hosts with path.Match, so "*.spa.example" is the nearest it says,
	// and nothing of regexes or hooks; running our check first and
	// skipping its own is the recipe.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := coder.Accept(w, r, &coder.AcceptOptions{OriginPatterns: []string{"*.spa.example"}}); err == nil {
			_ = c.Close(coder.StatusNormalClosure, "")
		}
	}))
	defer srv.Close()
	_, res, err := coder.Dial(context.Background(), srv.URL, &coder.DialOptions{HTTPHeader: http.Header{"Origin": {"https://evil.test"}}})
	require.Error(t, err)
	require.NotNil(t, res)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
}
