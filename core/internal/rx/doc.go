// Package rx compiles and analyses the regular expressions of a
// configuration: AllowedOriginRegexes, URLsRegex and the Regex of a path
// rule.
//
// It owns anchoring ([CompileAnchored]: a regex must match from the start
// of the text, and to its end for an origin, whatever the text of the
// regex does to anchors pasted around it), the one walk that finds the
// literal text a regex's every match starts or ends with ([Edge],
// [Affixes], and [Prefix] for a path rule's shortcut), the checks that a
// regex can match a lower-case origin at all ([RequiredUpper]) and the
// mistakes that make one match no origin or more than it says ([Mistake]),
// the analysis of the hosts a credentialed origin regex can match
// ([CheckCredentialedHosts]: every host must lie under a registrable
// domain the regex writes out, and which of them can be http://), and how
// a syntax error reads ([ErrorText], [RE2Fix]).
//
// The host analysis reads the parsed regex, not strings tried against it:
// it splits the regex into its alternatives, takes the port off each, and
// checks every literal ending one can have. What a domain is (a public
// suffix, a hosting service's domain, an address, this machine) it asks
// package origin, which does not import rx.
//
// It returns plain values: texts, booleans, a small struct
// ([CredentialedHosts]), and a problem and its fix as strings that quote
// the values they name with package printable, as core's messages do. It
// knows nothing of a Policy, a Config or a ConfigError: package core names
// the field at fault and builds the error.
//
// A new check of what a regex can match goes beside the one of its kind:
// a regex that can match no origin, or more than it says whatever the
// policy, in [Mistake]; one about the hosts it lets a credentialed policy
// trust in [CheckCredentialedHosts], with its example in looseRegexExample.
package rx
