package corsconf

import (
	"errors"
	"strings"

	"github.com/corsheaders/corsheaders/core"
)

// Policy compiles s.Config with core.NewPolicy. Each problem it finds is an
// [*Error] naming the setting as it was given (or its current name, for a
// setting left to its default), with core's words translated to settings'
// names; errors.As reaches the *core.ConfigError behind it.
func (s *Settings) Policy() (*core.Policy, error) {
	p, err := core.NewPolicy(s.Config)
	if err == nil {
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
			Problem: fieldNames.Replace(ce.Problem), Fix: fieldNames.Replace(ce.Fix), Err: ce,
		})
	}
	return nil, errors.Join(errs...)
}

// SettingNames rewrites the core.Config field names in s, such as those
// in a core.Explanation's steps and hint, into the names of the settings
// that set them: "add \"DELETE\" to AllowMethods" becomes
// "add \"DELETE\" to CORS_ALLOW_METHODS".
func SettingNames(s string) string { return fieldNames.Replace(s) }

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
// unsafe options, which no setting sets, are kept as they are.
var fieldNames = strings.NewReplacer(
	"UnsafeAllowInsecureOriginsWithCredentials", "core.Config.UnsafeAllowInsecureOriginsWithCredentials (in Go code; no setting sets it)",
	"UnsafeAllowAllOriginsWithCredentials", "core.Config.UnsafeAllowAllOriginsWithCredentials (in Go code; no setting sets it)",
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
