// Package fetch holds the WHATWG Fetch standard's tables that both sides of
// CORS read: the token syntax of method and header names, the forbidden,
// normalised and CORS-safelisted methods, the forbidden request-header
// names, and the check of an Access-Control-Request-Headers list against a
// set of allowed names, with the bounds that keep a hostile list cheap.
//
// Package core uses it to compile a policy's methods and headers and to
// decide preflights; package browsercheck uses the same tables to decide
// what a browser does, so that the server's and the browser's reading of
// the standard cannot drift apart.
//
// It returns plain values (bools, names, a [ListResult]): what a result
// means for a policy, its Reason, its message, its configuration error, is
// core's to say. It holds no origin, path or response-header rule, and
// imports nothing but the standard library. Its tables are fixed and its
// [HeaderSet] is not changed once made: everything here is safe for
// concurrent use.
//
// See https://fetch.spec.whatwg.org/#methods and
// https://fetch.spec.whatwg.org/#terminology-headers.
package fetch
