package corsconf

import (
	"os"
	"slices"
	"strconv"
	"strings"
)

// An Option changes how [FromEnv] reads the environment.
type Option func(*envOptions)

type envOptions struct {
	prefix  string
	environ []string
}

// WithPrefix reads the settings under a prefix, for applications that
// namespace their variables: WithPrefix("MYAPP_") reads
// MYAPP_CORS_ALLOWED_ORIGINS, and checks the names of the variables that
// start with MYAPP_CORS_.
func WithPrefix(prefix string) Option {
	return func(o *envOptions) { o.prefix = prefix }
}

// WithEnviron reads env, "NAME=value" strings as [os.Environ] returns them,
// instead of the process's environment: for tests, or for a set of
// variables kept elsewhere.
func WithEnviron(env []string) Option {
	return func(o *envOptions) { o.environ = env }
}

// FromEnv reads the CORS_* environment variables (see [Names] and
// [OldNames]). A variable set to the empty string or to white space counts
// as unset, since shells and compose files often export empty values,
// except CORS_PREFLIGHT_MAX_AGE, where empty, like 0, sends no
// Access-Control-Max-Age, as in django-cors-headers. Lists (origins, hosts,
// methods, headers) are separated by commas, white space or both;
// CORS_ALLOWED_ORIGIN_REGEXES by white space only, since a regex may hold a
// comma. Booleans are read as django-environ reads them: true, on, ok, y,
// yes, 1 and false, off, no, n, 0, in any case; anything else is an error.
// A variable whose name starts with the prefix and CORS_ but is not a
// setting is an error naming the nearest setting.
//
// Every problem is reported at once, each an [*Error].
func FromEnv(opts ...Option) (*Settings, error) {
	o := envOptions{}
	for _, opt := range opts {
		opt(&o)
	}
	if o.environ == nil {
		o.environ = os.Environ()
	}
	l := newLoader()
	l.prefix = o.prefix
	env := slices.Clone(o.environ)
	slices.Sort(env)
	for _, kv := range env {
		name, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		bare, ok := strings.CutPrefix(name, o.prefix)
		if !ok || !strings.HasPrefix(bare, "CORS_") {
			continue
		}
		current, ok := l.resolve(name, bare, v)
		if !ok {
			continue
		}
		s := settings[current]
		if strings.TrimSpace(v) == "" && s.kind != secondsKind {
			continue
		}
		if val, ok := l.parseEnv(name, s.kind, v); ok {
			l.take(current, name, val)
		}
	}
	return l.finish()
}

func (l *loader) parseEnv(name string, k kind, v string) (value, bool) {
	switch k {
	case listKind:
		return value{list: splitList(v)}, true
	case regexList:
		return value{list: strings.Fields(v)}, true
	case stringKind:
		return value{s: strings.TrimSpace(v)}, true
	case boolKind:
		b, ok := parseBool(v)
		if !ok {
			l.fail(name, -1, v, "not a boolean", "use true or false")
		}
		return value{b: b}, ok
	case secondsKind:
		if strings.TrimSpace(v) == "" {
			return value{}, true
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			l.fail(name, -1, v, "not a whole number of seconds", "write seconds, such as 600; 0 sends no Access-Control-Max-Age")
			return value{}, false
		}
		return l.checkSeconds(name, v, n)
	}
	return value{}, false
}

func (l *loader) checkSeconds(name, written string, n int64) (value, bool) {
	switch {
	case n < 0:
		l.fail(name, -1, written, "negative", "use a number of seconds, or 0 to send no Access-Control-Max-Age")
		return value{}, false
	case n > maxAgeLimit:
		l.fail(name, -1, written, "more than a week", "use at most 86400 (24 hours), the longest any browser keeps a preflight")
		return value{}, false
	}
	return value{seconds: n}, true
}

// splitList splits a list of origins, methods or header names, none of
// which can hold a comma or white space, on both.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
}

// parseBool reads a boolean as django-environ does, but refuses what it
// would silently read as false.
func parseBool(v string) (b, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "on", "ok", "y", "yes", "1":
		return true, true
	case "false", "off", "no", "n", "0":
		return false, true
	}
	return false, false
}
