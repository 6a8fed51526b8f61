package caddyadapter

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core"
)

// A Problem is one problem of a cors handler's settings: a
// [*core.ConfigError] told in the words of the Caddyfile, whose
// subdirectives have the names of the handler's JSON keys.
type Problem struct {
	// Path is the path block the setting is in, as the Caddyfile writes
	// it ("/api", "regex ^/v[0-9]+/"), or "" for the cors block itself.
	Path string
	// Setting is the subdirective (and JSON key) at fault, e.g.
	// "allowed_origins", or "path" for a path block's pattern.
	Setting string
	// Value is the faulty value, as configured.
	Value string
	// Problem says what is wrong, and Fix how to correct it.
	Problem, Fix string
	// Err is core's error behind the problem.
	Err *core.ConfigError
}

func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString("cors: ")
	if p.Path != "" {
		b.WriteString("path " + p.Path + ": ")
	}
	if p.Setting != "path" {
		b.WriteString(p.Setting)
	}
	if p.Value != "" {
		v := p.Value
		if len(v) > 256 {
			v = v[:256] + "…"
		}
		b.WriteString(" " + strconv.Quote(v))
	}
	if p.Setting != "path" {
		b.WriteString(": ")
	}
	b.WriteString(p.Problem)
	if p.Fix != "" {
		b.WriteString("; " + p.Fix)
	}
	return b.String()
}

// Unwrap returns core's error.
func (p *Problem) Unwrap() error { return p.Err }

// Problems turns err, an error of core.NewPolicy for h's configuration,
// into one [*Problem] per core.ConfigError, joined with errors.Join,
// each naming the subdirective (and JSON key) at fault and saying the
// fix in the Caddyfile's words. Errors of other types are kept as they
// are.
func Problems(err error, h *Handler) error {
	var out []error
	for _, e := range flatten(err) {
		var ce *core.ConfigError
		if !errors.As(e, &ce) {
			out = append(out, e)
			continue
		}
		out = append(out, problem(ce, h))
	}
	return errors.Join(out...)
}

var ruleField = regexp.MustCompile(`^Paths\[(\d+)\]\.Config\.(\w+)$`)

func problem(ce *core.ConfigError, h *Handler) *Problem {
	p := &Problem{Value: ce.Value, Err: ce}
	field := ce.Field
	if m := ruleField.FindStringSubmatch(field); m != nil {
		i, _ := strconv.Atoi(m[1])
		p.Path = rulePattern(h, i)
		field = m[2]
	}
	switch {
	case field == "Paths" && ce.Index >= 0:
		p.Path = rulePattern(h, ce.Index)
		p.Setting, p.Value = "path", ""
		if r := ruleOf(h, ce.Index); r.Prefix != "" && r.Regex != "" {
			p.Path = ""
		}
	case field == "PreflightMaxAge":
		p.Setting = "preflight_max_age"
		var m MaxAge
		if d, err := time.ParseDuration(ce.Value); err == nil {
			m.Duration = d
			if b, err := m.MarshalJSON(); err == nil {
				p.Value = strings.Trim(string(b), `"`)
			}
		}
	default:
		p.Setting = settingName(field)
		if ce.Index < 0 && strings.HasPrefix(p.Value, "[") && strings.HasSuffix(p.Value, "]") {
			// A list that applies to nothing, printed by fmt: the
			// arguments as the Caddyfile writes them.
			p.Value = strings.TrimSuffix(strings.TrimPrefix(p.Value, "["), "]")
		}
	}
	p.Problem = Words(ce.Problem, field)
	p.Fix = Words(ce.Fix, field)
	return p
}

func ruleOf(h *Handler, i int) PathRule {
	if h == nil || i < 0 || i >= len(h.Paths) {
		return PathRule{}
	}
	return h.Paths[i]
}

// rulePattern is rule i's pattern as the Caddyfile writes it.
func rulePattern(h *Handler, i int) string {
	r := ruleOf(h, i)
	switch {
	case r.Regex != "" && r.Prefix != "":
		return ""
	case r.Regex != "":
		return "regex " + r.Regex
	case r.Prefix != "":
		return r.Prefix
	}
	return "#" + strconv.Itoa(i+1)
}

// settings maps core.Config's field names to the subdirectives (and JSON
// keys) that set them.
var settings = []struct{ field, name string }{
	{"UnsafeAllowInsecureOriginsWithCredentials", "unsafe_allow_insecure_origins_with_credentials"},
	{"UnsafeAllowAllOriginsWithCredentials", "unsafe_allow_all_origins_with_credentials"},
	{"AllowedOriginRegexes", "allowed_origin_regexes"},
	{"AllowedOrigins", "allowed_origins"},
	{"AllowAllOrigins", "allow_all_origins"},
	{"URLsRegex", "urls_regex"},
	{"AllowMethods", "allow_methods"},
	{"AllowHeaders", "allow_headers"},
	{"ExposeHeaders", "expose_headers"},
	{"PreflightMaxAge", "preflight_max_age"},
	{"PreflightStatus", "preflight_status"},
	{"AllowCredentials", "allow_credentials"},
	{"AllowPrivateNetwork", "allow_private_network"},
	{"DebugLogger", "debug"},
	{"UnsafeAllowAnyHost", "unsafe_allow_any_host"},
	{"AllowedHosts", "allowed_hosts"},
	{"HostGuard", "host_guard"},
	{"EnforceOrigin", "enforce_origin"},
	{"PublicScheme", "public_scheme"},
}

func settingName(field string) string {
	for _, s := range settings {
		if s.field == field {
			return s.name
		}
	}
	return field
}

// words rewrites core's phrases that only Go code can follow.
var words = func() *strings.Replacer {
	pairs := []string{
		// Caddy cannot set a hook: where core names CheckRequest beside
		// the settings that allow origins, only those settings remain.
		"AllowedOrigins, AllowedOriginRegexes and CheckRequest are empty", "allowed_origins and allowed_origin_regexes are empty",
		" and no CheckRequest hook allowed it", "",
		" and no CheckRequest hook enabled it", "",
		"CheckRequest", "a CheckRequest hook (Go code only; Caddy cannot set one)",
		"use a positive duration, 0 for the default of 24h, or NoPreflightMaxAge to send no Access-Control-Max-Age",
		"leave preflight_max_age out for the default of 86400 seconds, or write none to send no Access-Control-Max-Age",
		"use at most 24*time.Hour", "use at most 86400 (24h)",
		"or 0 for 204", "or leave preflight_status out for 204",
		"NoPreflightMaxAge", "preflight_max_age none",
		"set it in each rule's Config", "set it in each path block",
		"list every rule in the outer Config's Paths, the most specific first", "list every path block in the cors block, the most specific first",
		"move the pattern into the rule's Prefix or Regex", "the path block's pattern says where it applies",
		"a rule's Config", "a path block",
		"per element", "per argument",
		"with Paths, the fields outside the rules", "with path blocks, the settings outside them",
		"outside the rules", "outside the path blocks",
		"the earlier rule", "the earlier block",
		"put the more specific rule first", "put the more specific path block first",
		"the paths no rule matches", "the paths no path block matches",
		"a rule has either a Prefix or a Regex, not both", "a path block has either a prefix or a regex, not both",
		"split it into two rules", "split it into two path blocks",
		"a rule needs a Prefix or a Regex", "a path block needs a prefix or a regex",
		`use Prefix "/" for every path`, `write path / for every path`,
		"a Prefix is a path", "a path block's prefix is a path",
		"a Prefix cannot hold", "a path block's prefix cannot hold",
		"Config.URLsRegex", "urls_regex",
		"Paths", "path blocks",
	}
	for _, s := range settings {
		pairs = append(pairs, s.field, s.name)
	}
	return strings.NewReplacer(pairs...)
}()

// goList finds a list written in Go in core's messages, with the field it
// sets when the message names one: AllowedOrigins: []string{"a", "b"}.
var goList = regexp.MustCompile(`(?:\b([A-Z][A-Za-z]+): )?\[\]string\{((?:"(?:[^"\\]|\\.)*"(?:, )?)*)\}`)

var goString = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// goRule finds a path rule's pattern as core names it: Prefix "/api".
var goRule = regexp.MustCompile(`\b(Prefix|Regex) ("(?:[^"\\]|\\.)*")`)

// goSeconds finds core's suggestion of a duration in seconds for a value
// below one second.
var goSeconds = regexp.MustCompile(`did you mean (\d+) \* time\.Second\?`)

// Words rewrites text, a message of core about field (a core.Config field
// name, or ""), into the words of the Caddyfile: core.Config's field names
// become the subdirectives' names (which are the JSON keys), a list
// written in Go becomes the subdirective with its arguments
// (allowed_origins "https://a.com" "https://b.com"), a path rule's
// pattern becomes its path block's (path "/api", path regex "^/v2/"), and
// what only Go code can set is said to be so. Use it for the messages of a
// policy built from a Handler: Explain's steps and hint, the notes.
func Words(text, field string) string {
	text = goList.ReplaceAllStringFunc(text, func(lit string) string {
		m := goList.FindStringSubmatch(lit)
		f := field
		if m[1] != "" {
			f = m[1]
		}
		elems := goString.FindAllString(m[2], -1)
		return strings.TrimSpace(settingName(f) + " " + strings.Join(elems, " "))
	})
	text = goRule.ReplaceAllStringFunc(text, func(lit string) string {
		m := goRule.FindStringSubmatch(lit)
		if m[1] == "Regex" {
			return "path regex " + m[2]
		}
		return "path " + m[2]
	})
	text = goSeconds.ReplaceAllString(text, "write a whole number of seconds, such as 600")
	return words.Replace(text)
}

// flatten lists the errors joined in err.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}
