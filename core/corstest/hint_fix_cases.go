package corstest

import (
	"net/http"

	"github.com/corsheaders/corsheaders/core"
)

// hintFixCases pin what the fixes Explain gives do once applied: the
// URLsRegex it writes for a path outside CORS ("^/api/" or'ed with the
// path, trailing slash or not) enables that path, every way a router reads
// it, and no other.
func hintFixCases() []Case {
	widened := core.Config{AllowedOrigins: []string{origin}, URLsRegex: `^/api/|^/health/?$`}
	at := func(r Request, p string) Request { r.Path = p; return r }
	return []Case{
		{Name: "hint fix/widened URLsRegex: the path it adds", Config: widened, Request: at(get(origin), "/health"), Kind: core.Actual, Header: granted(origin)},
		{Name: "hint fix/widened URLsRegex: the path with a trailing slash", Config: widened, Request: at(get(origin), "/health/"), Kind: core.Actual, Header: granted(origin)},
		{Name: "hint fix/widened URLsRegex: a preflight on the path it adds", Config: widened, Request: at(preflight(origin, http.MethodPut, ""), "/health"),
			Kind: core.PreflightAccepted, Header: grantedPreflight(origin)},
		{Name: "hint fix/widened URLsRegex: the paths it had", Config: widened, Request: at(get(origin), "/api/items"), Kind: core.Actual, Header: granted(origin)},
		{Name: "hint fix/widened URLsRegex: no longer path", Config: widened, Request: at(get(origin), "/healthz"), Kind: core.NotCORS, Header: want{}},
		{Name: "hint fix/widened URLsRegex: no path below", Config: widened, Request: at(get(origin), "/health/x"), Kind: core.NotCORS, Header: want{}},
	}
}
