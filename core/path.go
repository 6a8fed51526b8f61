package core

import (
	"path"
	"strings"
)

// Paths and routers. URLsRegex must be matched against the path the
// router serves, but routers read an ambiguous path differently: Gin with
// RemoveExtraSlash and http.ServeMux clean it ("/public/../private/data" is
// served as "/private/data"), chi and Echo route it as it is. The policy
// cannot know which router is behind it, so for an ambiguous path it
// enables CORS only when every reading is enabled: it fails closed
// whichever way the router reads the path.

// cleanPath returns the path a router that cleans paths serves for p: dot
// segments resolved, repeated slashes collapsed, a trailing slash kept, as
// path.Clean does and as Gin's and net/http's routers do. changed is false,
// and nothing is allocated, when p is already clean: the common case, told
// by two substring searches. Percent-encoded slashes and dots are already
// decoded in the path the policy reads (url.URL.Path), so
// "/public/..%2Fprivate" is "/public/../private" here.
func cleanPath(p string) (clean string, changed bool) {
	if p == "" || p[0] != '/' {
		if p == "" || p == "*" {
			return p, false
		}
		p = "/" + p
		changed = true
	}
	if !changed && !strings.Contains(p, "//") && !strings.Contains(p, "/.") {
		return p, false
	}
	clean = path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		if clean == p[:len(p)-1] {
			// "/.well-known/": clean already, and kept without a copy.
			return p, changed
		}
		clean += "/"
	}
	return clean, changed || clean != p
}

// pathEnabled reports whether URLsRegex enables CORS for p under every
// reading of it: as sent, and cleaned.
func (p *Policy) pathEnabled(urlPath string) bool {
	if p.urls == nil {
		return true
	}
	if !p.urls.MatchString(urlPath) {
		return false
	}
	if clean, changed := cleanPath(urlPath); changed {
		return p.urls.MatchString(clean)
	}
	return true
}
