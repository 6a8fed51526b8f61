// Package core is the CORS policy engine of corsheaders: it turns a [Config]
// into an immutable [Policy] that decides, for each request, which
// Cross-Origin Resource Sharing headers its response carries.
//
// The configuration model is that of Python's django-cors-headers
// (CORS_ALLOWED_ORIGINS, CORS_ALLOW_CREDENTIALS, …); the behaviour follows the
// WHATWG Fetch standard's [CORS protocol]. Where the standard leaves room,
// the choice made is documented on the field or function concerned and in
// docs/behaviour.md.
//
// # Using it
//
// An application writes a [Config] and hands it to its framework's adapter
// (chiadapter for net/http and chi, ginadapter, echoadapter, echov5adapter,
// fiberadapter), which panics on an invalid one; or it builds the [Policy]
// itself with [NewPolicy], which reports every problem as a [ConfigError],
// and passes that. [DefaultMethods] and [DefaultHeaders] are what a Config
// allows when it names none. A [Live] holds a policy that can be replaced
// while the server runs; adapters read either through a [Source]. A
// [Tenants] chooses the policy per request by tenant: the Host, a path
// segment or a function of the request.
//
// [Policy.Explain] says how a request is decided and what to change when it
// is refused; Config.DebugLogger logs the same for every refusal.
// [CrossOriginProtection] and [CheckWebSocketOrigin] protect writes and
// WebSocket handshakes with the policy's own list of trusted origins;
// [DropUpstreamCORS] removes a proxied service's CORS headers.
//
// # Writing an adapter
//
// An adapter holds no CORS rule, only translation. One built on net/http
// calls [Handle] with the response's header map and the request; one that is
// not builds a [Request] view of its framework's request (see
// [RequestLines] and [HTTPConverter]) and calls [HandleRequest] with its
// response header as a [HeaderStore]. Both return a [Decision]: when its
// Preflight method reports true, the adapter answers with its Status and
// stops; otherwise it calls the next handler. [CrossOriginProtection.CheckView]
// is the CSRF check for a request view. The package corstest holds the
// conformance cases and kits that prove an adapter (docs/adapters.md).
//
// # Cost
//
// A [Policy] is safe for concurrent use. Deciding a request allocates nothing
// for any request a browser can send. Writing the decision into an
// http.Header costs one small allocation per response that gets CORS
// headers: the values are copied into an array of the response's own, so
// that a handler writing one in place changes that response only.
//
// [CORS protocol]: https://fetch.spec.whatwg.org/#http-cors-protocol
package core
