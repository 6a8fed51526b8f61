package corstest

import (
	"net/http"

	"github.com/corsheaders/corsheaders/core"
)

// Origins of the routing cases and of [AssertNoProtectedGrant]: every site
// under example.com, such as BlogOrigin, is trusted with credentials
// outside the areas of [RoutedAreas]; AdminOrigin has the admin area.
const (
	BlogOrigin  = blogOrigin
	AdminOrigin = adminOrigin
	blogOrigin  = "https://blog.example.com"
	siteWide    = "https://*.example.com"
)

// RoutedAreas is a Config whose rules a router that folds case, ignores or
// adds a trailing slash, or cleans the path could be led around: an admin
// area for AdminOrigin ("/admin"), a closed internal area ("/internal"), a
// closed report ("^/reports$"), a mixed-case billing area ("/Billing") and
// an export area for AdminOrigin ("^/exports/"), over a base that trusts
// every site under example.com with credentials. The routing cases run
// against it, and so does [AssertNoProtectedGrant].
func RoutedAreas() core.Config {
	return core.Config{
		AllowedOrigins:   []string{siteWide},
		AllowCredentials: true,
		Paths: []core.PathRule{
			{Prefix: "/admin", Config: core.Config{AllowedOrigins: []string{adminOrigin}, AllowCredentials: true}},
			{Prefix: "/internal", Config: core.Config{}},
			{Regex: `^/reports$`, Config: core.Config{}},
			{Prefix: "/Billing", Config: core.Config{AllowedOrigins: []string{adminOrigin}, AllowCredentials: true}},
			{Regex: `^/exports/`, Config: core.Config{AllowedOrigins: []string{adminOrigin}, AllowCredentials: true}},
		},
	}
}

// routingCases: a path another case of which, or whose form with or
// without a trailing slash, falls under another rule of Paths is not a
// CORS path, whatever the router (Fiber routes "/ADMIN/users" to
// "/admin/users" and "/reports/" to "/reports" by default; chi's
// StripSlashes and Echo's RemoveTrailingSlash do the latter where the
// middleware cannot see it); paths read the same by every router keep
// their rule, mixed-case rules included.
func routingCases() []Case {
	cfg := RoutedAreas()
	at := func(r Request, p string) Request { r.Path = p; return r }
	credentialed := func(o string) want { return want{"Vary": varyOrigin, acao: o, acac: "true"} }
	closed := func(name, p string, r Request) Case {
		return Case{Name: "routing/" + name, Config: cfg, Request: at(r, p), Kind: core.NotCORS, Header: want{}}
	}
	return []Case{
		closed("another case of the admin area: no grant", "/ADMIN/users", get(blogOrigin)),
		closed("one letter in another case: no grant", "/admiN/users", get(blogOrigin)),
		closed("the admin area's subtree root in another case", "/Admin", get(blogOrigin)),
		closed("another case of the admin area: not even for the admin origin", "/ADMIN/users", get(adminOrigin)),
		closed("another case of the admin area: the preflight goes to the application", "/ADMIN/users", preflight(blogOrigin, http.MethodDelete, "")),
		closed("another case of a closed area stays closed", "/INTERNAL/secrets", get(blogOrigin)),
		closed("another case of a closed regex stays closed", "/REPORTS", get(blogOrigin)),
		closed("another case of a mixed-case rule: no grant", "/billing/invoices", get(blogOrigin)),
		closed("escaped letters in another case: no grant", "/%41DMIN/users", get(blogOrigin)),
		closed("a closed regex's path with a trailing slash stays closed", "/reports/", get(blogOrigin)),
		closed("a closed regex's path with a trailing slash, in another case", "/Reports/", get(blogOrigin)),
		closed("an escaped trailing slash", "/reports%2F", get(blogOrigin)),
		closed("a rule's path with a trailing slash, without it: no grant", "/exports", get(blogOrigin)),
		closed("a rule's path with a trailing slash, without it: not even for its origin", "/exports", get(adminOrigin)),
		closed("a rule's path with a trailing slash, which a router may serve without it: closed", "/exports/", get(adminOrigin)),
		{Name: "routing/the admin area as written: the admin origin", Config: cfg, Request: at(get(adminOrigin), "/admin/users"),
			Kind: core.Actual, Header: credentialed(adminOrigin)},
		{Name: "routing/the admin area with a trailing slash: its own rule", Config: cfg, Request: at(get(blogOrigin), "/admin/"),
			Kind: core.Actual, Header: refused()},
		{Name: "routing/a mixed-case rule decides its paths as written", Config: cfg, Request: at(get(adminOrigin), "/Billing/invoices"),
			Kind: core.Actual, Header: credentialed(adminOrigin)},
		{Name: "routing/a mixed-case path no rule matches in any case: the base", Config: cfg, Request: at(get(blogOrigin), "/blog/Posts/Hello"),
			Kind: core.Actual, Header: credentialed(blogOrigin)},
		{Name: "routing/a longer name in another case is not the area", Config: cfg, Request: at(get(blogOrigin), "/ADMINS"),
			Kind: core.Actual, Header: credentialed(blogOrigin)},
		{Name: "routing/below a rule's path with a trailing slash: the rule", Config: cfg, Request: at(get(adminOrigin), "/exports/2026.csv"),
			Kind: core.Actual, Header: credentialed(adminOrigin)},
		{Name: "routing/below a closed regex's path: the base", Config: cfg, Request: at(get(blogOrigin), "/reports/2026/"),
			Kind: core.Actual, Header: credentialed(blogOrigin)},
	}
}
