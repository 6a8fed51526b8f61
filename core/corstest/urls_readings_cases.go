package corstest

import (
	"net/http"
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// urlsReadingsCases: URLsRegex must match the path as the client escaped
// it too, not only the decoded path. chi, Echo and Fiber route on the
// escaped path: "/%61pi/users", which net/http decodes to "/api/users", is
// served there by whatever route "/%61pi/users" reaches, outside the
// enabled area, and "/api%2Fusers" by a route for one segment
// ("/{page}"). A path escaped within the area keeps CORS.
func urlsReadingsCases() []Case {
	api := core.Config{AllowedOrigins: []string{origin}, AllowCredentials: true, URLsRegex: `^/api/`}
	at := func(r Request, p string) Request { r.Path = p; return r }
	closed := func(name, p string, r Request) Case {
		return Case{Name: "urls readings/" + name, Config: api, Request: at(r, p), Kind: core.NotCORS, Header: want{}}
	}
	open := func(name, p string) Case {
		return Case{Name: "urls readings/" + name, Config: api, Request: at(get(origin), p), Kind: core.Actual, Header: with(granted(origin), acac, "true")}
	}
	return []Case{
		closed("an escaped letter of the area's name: CORS off", "/%61pi/users", get(origin)),
		closed("an escaped letter of the area's name: the preflight reaches the router", "/%61pi/users", preflight(origin, http.MethodPut, "")),
		closed("an escaped slash after the area's name: CORS off", "/api%2Fusers", get(origin)),
		closed("escaped slashes and dots out of the area: CORS off", "/api%2F..%2Fadmin", get(origin)),
		closed("an escaped letter in another case: CORS off", "/%41PI/users", get(origin)),
		closed("the area's root with its trailing slash, which a router may serve without it: CORS off", "/api/", get(origin)),
		closed("a path longer than core.MaxPathLength within the area: CORS off", "/api/"+strings.Repeat("a", core.MaxPathLength), get(origin)),
		open("a path of core.MaxPathLength bytes within the area: CORS on", "/api/"+strings.Repeat("a", core.MaxPathLength-len("/api/"))),
		open("an escaped slash within the area: CORS on", "/api/a%2Fb"),
		open("an escaped tilde within the area: CORS on", "/api/%7Euser"),
		open("an escaped non-ASCII name within the area: CORS on", "/api/caf%C3%A9"),
	}
}
