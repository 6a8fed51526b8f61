package rx

import (
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/corsheaders/corsheaders/core/internal/origin"
	"github.com/corsheaders/corsheaders/core/internal/printable"
)

// This file reasons about the hosts an AllowedOriginRegexes entry can
// match, from its parsed form rather than by trying strings: with
// AllowCredentials, every origin a regex matches must lie under a
// registrable domain that the regex writes out, so that no one but that
// domain's owner can serve a page the regex allows.

// CredentialedHosts is what the structure of a regex says about the hosts
// of the origins it matches, for a policy with AllowCredentials.
type CredentialedHosts struct {
	// Problem and Fix say why some origin the regex matches lies under
	// no registrable domain it writes out; both are "" when every one
	// does.
	Problem, Fix string

	// HTTP reports that, though every host lies under a domain the regex
	// writes out, some origin it matches can be http:// with a host
	// other than this machine's. HTTPExample is such an origin that the
	// regex matches, or "" when the one tried is not matched.
	HTTP        bool
	HTTPExample string
}

// CheckCredentialedHosts checks the hosts that re, compiled from tree by
// [CompileAnchored] for a whole origin, can match.
func CheckCredentialedHosts(re *regexp.Regexp, tree *syntax.Regexp) CredentialedHosts {
	shape := analyseRegexHosts(tree)
	if shape.loose != nil {
		prefix, _ := Edge(tree, false)
		problem, fix := credentialedRegexProblem(re, prefix, *shape.loose)
		return CredentialedHosts{Problem: problem, Fix: fix}
	}
	if shape.insecure != nil {
		return CredentialedHosts{HTTP: true, HTTPExample: insecureExample(re, *shape.insecure)}
	}
	return CredentialedHosts{}
}

// insecureExample returns an http:// origin on c's host that re matches,
// or "".
func insecureExample(re *regexp.Regexp, c hostCheck) string {
	host := c.domain
	if !strings.Contains(c.tail, "://") && c.tail != c.domain {
		host = "app" + c.tail
	}
	if o := "http://" + host; re.MatchString(o) {
		return o
	}
	return ""
}

// maxRegexShapes bounds the alternatives a regex is split into, and the
// literal endings tracked for each, so that a hostile or huge expression
// costs bounded time in NewPolicy.
const maxRegexShapes = 256

// regexBranches splits r into the alternatives its alternations spell out,
// each a flat list of items: concatenations flattened, capturing groups
// opened. Repetitions ("?", "*", "+") are kept whole. ok is false when
// there are more than maxRegexShapes alternatives.
func regexBranches(r *syntax.Regexp) (branches [][]*syntax.Regexp, ok bool) {
	switch r.Op {
	case syntax.OpCapture:
		return regexBranches(r.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range r.Sub {
			bs, ok := regexBranches(sub)
			if !ok || len(branches)+len(bs) > maxRegexShapes {
				return nil, false
			}
			branches = append(branches, bs...)
		}
		return branches, true
	case syntax.OpConcat:
		branches = [][]*syntax.Regexp{nil}
		for _, sub := range r.Sub {
			bs, ok := regexBranches(sub)
			if !ok || len(branches)*len(bs) > maxRegexShapes {
				return nil, false
			}
			next := make([][]*syntax.Regexp, 0, len(branches)*len(bs))
			for _, head := range branches {
				for _, tail := range bs {
					next = append(next, append(append([]*syntax.Regexp(nil), head...), tail...))
				}
			}
			branches = next
		}
		return branches, true
	}
	return [][]*syntax.Regexp{{r}}, true
}

// digitsOnly reports whether every string r matches is made of ASCII
// digits (the empty string included).
func digitsOnly(r *syntax.Regexp) bool {
	switch r.Op {
	case syntax.OpLiteral:
		return allDigits(string(r.Rune))
	case syntax.OpCharClass:
		for i := 0; i+1 < len(r.Rune); i += 2 {
			if r.Rune[i] < '0' || r.Rune[i+1] > '9' {
				return false
			}
		}
		return true
	case syntax.OpCapture, syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat, syntax.OpConcat, syntax.OpAlternate:
		for _, sub := range r.Sub {
			if !digitsOnly(sub) {
				return false
			}
		}
		return true
	}
	return zeroWidth(r)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// flatItems opens r's capturing groups and concatenations.
func flatItems(r *syntax.Regexp) []*syntax.Regexp {
	switch r.Op {
	case syntax.OpCapture:
		return flatItems(r.Sub[0])
	case syntax.OpConcat:
		var items []*syntax.Regexp
		for _, sub := range r.Sub {
			items = append(items, flatItems(sub)...)
		}
		return items
	}
	return []*syntax.Regexp{r}
}

// isPort reports whether every string r matches is ":" and digits, as
// `:[0-9]+`, `:\d{2,5}` or `:(8080|8443)`.
func isPort(r *syntax.Regexp) bool {
	if r.Op == syntax.OpAlternate {
		for _, sub := range r.Sub {
			if !isPort(sub) {
				return false
			}
		}
		return true
	}
	items := flatItems(r)
	if len(items) == 0 {
		return false
	}
	if items[0].Op == syntax.OpCapture || items[0].Op == syntax.OpAlternate {
		return len(items) == 1 && isPort(items[0])
	}
	first := items[0]
	if first.Op != syntax.OpLiteral || len(first.Rune) == 0 || first.Rune[0] != ':' || !allDigits(string(first.Rune[1:])) {
		return false
	}
	for _, it := range items[1:] {
		if !digitsOnly(it) {
			return false
		}
	}
	return true
}

// isOptionalPort reports whether r is a port or nothing, as `(:\d+)?`.
func isOptionalPort(r *syntax.Regexp) bool {
	switch r.Op {
	case syntax.OpCapture, syntax.OpQuest:
		return isOptionalPort(r.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range r.Sub {
			if sub.Op != syntax.OpEmptyMatch && !isOptionalPort(sub) {
				return false
			}
		}
		return true
	}
	return isPort(r)
}

// withoutPort returns a branch's items without the port it may end with:
// `(:\d+)?`, `:[0-9]+`, or a literal ":8080". Zero-width items at the end
// go too.
func withoutPort(items []*syntax.Regexp) []*syntax.Regexp {
	end := len(items)
	for end > 0 && zeroWidth(items[end-1]) {
		end--
	}
	if end > 0 && isOptionalPort(items[end-1]) {
		return items[:end-1]
	}
	k := end
	for k > 0 && digitsOnly(items[k-1]) && items[k-1].Op != syntax.OpLiteral {
		k--
	}
	if k > 0 && items[k-1].Op == syntax.OpLiteral {
		lit := string(items[k-1].Rune)
		if i := strings.LastIndexByte(lit, ':'); i >= 0 && allDigits(lit[i+1:]) {
			out := append([]*syntax.Regexp(nil), items[:k-1]...)
			if i > 0 {
				out = append(out, &syntax.Regexp{Op: syntax.OpLiteral, Flags: items[k-1].Flags, Rune: []rune(lit[:i])})
			}
			return out
		}
	}
	return items[:end]
}

// An edgeForm is what some of a regex's matches start (or end) with: the
// literal text lit, and whether that text is the whole match.
type edgeForm struct {
	lit   string
	whole bool
}

// edgeForms lists the literal texts that r's matches start with (or end
// with, if end), one per way the alternatives and optional parts can fall:
// `https://(.+\.)?example\.com` ends with "https://example.com" (whole) or
// with ".example.com". ok is false when there would be more than
// maxRegexShapes.
func edgeForms(r *syntax.Regexp, end bool) (forms []edgeForm, ok bool) {
	switch r.Op {
	case syntax.OpLiteral, syntax.OpCharClass:
		lit, ok := literalItem(r)
		return []edgeForm{{lit, ok}}, true
	case syntax.OpCapture:
		return edgeForms(r.Sub[0], end)
	case syntax.OpConcat:
		return concatForms(r.Sub, end)
	case syntax.OpAlternate:
		var all []edgeForm
		for _, sub := range r.Sub {
			fs, ok := edgeForms(sub, end)
			if !ok {
				return nil, false
			}
			all = append(all, fs...)
		}
		return dedupForms(all)
	case syntax.OpQuest, syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		fs, ok := edgeForms(r.Sub[0], end)
		if !ok {
			return nil, false
		}
		var all []edgeForm
		canBeEmpty := r.Op == syntax.OpQuest || r.Op == syntax.OpStar || r.Op == syntax.OpRepeat && r.Min == 0
		if canBeEmpty {
			all = append(all, edgeForm{"", true})
		}
		once := r.Op == syntax.OpQuest || r.Op == syntax.OpPlus || r.Op == syntax.OpRepeat && r.Min <= 1
		for _, f := range fs {
			if once {
				all = append(all, f)
			}
			if r.Op != syntax.OpQuest && !(r.Op == syntax.OpRepeat && r.Max == 1) {
				// Repeated: the text beyond the last repetition is not
				// literal.
				all = append(all, edgeForm{f.lit, false})
			}
		}
		return dedupForms(all)
	}
	if zeroWidth(r) {
		return []edgeForm{{"", true}}, true
	}
	return []edgeForm{{"", false}}, true
}

// concatForms is edgeForms of a concatenation of items.
func concatForms(items []*syntax.Regexp, end bool) ([]edgeForm, bool) {
	acc := []edgeForm{{"", true}}
	for i := range items {
		item := items[i]
		if end {
			item = items[len(items)-1-i]
		}
		var next []edgeForm
		var subForms []edgeForm
		for _, f := range acc {
			if !f.whole {
				next = append(next, f)
				continue
			}
			if subForms == nil {
				fs, ok := edgeForms(item, end)
				if !ok {
					return nil, false
				}
				subForms = fs
			}
			for _, g := range subForms {
				lit := f.lit + g.lit
				if end {
					lit = g.lit + f.lit
				}
				next = append(next, edgeForm{lit, g.whole})
			}
		}
		var ok bool
		if acc, ok = dedupForms(next); !ok {
			return nil, false
		}
	}
	return acc, true
}

func dedupForms(fs []edgeForm) ([]edgeForm, bool) {
	out := fs[:0:0]
	seen := make(map[edgeForm]bool, len(fs))
	for _, f := range fs {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out, len(out) <= maxRegexShapes
}

// literalText is a literal's text as it matches a lower-case origin: a
// case-folded literal matches its lower-case form.
func literalText(r *syntax.Regexp) string {
	if r.Flags&syntax.FoldCase != 0 {
		return strings.ToLower(string(r.Rune))
	}
	return string(r.Rune)
}

// singleChar returns the one character a class such as [.] or (?i)[k]
// matches in a lower-case origin.
func singleChar(r *syntax.Regexp) (string, bool) {
	if len(r.Rune) == 0 {
		return "", false
	}
	c := unicodeLowerASCII(r.Rune[0])
	for i := 0; i+1 < len(r.Rune); i += 2 {
		lo, hi := r.Rune[i], r.Rune[i+1]
		if lo != hi || unicodeLowerASCII(lo) != c && lo < 0x80 {
			return "", false
		}
	}
	return string(c), true
}

func unicodeLowerASCII(c rune) rune {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// A hostProblem is why a credentialed regex's matches do not all lie
// under a registrable domain it writes out.
type hostProblem int

const (
	hostFixed         hostProblem = iota
	hostEndNotLiteral             // `https://example\.com.*`, `https://app\.example\.[a-z]+`
	hostLabelOpen                 // `https://.*example\.com`: no "." before the literal end
	hostPublicSuffix              // `https://example-[a-z]+\.com`, `https://[^.]+\.github\.io`
	hostPublicBelow               // `https://[a-z]+\.s3\.[a-z0-9-]+\.amazonaws\.com`, `https://[a-z]+\.nom\.br`
	hostAddress                   // `https://[0-9]+\.0\.0\.1`
	hostTooComplex
)

// hostCheck is the verdict on one way a regex's matches can end.
type hostCheck struct {
	problem hostProblem
	tail    string // the literal end of the host, e.g. ".example.com"
	domain  string // the domain the tail names, e.g. "example.com"
	suffix  string // the public suffix at or under domain
}

// hostTail returns the host part of a literal ending: the text after
// "://" if it holds one (then the whole host is literal), and whether it
// did.
func hostTail(lit string) (tail string, wholeHost bool) {
	if i := strings.LastIndex(lit, "://"); i >= 0 {
		return lit[i+3:], true
	}
	return lit, false
}

// checkEnding decides whether every match ending with f has its
// registrable domain written out in f.
func checkEnding(f edgeForm) hostCheck {
	tail, wholeHost := hostTail(f.lit)
	if f.whole || wholeHost {
		return hostCheck{problem: hostFixed, tail: tail, domain: tail}
	}
	c := hostCheck{tail: tail}
	dot := strings.IndexByte(tail, '.')
	if dot < 0 || strings.ContainsAny(tail, "/@[]:") {
		c.problem = hostEndNotLiteral
		return c
	}
	c.domain = strings.TrimSuffix(tail[dot+1:], ".")
	if c.domain == "" {
		c.problem = hostEndNotLiteral
		return c
	}
	if endsInNumber(c.domain) {
		// The end of an IPv4 address: an address has no registrable
		// domain, each belongs to whoever holds it.
		c.problem = hostAddress
		return c
	}
	suffix, public := origin.PublicSpaceUnder(c.domain)
	switch {
	case !public:
		c.problem = hostFixed
	case suffix == c.domain && dot > 0:
		// "example.com" after `.*`: the label before the suffix is open.
		c.problem = hostLabelOpen
	case suffix == c.domain:
		c.problem = hostPublicSuffix
	default:
		// A suffix lies below the domain (or every name one label below
		// it is one), and the label left of the domain is not written
		// out: the match can be that suffix or lie under it.
		c.problem = hostPublicBelow
	}
	c.suffix = suffix
	return c
}

// endsInNumber reports whether a host's last label is a number, decimal or
// "0x" hexadecimal, as the URL Standard's host parser asks before reading
// the host as an IPv4 address.
func endsInNumber(host string) bool {
	last := strings.ToLower(host[strings.LastIndexByte(host, '.')+1:])
	if hex, ok := strings.CutPrefix(last, "0x"); ok {
		return strings.Trim(hex, "0123456789abcdef") == ""
	}
	return last != "" && allDigits(last)
}

// regexHostShape is what a regex's branches say about the origins they
// match: the first host ending that fails, and an ending that can be
// reached over http:// with a host that is not loopback.
type regexHostShape struct {
	loose    *hostCheck
	insecure *hostCheck
}

// analyseRegexHosts splits tree, the parsed form of a regex, into its
// branches and checks every host ending of each, from the regex's
// structure, without trying origins: a non-literal part left of a domain
// with a public suffix below it ("amazonaws.com", below which lies
// "s3.us-east-2.amazonaws.com") counts as reaching that suffix, unless it
// is one label that spells none of the rules one label down
// (oneLabelClear).
func analyseRegexHosts(tree *syntax.Regexp) regexHostShape {
	var shape regexHostShape
	branches, ok := regexBranches(tree.Simplify())
	if !ok {
		return regexHostShape{loose: &hostCheck{problem: hostTooComplex}}
	}
	for _, items := range branches {
		hostItems := withoutPort(items)
		ends, ok1 := concatForms(hostItems, true)
		starts, ok2 := concatForms(items, false)
		if !ok1 || !ok2 {
			return regexHostShape{loose: &hostCheck{problem: hostTooComplex}}
		}
		http := false
		for _, f := range starts {
			if strings.HasPrefix(f.lit, "http://") || !f.whole && strings.HasPrefix("http://", f.lit) {
				http = true
			}
		}
		for _, f := range ends {
			c := checkEnding(f)
			if c.problem == hostPublicBelow && oneLabelClear(hostItems, c) {
				c.problem = hostFixed
			}
			if c.problem != hostFixed {
				if shape.loose == nil {
					shape.loose = &c
				}
				continue
			}
			if shape.insecure == nil && mayBeHTTP(f, http) && !loopbackHostText(c.domain) {
				shape.insecure = &c
			}
		}
	}
	return shape
}

// oneLabelClear reports whether every host a branch matches, with items
// its parts without the port, is one label followed by c.tail, and that
// label can spell none of the public suffixes or hosting domains one label
// below c.domain. Such a host has no rule at or above it below c.domain,
// so its registrable domain is written out in c.tail:
// `https://[a-z]+\.amazonaws\.com` cannot spell "s3" or "s3-1". The
// branch must be a literal ending with "://", parts that cannot match a
// ".", and the literal c.tail; anything else is not cleared.
func oneLabelClear(items []*syntax.Regexp, c hostCheck) bool {
	if origin.IsPublicSuffix(origin.ProbeLabel + "." + c.domain) {
		return false // a wildcard rule: every label is a suffix
	}
	k, tail := len(items), ""
	for k > 0 {
		text, ok := literalItem(items[k-1])
		if !ok {
			break
		}
		tail, k = text+tail, k-1
	}
	j := k - 1
	for j >= 0 {
		if text, ok := literalItem(items[j]); ok && strings.Contains(text, "://") {
			break
		}
		j--
	}
	if tail != c.tail || j < 0 {
		return false
	}
	head, _ := literalItem(items[j])
	head = head[strings.LastIndex(head, "://")+3:]
	partial := tail[:strings.IndexByte(tail, '.')]
	if strings.Contains(head, ".") {
		return false
	}
	var expr strings.Builder
	expr.WriteString(`^(?:` + regexp.QuoteMeta(head))
	for _, it := range items[j+1 : k] {
		if mayMatchDot(it) {
			return false
		}
		expr.WriteString(`(?:` + it.String() + `)`)
	}
	expr.WriteString(regexp.QuoteMeta(partial) + `)$`)
	label, err := regexp.Compile(expr.String())
	if err != nil {
		return false
	}
	for _, l := range origin.SuffixLabelsBelow(c.domain) {
		if label.MatchString(l) {
			return false
		}
	}
	return true
}

// literalItem returns the text an item matches if it matches exactly one
// text: a literal, or a class of one character such as [.].
func literalItem(r *syntax.Regexp) (string, bool) {
	switch r.Op {
	case syntax.OpLiteral:
		return literalText(r), true
	case syntax.OpCharClass:
		return singleChar(r)
	}
	return "", false
}

// mayMatchDot reports whether some match of r holds a ".".
func mayMatchDot(r *syntax.Regexp) bool {
	switch r.Op {
	case syntax.OpLiteral:
		return strings.ContainsRune(string(r.Rune), '.')
	case syntax.OpCharClass:
		for i := 0; i+1 < len(r.Rune); i += 2 {
			if r.Rune[i] <= '.' && '.' <= r.Rune[i+1] {
				return true
			}
		}
		return false
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	}
	for _, sub := range r.Sub {
		if mayMatchDot(sub) {
			return true
		}
	}
	return false
}

// mayBeHTTP reports whether a match ending with f can be an http://
// origin, given whether its branch can start with "http://".
func mayBeHTTP(f edgeForm, branchHTTP bool) bool {
	i := strings.LastIndex(f.lit, "://")
	switch {
	case i < 0:
		return branchHTTP
	case f.whole:
		return f.lit[:i] == "http"
	}
	return branchHTTP && strings.HasSuffix("http", f.lit[:i])
}

// loopbackHostText reports whether host, possibly with a port, names this
// machine: localhost, a name under it, 127.0.0.0/8 or [::1].
func loopbackHostText(host string) bool {
	if h, _, ok := origin.SplitHostPort(host); ok {
		host = h
	}
	return origin.IsLoopbackHost(host)
}

// looseRegexExample looks for an origin that re matches and that a
// stranger could serve, to show in the message: one built on the literal
// text the regex starts with and the tail its host ends with.
func looseRegexExample(re *regexp.Regexp, prefix string, c hostCheck) string {
	heads := []string{prefix}
	if !strings.Contains(prefix, "://") {
		heads = []string{"https://", "http://"}
	}
	var middles, ends []string
	switch c.problem {
	case hostEndNotLiteral:
		middles = []string{"", "attacker"}
		ends = []string{".evil.net", "evil.net", "xyz", "-evil.com", "evil.com", ""}
	case hostPublicBelow:
		middles = []string{"attacker", "x-1", "attacker.x", "1.2.3.4"}
		ends = []string{"." + strings.Replace(c.suffix, "*", "x", 1)}
		if wild, ok := strings.CutPrefix(c.suffix, "*."); ok {
			// Every name one label below wild is a suffix: the host
			// itself is anyone's.
			ends = append(ends, "."+wild)
		}
	case hostAddress:
		middles = []string{"45", "1", "1.2", "1.2.3", "0x2d"}
		ends = []string{c.tail}
	default:
		middles = []string{"attacker", "attacker-", "evil-", "attacker.", "1.2.3.4."}
		ends = []string{c.tail}
	}
	for _, head := range heads {
		for _, end := range ends {
			for _, middle := range middles {
				for _, port := range []string{"", ":8443"} {
					o := head + middle + end + port
					if o != prefix && re.MatchString(o) {
						if _, ok := origin.Parse(o); ok {
							return o
						}
					}
				}
			}
		}
	}
	return ""
}

// looseRegexFix is the fix for a credentialed regex whose hosts are not
// all under a domain it writes out.
const looseRegexFix = "end the host with the registrable domain you trust, written out with escaped dots after a literal `\\.` or `://`, " +
	"e.g. `https://[a-z0-9-]+\\.example\\.com` or `https://([a-z0-9-]+\\.)?example\\.com`, optionally followed by a port such as `(:[0-9]+)?`"

// credentialedRegexProblem explains why a credentialed regex, which every
// match of starts with prefix, matches origins outside the domains it
// names.
func credentialedRegexProblem(re *regexp.Regexp, prefix string, c hostCheck) (problem, fix string) {
	if c.problem == hostPublicBelow {
		c = reachedSuffixBelow(re, prefix, c)
	}
	example := looseRegexExample(re, prefix, c)
	such := ""
	if example != "" {
		such = ", such as " + printable.Quote(example)
	}
	const creds = ", and AllowCredentials is set"
	switch c.problem {
	case hostTooComplex:
		return "has too many alternatives for the hosts it matches to be checked" + creds, "split it into several entries"
	case hostEndNotLiteral:
		return "the end of the host is not written out, so it matches hosts under any domain" + such + creds, looseRegexFix
	case hostLabelOpen:
		owned := strings.TrimLeft(c.tail, "-.")
		return "the host ends with " + printable.Quote(c.tail) + " without a literal \".\" before it, so it matches other domains ending with the same letters" + such + creds,
			"put `\\.` before the domain you own, e.g. `https://([a-z0-9-]+\\.)?" + regexp.QuoteMeta(owned) + "` for " + printable.Quote(owned) + " and its subdomains"
	case hostPublicSuffix:
		return "the host ends with " + printable.Quote(c.tail) + ", a public suffix (or a hosting service's domain) under which anyone can have a name, after a label the regex does not write out" + such + creds, looseRegexFix
	case hostAddress:
		return "the host ends with " + printable.Quote(c.tail) + ", the end of an IP address, after a part the regex does not write out: " +
				"an address has no registrable domain, each belongs to whoever holds it, so it matches addresses anyone can serve pages from" + such + creds,
			"write each address out whole, e.g. `https://192\\.0\\.2\\.10(:[0-9]+)?`, one entry or alternative per address"
	default:
		return "the label before " + printable.Quote(c.domain) + " is not written out, and " + belowText(c) +
				", where anyone can serve pages (every name at or under a public suffix is anyone's)" + such + creds,
			"write out the whole host you trust, e.g. `https://" + regexp.QuoteMeta(exampleHostBelow(c.suffix)) + "`, or match names under a domain of your own, e.g. `https://[a-z0-9-]+\\.example\\.com`"
	}
}

// exampleSuffixesBelow are public suffixes, under domains that are not
// suffixes themselves, that a refused regex is more likely to show an
// origin on than the shortest rule the table gives: AWS regions' S3,
// website, API Gateway and Lambda endpoints, EC2 and load balancer names.
// They only choose what the refusal says; the refusal itself does not
// depend on them.
var exampleSuffixesBelow = [...]string{
	"s3.us-east-1.amazonaws.com", "s3.us-east-2.amazonaws.com", "s3.us-west-2.amazonaws.com", "s3.eu-west-1.amazonaws.com",
	"s3-website-us-east-1.amazonaws.com", "s3-website.us-east-2.amazonaws.com", "s3-website.eu-west-1.amazonaws.com",
	"execute-api.us-east-1.amazonaws.com", "execute-api.eu-west-1.amazonaws.com",
	"lambda-url.us-east-1.on.aws", "lambda-url.eu-west-1.on.aws",
	"*.compute-1.amazonaws.com", "*.compute.amazonaws.com", "*.elb.amazonaws.com",
}

// reachedSuffixBelow returns c naming, in place of the table's shortest
// rule below c.domain, one of exampleSuffixesBelow under c.domain on which
// re matches an origin, if there is one.
func reachedSuffixBelow(re *regexp.Regexp, prefix string, c hostCheck) hostCheck {
	for _, s := range exampleSuffixesBelow {
		if !strings.HasSuffix(s, "."+c.domain) || !origin.IsPublicSuffix(strings.Replace(s, "*", origin.ProbeLabel, 1)) {
			continue
		}
		try := c
		try.suffix = s
		if looseRegexExample(re, prefix, try) != "" {
			return try
		}
	}
	return c
}

// belowText says which public suffix lies below c.domain.
func belowText(c hostCheck) string {
	if wild, ok := strings.CutPrefix(c.suffix, "*."); ok && wild == c.domain {
		return "every name one label under " + printable.Quote(c.domain) + " is a public suffix (the list's rule " + printable.Quote(c.suffix) + ")"
	}
	if wild, ok := strings.CutPrefix(c.suffix, "*."); ok {
		return "every name one label under " + printable.Quote(wild) + ", under " + printable.Quote(c.domain) + ", is a public suffix (the list's rule " + printable.Quote(c.suffix) + ")"
	}
	return printable.Quote(c.suffix) + " is a public suffix under " + printable.Quote(c.domain)
}

// exampleHostBelow is a host one might trust under a public suffix rule:
// "myapp.s3.amazonaws.com" for "s3.amazonaws.com", "myapp.nom.br" for
// "*.nom.br".
func exampleHostBelow(suffix string) string {
	if wild, ok := strings.CutPrefix(suffix, "*."); ok {
		return "myapp." + wild
	}
	return "myapp." + suffix
}
