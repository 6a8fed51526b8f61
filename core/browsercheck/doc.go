// Package browsercheck decides what a browser decides about a cross-origin
// fetch(), following the WHATWG Fetch standard: whether the request needs a
// CORS preflight (the [CORS-safelisted methods] and [request headers]), and
// whether the server's answers pass the [CORS check] and the
// [CORS-preflight fetch]'s checks.
//
// It is the one implementation of the browser's side of CORS in this
// project, used by the corsheaders command, the browser-conformance
// scenarios (internal/scenario), the demo and the fuzz invariants of core.
// It reads response headers as a browser does, so it can judge any server,
// not only ours. A failure is an [*Error] whose Reason says what failed, in
// the words Chromium prints in its console, and whose Fix says what the
// server must change. The Fetch standard's tables it reads (the token syntax
// of names, the forbidden, normalized and safelisted methods, the forbidden
// request-header names) are the ones core's policy is compiled and decided
// with, written once in core/internal/fetch, so the server's side and the
// browser's side cannot drift apart.
//
// Besides those tables and core's escaping of the values it embeds
// (core/internal/printable) the package uses the standard library only, and
// it holds no state; every function is safe for concurrent use.
//
// [CORS-safelisted methods]: https://fetch.spec.whatwg.org/#cors-safelisted-method
// [request headers]: https://fetch.spec.whatwg.org/#cors-safelisted-request-header
// [CORS check]: https://fetch.spec.whatwg.org/#concept-cors-check
// [CORS-preflight fetch]: https://fetch.spec.whatwg.org/#cors-preflight-fetch
package browsercheck
