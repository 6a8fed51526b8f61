package core

import (
	"net/http"
	"strings"
)

// DropUpstreamCORS removes every Access-Control-* header from res, an
// upstream's response that a gateway is about to pass on. Use it as
// [net/http/httputil.ReverseProxy]'s ModifyResponse (or Echo's
// ProxyConfig's, which has the same type), or call it from yours, when the
// gateway runs the CORS middleware in front of the proxy: the gateway's
// decision is then the only one in the answer. Otherwise the upstream's headers are added to the
// gateway's, and a response carrying two Access-Control-Allow-Origin values
// (even two equal ones) fails the browser's CORS check.
//
// It leaves Vary alone: an upstream's "Vary: Origin" only costs caches some
// hits, while removing it could let a cache serve one origin's response to
// another if the upstream's body depends on Origin. The CORS middleware adds
// the Vary values its own decision needs.
//
// An upstream's 1xx answer (103 Early Hints) makes ReverseProxy clear every
// header of its ResponseWriter, the gateway's CORS headers included, so the
// final answer has none: see docs/proxies.md.
//
// It always returns nil.
func DropUpstreamCORS(res *http.Response) error {
	for name := range res.Header {
		if hasPrefixFold(name, "Access-Control-") {
			delete(res.Header, name)
		}
	}
	return nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
