// Package origin owns what core knows about origins, apart from regexes:
//
//   - reading a request's Origin into its normal form (Parse, and ParseInto
//     for the per-request paths, which allocates nothing): lower-case scheme
//     and host, no default port, IPv6 literals as browsers write them, and
//     a bound on length;
//   - compiling an allowed-origin entry into a Pattern (ParsePattern): an
//     exact origin, "null", "file://", every port of a host, or every
//     subdomain of a domain, with IDNA hosts converted as the URL standard
//     does; and recognising entries written for other libraries (Mistake,
//     SeveralOrigins);
//   - matching an origin against the patterns (Matcher), at a cost that
//     does not grow with their number, returning the pattern that matched;
//   - the public suffix list and the hosting domains it lacks
//     (IsPublicSuffix, PublicSpaceUnder, FindPublic), which decide where
//     anyone can serve a page; publicsuffix_below.go is generated from
//     golang.org/x/net's copy of the list by ../pslgen (go generate).
//
// It returns plain values: indexes, bools, and problem and fix strings for
// an entry it refuses, whose embedded values are quoted with
// printable.Quote. The strings speak of the settings by the names a user
// configures (AllowCredentials, AllowedOriginRegexes), but the package
// knows nothing of core's Config, Policy, Reason or ConfigError: core
// names the field and index and wraps the strings. Allowed-origin regexes
// are not its concern (package rx analyses them, and asks this package
// only about hosts and suffixes), and FindPublic takes a regex's match as
// a function.
//
// A new rule about what an origin or an entry may be goes in ParsePattern
// (or Mistake, for an entry another library reads differently); a new way
// of matching goes in Matcher, at a cost that does not grow with the number
// of entries; a new domain where anyone can serve a page goes in
// hostingSuffixes, with its source.
package origin
