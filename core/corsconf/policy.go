package corsconf

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// Policy compiles s.Config with core.NewPolicy. Each problem it finds is an
// [*Error] naming the setting as it was given (or its current name, for a
// setting left to its default), with core's words translated as
// [Settings.Translate] does; errors.As reaches the *core.ConfigError behind
// it. The policy's notes (core.Policy.Notes), translated, are added to
// s.Notes, each once however often Policy is called.
func (s *Settings) Policy() (*core.Policy, error) {
	p, err := core.NewPolicy(s.Config)
	if err == nil {
		for _, n := range p.Notes() {
			if n = s.Translate(n); !slices.Contains(s.Notes, n) {
				s.Notes = append(s.Notes, n)
			}
		}
		return p, nil
	}
	var errs []error
	for _, e := range flatten(err) {
		var ce *core.ConfigError
		if !errors.As(e, &ce) {
			errs = append(errs, e)
			continue
		}
		name := ce.Field
		if n := settingOf(ce.Field); n != "" {
			name = n
			if given, ok := s.Given[n]; ok {
				name = given
			}
		}
		errs = append(errs, &Error{
			Name: name, Index: ce.Index, Value: ce.Value,
			Problem: s.translate(ce.Problem, ce.Field), Fix: s.translate(ce.Fix, ce.Field), Err: ce,
		})
	}
	return nil, errors.Join(errs...)
}

// SettingNames rewrites a message of core, such as a core.Explanation's
// steps and hint, into the words of the settings as the environment gives
// them: core.Config's field names become the settings' names ("add
// \"DELETE\" to AllowMethods" becomes "add \"DELETE\" to
// CORS_ALLOW_METHODS"), a list written in Go becomes the variable's value
// (CORS_ALLOWED_ORIGINS="https://a.com,https://b.com"), and what only Go
// code can set (CheckRequest hooks, the Unsafe options) is said to be so, or
// left out where settings cannot have it. [Settings.Translate] writes lists
// as the source of its settings does.
func SettingNames(text string) string { return translate(text, "", false) }

// Translate is [SettingNames] in the words of the source s was read from:
// for a JSON file, a list is written as its key and array
// ("CORS_ALLOWED_ORIGINS": ["https://a.com", "https://b.com"]), and a
// setting's name is the one given, prefix included. Use it for the
// messages of a policy built from s: the hint and steps of an Explanation,
// a note.
func (s *Settings) Translate(text string) string { return s.translate(text, "") }

func (s *Settings) translate(text, field string) string {
	return translateAs(text, field, s.json, func(setting string) string {
		if given, ok := s.Given[setting]; ok {
			return given
		}
		return setting
	})
}

func translate(text, field string, json bool) string {
	return translateAs(text, field, json, func(setting string) string { return setting })
}

// goList finds a list written in Go in a message of core, with the field it
// sets when the message names one: AllowedOrigins: []string{"a", "b"}.
var goList = regexp.MustCompile(`(?:\b([A-Z][A-Za-z]+): )?\[\]string\{((?:"(?:[^"\\]|\\.)*"(?:, )?)*)\}`)

var goString = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// goTrue finds a boolean field set in Go in a message of core:
// "set HostGuard: true".
var goTrue = regexp.MustCompile(`\b([A-Z][A-Za-z]+): true\b`)

// translateAs rewrites text: each list written in Go as the environment
// (or, with json, a JSON file) writes it — the list of the field the text
// names, or else of field, under the setting's name as given(setting) says
// —, each boolean field set in Go ("HostGuard: true") as the setting
// written true, then the field names.
func translateAs(text, field string, json bool, given func(setting string) string) string {
	text = goList.ReplaceAllStringFunc(text, func(lit string) string {
		m := goList.FindStringSubmatch(lit)
		if m[1] != "" {
			field = m[1]
		}
		setting := settingOf(field)
		var elems []string
		for _, q := range goString.FindAllString(m[2], -1) {
			v, err := strconv.Unquote(q)
			if err != nil {
				v = q[1 : len(q)-1]
			}
			elems = append(elems, v)
		}
		if setting == "" {
			return writeList("", false, elems, json)
		}
		return writeList(given(setting), settings[setting].kind == regexList, elems, json)
	})
	text = goTrue.ReplaceAllStringFunc(text, func(lit string) string {
		setting := settingOf(goTrue.FindStringSubmatch(lit)[1])
		switch {
		case setting == "":
			return lit
		case json:
			return strconv.Quote(given(setting)) + ": true"
		}
		return given(setting) + "=true"
	})
	return fieldNames.Replace(text)
}

// writeList writes elems as the value of the setting named name (bare when
// name is ""), as the environment or a JSON file gives it; the
// environment separates regexes by white space, since a regex may hold a
// comma.
func writeList(name string, regexes bool, elems []string, json bool) string {
	if json {
		quoted := make([]string, len(elems))
		for i, e := range elems {
			quoted[i] = strconv.Quote(e)
		}
		list := "[" + strings.Join(quoted, ", ") + "]"
		if name == "" {
			return list
		}
		return strconv.Quote(name) + ": " + list
	}
	sep := ","
	if regexes {
		sep = " "
	}
	list := `"` + strings.Join(elems, sep) + `"`
	if name == "" {
		return list
	}
	return name + "=" + list
}

// settingOf is the setting that sets the core.Config field, or "".
func settingOf(field string) string {
	for name, s := range settings {
		if s.field == field {
			return name
		}
	}
	return ""
}

// fieldNames rewrites core.Config field names into setting names. The
// unsafe options and the hooks, which no setting sets, are said to be Go's.
var fieldNames = strings.NewReplacer(
	// No setting sets a hook: where core names CheckRequest beside the
	// fields that can allow an origin, settings have only those fields.
	"AllowedOrigins, AllowedOriginRegexes and CheckRequest are empty", "CORS_ALLOWED_ORIGINS and CORS_ALLOWED_ORIGIN_REGEXES are empty",
	" and no CheckRequest hook allowed it", "",
	" and no CheckRequest hook enabled it", "",
	"CheckRequest", "core.Config.CheckRequest (in Go code; no setting sets it)",
	"UnsafeAllowInsecureOriginsWithCredentials", "core.Config.UnsafeAllowInsecureOriginsWithCredentials (in Go code; no setting sets it)",
	"UnsafeAllowAllOriginsWithCredentials", "core.Config.UnsafeAllowAllOriginsWithCredentials (in Go code; no setting sets it)",
	"UnsafeAllowAnyHost", "core.Config.UnsafeAllowAnyHost (in Go code; no setting sets it)",
	"AllowedOriginRegexes", "CORS_ALLOWED_ORIGIN_REGEXES",
	"AllowedOrigins", "CORS_ALLOWED_ORIGINS",
	"AllowAllOrigins", "CORS_ALLOW_ALL_ORIGINS",
	"URLsRegex", "CORS_URLS_REGEX",
	"AllowMethods", "CORS_ALLOW_METHODS",
	"AllowHeaders", "CORS_ALLOW_HEADERS",
	"ExposeHeaders", "CORS_EXPOSE_HEADERS",
	"PreflightMaxAge", "CORS_PREFLIGHT_MAX_AGE",
	"AllowCredentials", "CORS_ALLOW_CREDENTIALS",
	"AllowPrivateNetwork", "CORS_ALLOW_PRIVATE_NETWORK",
	"HostGuard", "CORS_HOST_GUARD",
	"AllowedHosts", "CORS_ALLOWED_HOSTS",
	"EnforceOrigin", "CORS_ENFORCE_ORIGIN",
	"PublicScheme", "CORS_PUBLIC_SCHEME",
)

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
