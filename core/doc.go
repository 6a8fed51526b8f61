// Package core is the CORS policy engine of corsheaders: it turns a [Config]
// into an immutable [Policy], classifies each request, and says which
// Cross-Origin Resource Sharing headers its response must carry.
//
// The engine is framework-neutral. The adapters (chiadapter for net/http and
// chi, ginadapter, echoadapter, echov5adapter, fiberadapter) translate their
// framework's request into a [Request], call [Policy.Decide], and write the
// resulting [Decision] with [Decision.Apply] into an http.Header, or with
// [Decision.ApplyTo] into any [HeaderStore], such as fasthttp's response
// header for Fiber ([Handle] and [HandleRequest] do both steps); none of
// them holds a CORS rule of its own.
//
// The configuration model is that of Python's django-cors-headers
// (CORS_ALLOWED_ORIGINS, CORS_ALLOW_CREDENTIALS, …); the behaviour follows the
// WHATWG Fetch standard's [CORS protocol]. Where the standard leaves room,
// the choice made is documented on the field or function concerned and in
// docs/behaviour.md.
//
// A [Policy] is safe for concurrent use. Deciding a request allocates nothing
// for any request a browser can send. Writing the decision into an
// http.Header costs one small allocation per response that gets CORS
// headers: the values are copied into an array of the response's own, so
// that a handler writing one in place changes that response only.
//
// [CORS protocol]: https://fetch.spec.whatwg.org/#http-cors-protocol
package core
