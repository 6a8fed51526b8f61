// Command django serves the API whose django-cors-headers settings are
// migrated in docs/migrating.md.
package main

import (
	"log"
	"net/http"
	"time"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
)

// partners stands for the table the check_request_enabled handler queried.
var partners = map[string]bool{"https://partner.example.net": true}

// fromPartner is the check_request_enabled handler: it enables CORS for a
// partner's origin on any path.
func fromPartner(r *http.Request) bool {
	return partners[r.Header.Get("Origin")]
}

func corsConfig() core.Config {
	return core.Config{
		AllowedOrigins:       []string{"https://app.example.com", "http://localhost:3000"},
		AllowedOriginRegexes: []string{`^https://\w+\.preview\.example\.com$`},
		URLsRegex:            `^/api/.*$`,
		AllowHeaders:         append(core.DefaultHeaders(), "x-api-key"),
		ExposeHeaders:        []string{"X-Total-Count"},
		AllowCredentials:     true,
		PreflightMaxAge:      3600 * time.Second,
		CheckRequest:         []func(*http.Request) bool{fromPartner},
	}
}

func newHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/items", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Total-Count", "0")
		w.Write([]byte("[]\n"))
	})
	mux.HandleFunc("GET /export", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("id,name\n"))
	})
	return chiadapter.New(corsConfig())(mux)
}

func main() {
	log.Fatal(http.ListenAndServe("127.0.0.1:8000", newHandler()))
}
