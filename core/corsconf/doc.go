// Package corsconf loads a CORS configuration the way django-cors-headers
// users write one: settings named CORS_ALLOWED_ORIGINS,
// CORS_ALLOW_CREDENTIALS and so on, read from environment variables
// ([FromEnv]) or from a JSON file ([FromFile], [FromJSON]) that can be
// checked in and validated in CI (`corsheaders validate --config`).
//
// The settings, their formats and their defaults are listed in
// docs/configuration-env.md. Besides django-cors-headers' own, CORS_HOST_GUARD,
// CORS_ALLOWED_HOSTS, CORS_ENFORCE_ORIGIN and CORS_PUBLIC_SCHEME set
// core.Config's Host guard and Origin enforcement, for servers on a
// developer's machine; like every Unsafe option, UnsafeAllowAnyHost has no
// setting. django-cors-headers' pre-3.0 names
// (CORS_ORIGIN_WHITELIST, CORS_ORIGIN_REGEX_WHITELIST, CORS_ORIGIN_ALLOW_ALL)
// are read as aliases of the new ones, with a note saying which to use. An
// unknown CORS_* name is an error that names the nearest known one, so a
// typo never goes unnoticed.
//
// Every problem is reported at once: the error returned is one [*Error] per
// problem, joined with [errors.Join], each naming the variable or key as
// written, its value, and how to fix it. [Settings.Policy] compiles the
// configuration with core.NewPolicy and reports its problems the same way,
// under the setting's name; errors.As still reaches the *core.ConfigError
// behind each.
//
// The package uses the standard library and core only.
package corsconf
