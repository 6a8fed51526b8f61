package corstest

import (
	"net/http"

	"github.com/corsheaders/corsheaders/core"
)

// Origins of the per-path cases.
const (
	spaOrigin   = "https://app.example.com"
	adminOrigin = "https://admin.example.com"
)

// areas is a Config with three areas: a public feed open to every origin
// (GET only), an admin area for one origin and a credentialed API for the
// SPA; other paths are not CORS paths.
func areas() core.Config {
	return core.Config{Paths: []core.PathRule{
		{Prefix: "/feed", Config: core.Config{AllowAllOrigins: true, AllowMethods: []string{http.MethodGet}}},
		{Prefix: "/api/admin", Config: core.Config{AllowedOrigins: []string{adminOrigin}, AllowCredentials: true, PreflightStatus: http.StatusOK}},
		{Regex: `/api/`, Config: core.Config{AllowedOrigins: []string{spaOrigin}, AllowCredentials: true, ExposeHeaders: []string{"X-Total-Count"}}},
	}}
}

func pathCases() []Case {
	cfg := areas()
	closed := areas()
	closed.Paths = append([]core.PathRule{{Prefix: "/api/internal"}}, closed.Paths...)
	at := func(r Request, p string) Request { r.Path = p; return r }
	credentialed := func(o string) want { return want{"Vary": varyOrigin, acao: o, acac: "true"} }
	return []Case{
		{Name: "paths/public feed: any origin, no credentials", Config: cfg, Request: at(get("https://anyone.example.net"), "/feed/today.json"),
			Kind: core.Actual, Header: granted("*")},
		{Name: "paths/public feed: the SPA too", Config: cfg, Request: at(get(spaOrigin), "/feed"), Kind: core.Actual, Header: granted("*")},
		{Name: "paths/public feed: a PUT preflight is refused (GET only)", Config: cfg, Request: at(preflight(spaOrigin, http.MethodPut, ""), "/feed/x"),
			Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "paths/public feed: a prefix is a subtree, not text", Config: cfg, Request: at(get(spaOrigin), "/feeds"), Kind: core.NotCORS, Header: want{}},
		{Name: "paths/API: the SPA with credentials and its exposed headers", Config: cfg, Request: at(get(spaOrigin), "/api/users"),
			Kind: core.Actual, Header: with(credentialed(spaOrigin), aceh, "X-Total-Count")},
		{Name: "paths/API: another origin refused", Config: cfg, Request: at(get(adminOrigin), "/api/users"), Kind: core.Actual, Header: refused()},
		{Name: "paths/API: preflight granted with credentials", Config: cfg, Request: at(preflight(spaOrigin, http.MethodDelete, "content-type"), "/api/users/7"),
			Kind: core.PreflightAccepted, Header: with(grantedPreflight(spaOrigin), acac, "true")},
		{Name: "paths/admin: the admin origin", Config: cfg, Request: at(get(adminOrigin), "/api/admin/users"),
			Kind: core.Actual, Header: credentialed(adminOrigin)},
		{Name: "paths/admin: the SPA refused, the earlier rule decides", Config: cfg, Request: at(get(spaOrigin), "/api/admin/users"),
			Kind: core.Actual, Header: refused()},
		{Name: "paths/admin: the SPA's preflight refused", Config: cfg, Request: at(preflight(spaOrigin, http.MethodPost, "content-type"), "/api/admin/users"),
			Kind: core.PreflightRejected, Header: refusedPreflight()},
		{Name: "paths/admin: preflight answered with the rule's own status", Config: cfg, Request: at(preflight(adminOrigin, http.MethodPost, ""), "/api/admin"),
			Kind: core.PreflightAccepted, Status: http.StatusOK, Header: with(grantedPreflight(adminOrigin), acac, "true")},
		{Name: "paths/no rule and no origin outside the rules: not CORS", Config: cfg, Request: at(get(spaOrigin), "/about"),
			Kind: core.NotCORS, Header: want{}},
		{Name: "paths/no rule and no origin outside the rules: a preflight goes to the application", Config: cfg,
			Request: at(preflight(spaOrigin, http.MethodPut, ""), "/about"), Kind: core.NotCORS, Header: want{}},
		{Name: "paths/a rule that allows no origin closes its paths", Config: closed, Request: at(get(spaOrigin), "/api/internal/x"),
			Kind: core.NotCORS, Header: want{}},
		{Name: "paths/a rule that allows no origin: its preflights go to the application", Config: closed,
			Request: at(preflight(spaOrigin, http.MethodPut, ""), "/api/internal"), Kind: core.NotCORS, Header: want{}},
		{Name: "paths/a closed rule leaves the next rule its paths", Config: closed, Request: at(get(spaOrigin), "/api/internals"),
			Kind: core.Actual, Header: with(credentialed(spaOrigin), aceh, "X-Total-Count")},
		{Name: "paths/no rule: the fallback's own origins", Config: func() core.Config { c := areas(); c.AllowedOrigins = []string{origin}; return c }(),
			Request: at(get(origin), "/about"), Kind: core.Actual, Header: granted(origin)},
		{Name: "paths/no origin: Vary only", Config: cfg, Request: at(get(""), "/api/users"), Kind: core.NotCORS, Header: refused()},
		// Paths with empty, "." or ".." segments are pinned by core's tests:
		// net/http's ServeMux redirects them, so the status depends on the
		// router.
	}
}
