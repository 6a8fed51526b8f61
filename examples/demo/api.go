package main

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-chi/chi/v5"

	"github.com/corsheaders/corsheaders/chiadapter"
	"github.com/corsheaders/corsheaders/core"
	"github.com/corsheaders/corsheaders/core/corsconf"
)

// sessionCookie is the name of the cookie /api/login sets.
const sessionCookie = "session"

// newAPI builds the API the page calls. The order of the middleware matters:
// the log sees every request, CORS comes before anything that can answer
// one, and the routes come last.
func newAPI(policy *core.Policy, log *log.Logger) http.Handler {
	a := &api{items: map[string]item{"1": {ID: "1", Name: "first item"}, "2": {ID: "2", Name: "second item"}}}
	r := chi.NewRouter()
	r.Use(logDecision(policy, log))
	r.Use(chiadapter.FromPolicy(policy))
	r.Use(a.requestID)

	r.Route("/api", func(r chi.Router) {
		r.Get("/hello", a.hello)
		r.Post("/login", a.login)
		r.Post("/logout", a.logout)
		r.Get("/me", a.me)
		r.Route("/items", func(r chi.Router) {
			r.Get("/", a.listItems)
			r.Put("/{id}", a.putItem)
			r.Delete("/{id}", a.deleteItem)
		})
	})
	// Outside CORS_URLS_REGEX (^/api/ by default): no CORS headers here.
	r.Get("/health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
	})
	return r
}

// logDecision logs, for every request, the decision the policy makes about
// it, in one line; a refusal names what was refused and the fix, as the
// page does:
//
//	api OPTIONS /api/items/2 from http://localhost:8001 asking PUT content-type,x-not-allowed: preflight rejected: "x-not-allowed" is not in CORS_ALLOW_HEADERS; fix: add "x-not-allowed" to CORS_ALLOW_HEADERS
//
// The CORS middleware after it asks the same policy and gets the same
// answer.
func logDecision(policy *core.Policy, log *log.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			e := policy.Explain(r)
			from := "without Origin"
			if o := r.Header.Values("Origin"); len(o) > 0 {
				from = "from " + strings.Join(o, ", ")
			}
			if e.Kind == core.PreflightAccepted || e.Kind == core.PreflightRejected {
				from += " asking " + strings.TrimSpace(r.Header.Get("Access-Control-Request-Method")+" "+r.Header.Get("Access-Control-Request-Headers"))
			}
			log.Printf("api %s %s %s: %s: %s", r.Method, r.URL.Path, from, e.Kind, why(e))
			next.ServeHTTP(w, r)
		})
	}
}

// why says what the policy decided about r and, for a refusal, which
// check failed and how to change the configuration, in the words of the
// CORS_* variables.
func why(e core.Explanation) string {
	allowed := e.Header.Get("Access-Control-Allow-Origin") != ""
	if e.Kind != core.PreflightRejected && (allowed || e.Reason != core.ReasonOriginNotAllowed) {
		return corsconf.SettingNames(e.Reason.String())
	}
	out := e.Reason.String()
	for _, s := range e.Steps {
		if !s.OK {
			out = s.Detail
			break
		}
	}
	if e.Hint != "" {
		out += "; fix: " + e.Hint
	}
	return corsconf.SettingNames(out)
}

type item struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type api struct {
	lastID   atomic.Int64
	mu       sync.Mutex
	items    map[string]item
	sessions map[string]bool
}

// requestID gives every answer an X-Request-Id, which CORS_EXPOSE_HEADERS
// lets the page read, and keeps the browser's HTTP cache out of the way.
func (a *api) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-"+strconv.FormatInt(a.lastID.Add(1), 10))
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

func (a *api) hello(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"message": "hello from the API at " + r.Host})
}

// login sets the session cookie. The page (http://localhost:8001) and the
// API (http://127.0.0.1:8000) are different sites, so the cookie must be
// SameSite=None, which browsers take only with Secure; Chromium accepts
// Secure over plain http from localhost and 127.0.0.1, which it treats as
// potentially trustworthy. Partitioned (CHIPS) keeps the cookie under the
// page's site, so browsers that block third-party cookies, as headless
// Chromium does, still send it back with calls made from that site.
func (a *api) login(w http.ResponseWriter, _ *http.Request) {
	token := rand.Text()
	a.mu.Lock()
	if a.sessions == nil {
		a.sessions = map[string]bool{}
	}
	a.sessions[token] = true
	a.mu.Unlock()
	http.SetCookie(w, sessionCookieFor(token, 3600))
	writeJSON(w, http.StatusOK, map[string]any{"loggedIn": true, "cookie": "session=…; Path=/api; Max-Age=3600; HttpOnly; Secure; SameSite=None; Partitioned"})
}

func (a *api) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		a.mu.Lock()
		delete(a.sessions, c.Value)
		a.mu.Unlock()
	}
	http.SetCookie(w, sessionCookieFor("", -1))
	writeJSON(w, http.StatusOK, map[string]any{"loggedIn": false})
}

func sessionCookieFor(token string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/api", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteNoneMode, Secure: true, Partitioned: true,
	}
}

// me says whether the request carried the session cookie: only a call made
// with credentials: "include" does.
func (a *api) me(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(sessionCookie)
	received := err == nil
	a.mu.Lock()
	known := received && a.sessions[c.Value]
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"cookieReceived": received, "loggedIn": known})
}

func (a *api) listItems(w http.ResponseWriter, _ *http.Request) {
	a.mu.Lock()
	list := make([]item, 0, len(a.items))
	for _, it := range a.items {
		list = append(list, it)
	}
	a.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	// Sent, but not in CORS_EXPOSE_HEADERS: the page cannot read it.
	w.Header().Set("X-Total-Count", strconv.Itoa(len(list)))
	writeJSON(w, http.StatusOK, list)
}

// putItem needs the X-Demo-Token header, which makes the browser send a
// preflight first: it is not a CORS-safelisted header.
func (a *api) putItem(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Demo-Token") == "" {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "send an X-Demo-Token header"})
		return
	}
	var in item
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil || in.Name == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": `send {"name": "..."}`})
		return
	}
	in.ID = chi.URLParam(r, "id")
	a.mu.Lock()
	a.items[in.ID] = in
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, in)
}

// deleteItem works for curl, but not from the page: DELETE is not in the
// demo's CORS_ALLOW_METHODS, so the browser's preflight is refused and the
// DELETE is never sent.
func (a *api) deleteItem(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	a.mu.Lock()
	_, ok := a.items[id]
	delete(a.items, id)
	a.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"error": fmt.Sprintf("no item %q", id)})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
