// A net/http program, with or without chi, that the fragments marked
// <!-- go: chi --> complete.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/gorilla/csrf"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corsconf"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
)

var (
	r        = chi.NewRouter()
	mux      = http.NewServeMux()
	cfg      core.Config
	adminCfg core.Config
	newCfg   core.Config
	base     core.Config
	policy   = core.MustPolicy(core.Config{AllowedOrigins: []string{"https://app.example.com"}})
	live     = core.NewLive(policy)
	cop      = core.NewCrossOriginProtection(policy)

	ctx        = context.Background()
	db         *sql.DB
	dsn        = "postgres://localhost/app"
	key        = make([]byte, 32) // gorilla/csrf's authentication key
	serviceURL *url.URL           // the service behind a gateway
)

func listItems(w http.ResponseWriter, r *http.Request) {}
func putItem(w http.ResponseWriter, r *http.Request)   {}
func putTodo(w http.ResponseWriter, r *http.Request)   {}
func listUsers(w http.ResponseWriter, r *http.Request) {}

// auth and rateLimit are middleware that may answer a request themselves.
func auth(next http.Handler) http.Handler      { return next }
func rateLimit(next http.Handler) http.Handler { return next }

// Imports the fragments may use without writing them.
var (
	_ = errors.As
	_ = fmt.Println
	_ = log.Fatal
	_ = slog.Default
	_ = httptest.NewRequest
	_ = httputil.NewSingleHostReverseProxy
	_ = time.Second
	_ = middleware.Logger
	_ = csrf.Protect
	_ = chiadapter.New
	_ = corsconf.FromEnv
	_ = sqlorigins.New
)
