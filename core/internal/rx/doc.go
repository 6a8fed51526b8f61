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
// and how a syntax error reads ([ErrorText], [RE2Fix]).
//
// It returns plain values: texts, booleans, and a problem and its fix as
// strings that quote the values they name with package printable, as
// core's messages do. It knows nothing
// of a Policy, a Config or a ConfigError: package core names the field at
// fault and builds the error. What a regex says about hosts and public
// suffixes (a credentialed regex matching origins anyone can register)
// is not here either.
package rx
