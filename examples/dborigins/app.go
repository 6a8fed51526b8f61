package main

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/sqlorigins"
)

// base is the policy without the table's origins: CORS on /api/ only,
// cookies included. The admin endpoint is outside it, so no other origin's
// script can read its answers.
var base = core.Config{
	URLsRegex:        `/api/`,
	AllowCredentials: true,
	ExposeHeaders:    []string{"X-Request-Id"},
}

type app struct {
	db      *sql.DB
	origins *sqlorigins.Reloader
	token   string
}

// newApp reads the table once; a database that cannot be read leaves the
// API serving base alone (no origin allowed) until it can.
func newApp(ctx context.Context, db *sql.DB, token string, interval time.Duration, logger *slog.Logger) (*app, error) {
	origins, err := sqlorigins.New(sqlorigins.Config{DB: db, Base: base, Interval: interval, Logger: logger})
	if err != nil {
		return nil, err
	}
	if err := origins.Refresh(ctx); err != nil {
		logger.Error("dborigins: the allowed origins could not be read; none is allowed until they can", "error", err)
	}
	return &app{db: db, origins: origins, token: token}, nil
}

func (a *app) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/items", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "42")
		writeJSON(w, http.StatusOK, []string{"apple", "pear"})
	})
	mux.Handle("/admin/origins", a.admin(http.HandlerFunc(a.adminOrigins)))
	return chiadapter.FromPolicy(a.origins)(mux)
}

// admin lets through requests from loopback that carry the token.
func (a *app) admin(next http.Handler) http.Handler {
	want := []byte("Bearer " + a.token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		if ip, err := netip.ParseAddr(host); err != nil || !ip.Unmap().IsLoopback() {
			http.Error(w, "the admin endpoint answers on loopback only", http.StatusForbidden)
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="dborigins"`)
			http.Error(w, "missing or wrong token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// adminOrigins lists (GET), adds (POST origin=…) and removes
// (DELETE ?origin=…) allowed origins, then puts the change in force.
func (a *app) adminOrigins(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	switch r.Method {
	case http.MethodGet:
		list, err := a.list(ctx)
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		st := a.origins.Status()
		skipped := []string{}
		for _, s := range st.Skipped {
			skipped = append(skipped, s.Error())
		}
		writeJSON(w, http.StatusOK, map[string]any{"origins": list, "in_force": st.Origins, "skipped": skipped})
		return
	case http.MethodPost:
		origin := r.FormValue("origin")
		// The same rules as every row: refused here, not skipped later.
		if _, err := core.NewPolicy(core.Config{AllowedOrigins: []string{origin}, AllowCredentials: base.AllowCredentials}); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if _, err := a.db.ExecContext(ctx, `INSERT OR IGNORE INTO cors_origins (origin) VALUES (?)`, origin); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
	case http.MethodDelete:
		origin := r.URL.Query().Get("origin")
		res, err := a.db.ExecContext(ctx, `DELETE FROM cors_origins WHERE origin = ?`, origin)
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		if n, _ := res.RowsAffected(); n == 0 {
			http.Error(w, "no such origin", http.StatusNotFound)
			return
		}
	default:
		w.Header().Set("Allow", "GET, POST, DELETE")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := a.origins.Refresh(ctx); err != nil {
		http.Error(w, "saved, but not yet in force: "+err.Error(), http.StatusAccepted)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *app) list(ctx context.Context) ([]string, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT origin FROM cors_origins ORDER BY origin`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []string{}
	for rows.Next() {
		var o sql.NullString
		if err := rows.Scan(&o); err != nil {
			return nil, err
		}
		list = append(list, o.String)
	}
	return list, errors.Join(rows.Err())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
