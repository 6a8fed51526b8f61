package core

import (
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/corsheaders/corsheaders/core/internal/pathrule"
)

// Config is the CORS configuration. Its fields carry the names and the
// meaning of django-cors-headers' settings (shown in each comment). A Config
// must name what it allows: one that allows no origin at all, such as the
// zero value, is refused by NewPolicy.
//
// A Config is compiled into a [Policy] by [NewPolicy], which reports every
// problem at once. The Config is not retained: changing it afterwards has no
// effect on the Policy.
type Config struct {
	// AllowedOrigins lists the origins allowed to make cross-origin requests
	// (CORS_ALLOWED_ORIGINS). Each entry is a serialized origin,
	// scheme://host[:port], with no path, query, fragment or trailing slash.
	// Scheme and host are compared case-insensitively and a default port
	// (80 for http, 443 for https) may be given or left out.
	//
	// Two patterns are understood: "https://*.example.com" allows every
	// subdomain of example.com at any depth, never example.com itself, and
	// "http://localhost:*" allows every port, including none. They combine:
	// "https://*.example.com:*".
	//
	// A host may be an internationalized domain name, in Unicode or in the
	// punycode browsers send ("https://bücher.example" allows
	// "https://xn--bcher-kva.example"), an IPv4 address, or an IPv6 address
	// in brackets ("http://[::1]:8000"). Any scheme but ws and wss (a
	// WebSocket handshake carries the page's origin) may be listed, e.g.
	// "tauri://localhost" or an extension's "chrome-extension://<its ID>".
	//
	// The values "null" (sandboxed iframes, data: URLs, documents reached by
	// a cross-origin redirect) and "file://" are allowed only when listed;
	// no pattern or regex ever matches them.
	AllowedOrigins []string

	// AllowedOriginRegexes lists RE2 regular expressions matched against the
	// request's origin (CORS_ALLOWED_ORIGIN_REGEXES). Unlike
	// django-cors-headers, a regex must match the whole origin: each one is
	// anchored at both ends, so `https://.*\.example\.com` is never satisfied
	// by "https://a.example.com.evil.net". The origin is matched in its
	// normal form: lower case, without a default port. An unescaped "."
	// between host labels, which matches any character, is refused, with
	// the regex escaped as the fix. With AllowCredentials, every origin a
	// regex matches must end with a registrable domain it writes out, dots
	// escaped, after a literal `\.` or "://" (an optional port may follow):
	// `https://([a-z0-9-]+\.)?example\.com(:\d+)?` is accepted,
	// `https://.*example\.com` and `https://example\.com.*` are not. Under
	// a domain with a public suffix below it (amazonaws.com, below which
	// lies s3.us-east-2.amazonaws.com) the part the regex leaves open could
	// spell that suffix, so the whole host must be written out
	// (`https://mybucket\.s3\.us-east-2\.amazonaws\.com`), unless that
	// part is one label that spells no rule one label down; so must an IP
	// address, which has no registrable domain.
	AllowedOriginRegexes []string

	// AllowAllOrigins allows every origin, "null" included
	// (CORS_ALLOW_ALL_ORIGINS). Without credentials the response says
	// "Access-Control-Allow-Origin: *". With AllowCredentials it is refused
	// unless UnsafeAllowAllOriginsWithCredentials is also set; with
	// AllowedOrigins or AllowedOriginRegexes, which it would make pointless,
	// it is refused.
	AllowAllOrigins bool

	// URLsRegex limits CORS to the request paths it matches (CORS_URLS_REGEX),
	// as Python's re.match does: the regex must match at the start of the
	// path, not necessarily to its end, so "/api/" covers "/api/users". The
	// path is the request URL's path as the middleware sees it; it must
	// also match the path cleaned, the path as the client escaped it
	// (url.URL.RawPath, which chi, Echo and Fiber route on), and each read
	// case-insensitively (each letter it names standing for both cases), as
	// routers may read it. A path longer than [MaxPathLength] is not
	// enabled. "" means every path.
	URLsRegex string

	// AllowMethods lists the methods a preflight may ask for
	// (CORS_ALLOW_METHODS); nil means DefaultMethods. Methods are
	// case-sensitive, as in the browser's check. GET, HEAD and POST are
	// always granted, as browsers do not need permission for them, so an
	// empty, non-nil list allows only those. The entry "*" allows any method;
	// the response then names the method asked for, which browsers accept
	// with or without credentials.
	AllowMethods []string

	// AllowHeaders lists the request headers a preflight may ask for
	// (CORS_ALLOW_HEADERS); nil means DefaultHeaders, and an empty, non-nil
	// list allows none. Names are case-insensitive. The entry "*" allows any header except Authorization,
	// which must be listed by name, as in the Fetch standard (without it,
	// [Policy.Notes] says so); the response
	// then repeats the names asked for, which browsers accept with or without
	// credentials.
	AllowHeaders []string

	// ExposeHeaders lists the response headers that scripts of an allowed
	// origin may read (CORS_EXPOSE_HEADERS), beyond those always readable
	// (Cache-Control, Content-Language, Content-Length, Content-Type,
	// Expires, Last-Modified, Pragma). "*" exposes every header, and is
	// refused with AllowCredentials, where browsers read it as a header name.
	ExposeHeaders []string

	// PreflightMaxAge is how long browsers may cache a preflight's answer
	// (CORS_PREFLIGHT_MAX_AGE). Zero means 24 hours; NoPreflightMaxAge sends
	// no Access-Control-Max-Age header, leaving browsers' default of 5
	// seconds. It must be a whole number of seconds, at most a week.
	// Browsers cap it: Chromium at 2 hours, Firefox at 24.
	PreflightMaxAge time.Duration

	// AllowCredentials lets browsers send cookies and HTTP authentication
	// with cross-origin requests and let scripts read the answers
	// (CORS_ALLOW_CREDENTIALS). With it, NewPolicy refuses entries that
	// would let a stranger act with a user's cookies: subdomain patterns
	// and regexes reaching a public suffix or a hosting service's domain,
	// regexes whose hosts do not end with a domain they write out, and
	// http:// origins other than this machine's (see
	// UnsafeAllowInsecureOriginsWithCredentials).
	AllowCredentials bool

	// AllowPrivateNetwork answers a preflight carrying
	// "Access-Control-Request-Private-Network: true" with
	// "Access-Control-Allow-Private-Network: true" (CORS_ALLOW_PRIVATE_NETWORK),
	// as the Private Network Access draft asked. Chrome sent those
	// preflights only in warning mode and has put them on hold: since
	// Chrome 142 a page reaching this machine or the local network needs
	// the user's permission instead (Local Network Access; WebSockets too
	// from Chrome 147), which no response header grants, so
	// Access-Control-Allow-Private-Network gates nothing in Chrome today.
	// The option stays for other clients that still send the request
	// header, and is harmless. A server on a developer's machine is
	// protected by checking the Host and Origin of each request, not by
	// this header (docs/local-servers.md).
	AllowPrivateNetwork bool

	// CheckRequest hooks can enable CORS for a request that the rest of the
	// Config does not allow, like django-cors-headers' check_request_enabled
	// signal: when a hook returns true, CORS is enabled for the request
	// whatever its path, and its origin is allowed. Hooks run only when the
	// Config alone would not grant the request, in order, until one returns
	// true, and each at most once per request. They are never called for a
	// request without an Origin header. They must be safe for concurrent use.
	CheckRequest []func(*http.Request) bool

	// PreflightStatus is the status of a successful preflight's response,
	// between 200 and 299; zero means 204 No Content. A refused preflight is
	// answered 403 Forbidden.
	PreflightStatus int

	// DebugLogger, when set, receives one line, at level Info, for every
	// CORS request that is refused or only partly granted: the origin, what
	// failed, naming the value at fault ("failed"), and, when there is one,
	// the change that grants the request ("fix") — the method or header to
	// allow, or the origin to add, naming the configured entry it almost
	// matched (another scheme, port or loopback name, "www." more or less,
	// a trailing dot, the apex of a subdomain pattern). Requests without
	// Origin and paths outside URLsRegex are not logged (Policy.Explain
	// says what URLsRegex would need). When the policy is built, it
	// receives one line per [Policy.Notes] entry. It also receives one line for
	// every write a [CrossOriginProtection] refuses, saying why the origin
	// is not trusted ("why"). Meant for development and troubleshooting: an
	// attacker's probes are logged too, with the request's values escaped
	// where they hold control or bidi characters or invalid UTF-8 (\x1b,
	// \u202e), so that a log read on a terminal cannot act on it. Nil, the
	// default, logs nothing and costs one comparison per request. It never
	// changes a response.
	DebugLogger *slog.Logger

	// UnsafeAllowAllOriginsWithCredentials permits AllowAllOrigins together
	// with AllowCredentials: every origin's request is then answered with its
	// own Origin and "Access-Control-Allow-Credentials: true", so any web
	// site a user visits can act with that user's cookies. Almost no
	// application needs it; list the origins instead.
	UnsafeAllowAllOriginsWithCredentials bool

	// UnsafeAllowInsecureOriginsWithCredentials permits, with
	// AllowCredentials, http:// origins other than this machine's
	// (localhost, names under .localhost, 127.0.0.0/8 and [::1]) in
	// AllowedOrigins and AllowedOriginRegexes. Anyone on the network path
	// between a user and such a site (public Wi-Fi, a proxy) can forge its
	// pages, and they would then act with the user's cookies; without this
	// option such an entry is a configuration error. Set it only for a
	// site that cannot have https, such as a test host mapped to this
	// machine.
	UnsafeAllowInsecureOriginsWithCredentials bool

	// HostGuard refuses, with 403 Forbidden and before the application
	// runs, every request whose Host is not one the server answers to: the
	// defense of a server on a developer's machine against DNS rebinding,
	// where a page the developer visits points its own name at 127.0.0.1
	// and then talks to the server as a same-origin page, with no
	// preflight and no CORS (docs/local-servers.md). The Host is the one
	// the connection carried (net/http's Request.Host), never
	// X-Forwarded-Host or Forwarded, which a page can set. It is compared
	// exactly, lower-cased, with AllowedHosts; when AllowedHosts is empty,
	// with this machine's names: localhost, 127.0.0.1 and [::1], at any
	// port. Every request is checked, preflights and WebSocket handshakes
	// included, on every path, before anything else of the policy. Turn it
	// on for any server bound to loopback; it is not turned on by looking at
	// the address the server listens on, which a container's port mapping
	// hides. It is a setting of the outer Config, not of a rule of Paths.
	// With it, a Config may allow no origin at all: CORS is then enabled on
	// no path, and only the guard (and EnforceOrigin) apply.
	HostGuard bool

	// AllowedHosts lists the hosts HostGuard lets through, as a Host header
	// names them: "api.example.com", "api.example.com:8443", "127.0.0.1",
	// "[::1]:3000". An entry without a port allows every port; one with a
	// port allows that port, and also no port at all when it is 80 or 443
	// (browsers leave the default port out). Names are compared exactly,
	// case aside: no pattern, no suffix, no DNS ("localhost.evil.com",
	// "127.0.0.1.nip.io" and "localhost." are other hosts). A scheme, a
	// path, "*" or a bad port are configuration errors. Empty means
	// localhost, 127.0.0.1 and [::1], never "no check". It needs HostGuard.
	// Behind a reverse proxy that keeps the public Host, list the public
	// names.
	AllowedHosts []string

	// UnsafeAllowAnyHost lets EnforceOrigin run without HostGuard: a page
	// whose name is rebound to this server then reaches it as a
	// same-origin page, which EnforceOrigin lets through. Set it only for a
	// server reached under names you cannot list, and never for one on a
	// developer's machine.
	UnsafeAllowAnyHost bool

	// EnforceOrigin refuses, with 403 Forbidden and before the application
	// runs, a request that carries an Origin the policy does not allow on
	// its path and that is not same-origin, on every path: those where
	// CORS is enabled and those where it is not (outside URLsRegex, a
	// closed rule of Paths), where such an Origin is never allowed. A
	// request without Origin passes, unless its Sec-Fetch-Site is
	// "cross-site" or "same-site" (a page's no-cors request, such as an
	// image or a form's GET). Preflights are answered as without it. It is
	// what the MCP specification asks of its servers, and what a local
	// server needs against simple cross-origin POSTs, which run before any
	// browser check. Same-origin means the Origin's scheme, host and port
	// are the request's: the scheme PublicScheme says, the host and port of
	// the Host header (docs/behaviour.md gives the exact comparison). It
	// needs HostGuard, or UnsafeAllowAnyHost, as a rebound page is
	// same-origin; with it, "null" and "file://" entries are configuration
	// errors, as any page can send "null". It is a setting of the outer
	// Config, not of a rule of Paths.
	EnforceOrigin bool

	// PublicScheme is the scheme clients use to reach the server, "http"
	// or "https", for EnforceOrigin's same-origin comparison: set "https"
	// behind a proxy or load balancer that ends TLS. "" means the scheme
	// of the connection: https when the request came over TLS, http
	// otherwise. It is never read from a request header.
	PublicScheme string

	// Paths gives paths policies of their own, e.g. a public feed open to
	// every origin, a credentialed API for one web application and an
	// admin area for one origin, served by one middleware. A request is
	// decided by the first rule whose pattern matches its path, with that
	// rule's Config, preflights included; a path that no rule matches is
	// decided by the rest of this Config. A rule whose Config allows no
	// origin, and the rest of this Config when it allows none, leave their
	// paths out of CORS, as URLsRegex does. Every rule is checked when the
	// Config is, and a rule that an earlier one hides entirely is an
	// error; [PathOverlaps] lists the rules that share some paths. A path
	// with an empty, "." or ".." segment whose rule depends on whether the
	// path is cleaned first is left out of CORS, and so is a path whose
	// rule depends on its escapes, its letters' case or a trailing slash,
	// which some routers read away (Fiber serves "/ADMIN/users" as
	// "/admin/users" and "/reports/" as "/reports" by default); each letter
	// a rule names stands for both its cases, and a rule matching a path
	// with or without one trailing slash stands for both forms. A path
	// longer than [MaxPathLength] is left out of CORS.
	Paths []PathRule
}

// NoPreflightMaxAge, as Config.PreflightMaxAge, sends no Access-Control-Max-Age
// header.
const NoPreflightMaxAge time.Duration = -1

// DefaultPreflightMaxAge is the Access-Control-Max-Age sent when
// Config.PreflightMaxAge is zero, as in django-cors-headers.
const DefaultPreflightMaxAge = 24 * time.Hour

// DefaultMethods returns the methods allowed when Config.AllowMethods is
// nil, those of django-cors-headers: DELETE, GET, OPTIONS, PATCH, POST and
// PUT. Each call returns a new slice, to extend as you wish:
// append(core.DefaultMethods(), "QUERY").
func DefaultMethods() []string { return slices.Clone(defaultMethods) }

// DefaultHeaders returns the request headers allowed when Config.AllowHeaders
// is nil, those of django-cors-headers 4: accept, authorization,
// content-type, user-agent, x-csrftoken and x-requested-with. Each call
// returns a new slice, to extend as you wish:
// append(core.DefaultHeaders(), "x-api-key").
func DefaultHeaders() []string { return slices.Clone(defaultHeaders) }

var (
	defaultMethods = []string{"DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"}
	defaultHeaders = []string{"accept", "authorization", "content-type", "user-agent", "x-csrftoken", "x-requested-with"}
)

// MaxPathLength is the longest path, in bytes, for which Config.URLsRegex
// or Config.Paths enable CORS: a longer path, as sent or as escaped, is not
// a CORS path (no rule decides it; only CheckRequest hooks can grant it, as
// for any path URLsRegex does not match). Reading a path as the routers may
// read it (cleaned, with a trailing slash) is done in a pooled buffer of at
// most this size, so a hostile path of any length costs time bounded by
// this length and no allocation that grows with it. No route is this long:
// nginx refuses a request line over 8 KiB by default, and Fiber's default
// read buffer holds 4 KiB of request line and headers.
const MaxPathLength = pathrule.MaxLength

// A PathRule gives the paths it matches a policy of their own: see
// [Config.Paths]. Exactly one of Prefix and Regex is set.
type PathRule struct {
	// Prefix matches a subtree of paths: "/api" (or "/api/") matches
	// "/api", "/api/" and every path below "/api/", never "/apis". "/"
	// matches every path. It must start with "/" and hold no empty, "." or
	// ".." segment.
	Prefix string

	// Regex is an RE2 regular expression matched against the path as
	// Config.URLsRegex is: from the start of the path, not necessarily to
	// its end, so `/v[0-9]+/` matches "/v2/users" but not "/api/v2/".
	Regex string

	// Config is the policy for the paths the rule matches. Its URLsRegex
	// must be empty (the rule's pattern says where it applies) and it
	// cannot have Paths of its own. A nil DebugLogger means the enclosing
	// Config's. A Config that allows no origin (the zero Config) closes the
	// rule's paths: CORS is not enabled for them, and later rules never see
	// them.
	Config Config
}

// pattern is the rule's pattern as configured, for messages.
func (r PathRule) pattern() string {
	if r.Regex != "" {
		return "Regex " + quote(r.Regex)
	}
	return "Prefix " + quote(r.Prefix)
}
