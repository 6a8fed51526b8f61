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
// printable.Quote. It knows nothing of core's Config, Policy, Reason or
// ConfigError: core names the field and wraps the strings. Allowed-origin
// regexes are not its concern; core and its regex package ask it only
// about hosts and suffixes.
package origin
