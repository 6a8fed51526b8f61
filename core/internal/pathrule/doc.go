// Package pathrule reads request paths as routers read them, and chooses
// the rule that decides a path: core's Config.URLsRegex and Config.Paths
// are built on it.
//
// It owns: cleaning a path (Clean), decoding a path sent escaped
// (AppendUnescaped), the readings of a path (as sent, cleaned, escaped,
// each case-folded and without or with a trailing slash), the longest path
// read (MaxLength), matching URLsRegex under every reading (URLs), the
// choice of a rule among a list by position (Set.Choose, with NoRule and
// Ambiguous), which reading made a path ambiguous (Set.Disagreement), and
// the analysis of rules between themselves (Shadows, Overlap).
//
// It does not own: compiling the configuration's regexes (core anchors
// and compiles them, and passes the compiled and parsed values to NewURLs
// and NewRegex), the policies a chosen rule maps to, configuration errors
// and their wording, or explanations' wording: it returns positions,
// booleans and small enums (Form, Reading), and core says what they mean.
//
// # Paths and routers
//
// URLsRegex must be matched against the path the router serves, but
// routers read an ambiguous path differently: Gin with RemoveExtraSlash
// and http.ServeMux clean it ("/public/../private/data" is served as
// "/private/data"), chi and Echo route it as it is. The policy cannot know
// which router is behind it, so for an ambiguous path it enables CORS only
// when every reading is enabled: it fails closed whichever way the router
// reads the path.
//
// Case and a trailing slash are two more readings. Fiber, by default,
// routes "/ADMIN/users" to the route "/admin/users" and "/reports/" to
// "/reports"; chi's StripSlashes and CleanPath, and Echo's
// RemoveTrailingSlash and AddTrailingSlash, rewrite the path the router
// reads where the middleware cannot see it. So a path is always read
// case-insensitively too (ASCII letters, as Fiber folds them), each letter
// a rule names standing for both its cases: a rule written "/Admin" still
// decides "/Admin/x", and "/ADMIN/x" is decided by no rule when the path
// as it is falls under another. It is always read without its trailing
// slashes too, and that reading must fall under the same rule as the path
// and match URLsRegex, since the middleware cannot tell whether the router
// serves "/files/" as "/files": "/reports/" is closed when a closed
// `^/reports$` decides "/reports", and "/files/" when `^/files/` decides
// "/files/" but not "/files" (write `^/files(/|$)` or a Prefix). The path
// with one trailing slash added is read too, for routers that add it:
// "/files" is closed when `^/files/` decides "/files/".
//
// Deciding a path allocates nothing: the readings that must be built
// (cleaned, with a slash added) are written in pooled buffers of at most
// MaxLength bytes, and longer paths are decided by no rule.
package pathrule
