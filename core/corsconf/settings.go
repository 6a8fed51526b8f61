package corsconf

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/corsheaders/corsheaders/core"
	textsafe "github.com/corsheaders/corsheaders/core/internal/printable"
)

// Settings is a configuration as loaded: the core.Config it describes, the
// settings that were given, and notes that do not stop it from loading.
type Settings struct {
	// Config is the configuration; what was not given keeps core's
	// default, which is django-cors-headers' default.
	Config core.Config
	// Given maps the name of each setting given (its current name, such
	// as "CORS_ALLOWED_ORIGINS") to the variable or key that gave it, as
	// written: with its prefix, or under an old name.
	Given map[string]string
	// Notes are advice about settings that were read all the same, such
	// as an old name to replace.
	Notes []string

	json bool // read from JSON, not from the environment: see Translate
}

// Names are the settings read: django-cors-headers' names, in the order
// django-cors-headers documents them, then corsheaders' own, for the Host
// guard and Origin enforcement (core.Config's HostGuard, AllowedHosts,
// EnforceOrigin and PublicScheme).
var Names = []string{
	"CORS_ALLOWED_ORIGINS",
	"CORS_ALLOWED_ORIGIN_REGEXES",
	"CORS_ALLOW_ALL_ORIGINS",
	"CORS_URLS_REGEX",
	"CORS_ALLOW_METHODS",
	"CORS_ALLOW_HEADERS",
	"CORS_EXPOSE_HEADERS",
	"CORS_PREFLIGHT_MAX_AGE",
	"CORS_ALLOW_CREDENTIALS",
	"CORS_ALLOW_PRIVATE_NETWORK",
	"CORS_HOST_GUARD",
	"CORS_ALLOWED_HOSTS",
	"CORS_ENFORCE_ORIGIN",
	"CORS_PUBLIC_SCHEME",
}

// OldNames maps django-cors-headers' pre-3.0 setting names to the names
// that replaced them. Both are read; setting both to different values is
// an error.
var OldNames = map[string]string{
	"CORS_ORIGIN_WHITELIST":       "CORS_ALLOWED_ORIGINS",
	"CORS_ORIGIN_REGEX_WHITELIST": "CORS_ALLOWED_ORIGIN_REGEXES",
	"CORS_ORIGIN_ALLOW_ALL":       "CORS_ALLOW_ALL_ORIGINS",
}

// removed are settings django-cors-headers dropped, and settings that
// only Go code sets, with what to do instead.
var removed = map[string]string{
	"CORS_REPLACE_HTTPS_REFERER": "django-cors-headers 4.0 removed it in favour of Django's CSRF_TRUSTED_ORIGINS; protect writes with CSRF protection instead (docs/security.md)",
	"CORS_MODEL":                 "django-cors-headers 3.0 removed it; allow origins from a database with a CheckRequest hook or core.Live (docs/configuration.md)",
	"CORS_URLS_ALLOW_ALL_REGEX":  "django-cors-headers never had it; use CORS_URLS_REGEX to choose the paths, and CORS_ALLOW_ALL_ORIGINS",
	// The Unsafe options are Go's only, as a setting could turn a
	// protection off from a deployment's environment unseen.
	"CORS_UNSAFE_ALLOW_ANY_HOST": "turning the Host guard off is core.Config.UnsafeAllowAnyHost, in Go code only, as every Unsafe option; list the names the server is reached by in CORS_ALLOWED_HOSTS",
}

// field is where the value of a setting goes, and the name of the
// core.Config field, for NewPolicy's errors.
type kind int

const (
	listKind  kind = iota // origins, methods, headers: commas or white space
	regexList             // regexes: white space only
	boolKind
	stringKind
	secondsKind
)

type setting struct {
	name  string
	field string // core.Config field
	kind  kind
	set   func(c *core.Config, v value)
}

// value is a setting's parsed value.
type value struct {
	list    []string
	b       bool
	s       string
	seconds int64
}

func (v value) equal(w value) bool {
	return slices.Equal(v.list, w.list) && v.b == w.b && v.s == w.s && v.seconds == w.seconds
}

var settings = map[string]setting{
	"CORS_ALLOWED_ORIGINS":        {field: "AllowedOrigins", kind: listKind, set: func(c *core.Config, v value) { c.AllowedOrigins = v.list }},
	"CORS_ALLOWED_ORIGIN_REGEXES": {field: "AllowedOriginRegexes", kind: regexList, set: func(c *core.Config, v value) { c.AllowedOriginRegexes = v.list }},
	"CORS_ALLOW_ALL_ORIGINS":      {field: "AllowAllOrigins", kind: boolKind, set: func(c *core.Config, v value) { c.AllowAllOrigins = v.b }},
	"CORS_URLS_REGEX":             {field: "URLsRegex", kind: stringKind, set: func(c *core.Config, v value) { c.URLsRegex = v.s }},
	"CORS_ALLOW_METHODS":          {field: "AllowMethods", kind: listKind, set: func(c *core.Config, v value) { c.AllowMethods = v.list }},
	"CORS_ALLOW_HEADERS":          {field: "AllowHeaders", kind: listKind, set: func(c *core.Config, v value) { c.AllowHeaders = v.list }},
	"CORS_EXPOSE_HEADERS":         {field: "ExposeHeaders", kind: listKind, set: func(c *core.Config, v value) { c.ExposeHeaders = v.list }},
	"CORS_PREFLIGHT_MAX_AGE":      {field: "PreflightMaxAge", kind: secondsKind, set: setMaxAge},
	"CORS_ALLOW_CREDENTIALS":      {field: "AllowCredentials", kind: boolKind, set: func(c *core.Config, v value) { c.AllowCredentials = v.b }},
	"CORS_ALLOW_PRIVATE_NETWORK":  {field: "AllowPrivateNetwork", kind: boolKind, set: func(c *core.Config, v value) { c.AllowPrivateNetwork = v.b }},
	"CORS_HOST_GUARD":             {field: "HostGuard", kind: boolKind, set: func(c *core.Config, v value) { c.HostGuard = v.b }},
	"CORS_ALLOWED_HOSTS":          {field: "AllowedHosts", kind: listKind, set: func(c *core.Config, v value) { c.AllowedHosts = v.list }},
	"CORS_ENFORCE_ORIGIN":         {field: "EnforceOrigin", kind: boolKind, set: func(c *core.Config, v value) { c.EnforceOrigin = v.b }},
	"CORS_PUBLIC_SCHEME":          {field: "PublicScheme", kind: stringKind, set: func(c *core.Config, v value) { c.PublicScheme = v.s }},
}

func init() {
	for name, s := range settings {
		s.name = name
		settings[name] = s
	}
}

// maxAgeLimit is the longest max age core accepts, a week.
const maxAgeLimit = 7 * 24 * 60 * 60

// setMaxAge follows django-cors-headers: 0 sends no Access-Control-Max-Age.
// core reads a zero PreflightMaxAge as its default (86400 seconds, also
// django's), so 0 becomes core.NoPreflightMaxAge.
func setMaxAge(c *core.Config, v value) {
	if v.seconds == 0 {
		c.PreflightMaxAge = core.NoPreflightMaxAge
		return
	}
	c.PreflightMaxAge = time.Duration(v.seconds) * time.Second
}

// An Error is one problem with a setting.
type Error struct {
	// File is the file the setting was read from, or "".
	File string
	// Name is the variable or file key at fault, as written, such as
	// "MYAPP_CORS_ALLOW_CREDENTIALS".
	Name string
	// Index is the position of the faulty element in a list, or -1.
	Index int
	// Value is the faulty value, as written.
	Value string
	// Problem says what is wrong with it.
	Problem string
	// Fix says how to correct it.
	Fix string
	// Err is the *core.ConfigError behind the problem when core.NewPolicy
	// found it, or nil.
	Err error
}

func (e *Error) Error() string {
	where := printable(e.Name)
	if e.File != "" {
		where = textsafe.Escape(e.File) + ": " + where
	}
	if e.Index >= 0 {
		where += "[" + strconv.Itoa(e.Index) + "]"
	}
	v := e.Value
	if len(v) > maxShown {
		v = strings.ToValidUTF8(v[:maxShown], "") + "…"
	}
	// Problem and Fix may name a key as written, which can hold terminal
	// escape sequences: escape them (see printable).
	msg := fmt.Sprintf("%s %q: %s", where, v, textsafe.Escape(e.Problem))
	if e.Fix != "" {
		msg += "; " + textsafe.Escape(e.Fix)
	}
	return msg
}

// maxShown is how much of a value an error message quotes: enough to find
// it, not a megabyte pasted into a log.
const maxShown = 200

// printable is name as is when it is printable ASCII, else quoted: a JSON
// key can hold terminal escape sequences, which an error message or a note
// must not pass on to the terminal that shows it.
func printable(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] > 0x7e {
			return strconv.Quote(name)
		}
	}
	return name
}

// Unwrap returns the *core.ConfigError behind e, if any.
func (e *Error) Unwrap() error { return e.Err }

// loader accumulates settings from one source.
type loader struct {
	s        Settings
	values   map[string]value // by current name
	errs     []error
	fileKeys bool   // names are JSON keys, not variables
	prefix   string // of the variables' names
}

func newLoader() *loader {
	return &loader{s: Settings{Given: map[string]string{}}, values: map[string]value{}}
}

func (l *loader) fail(name string, index int, v, problem, fix string) {
	l.errs = append(l.errs, &Error{Name: name, Index: index, Value: v, Problem: problem, Fix: fix})
}

// take records the value v of the setting current, given as written.
func (l *loader) take(current, written string, v value) {
	if prev, ok := l.values[current]; ok {
		other := l.s.Given[current]
		if !prev.equal(v) {
			l.fail(written, -1, show(v), "set together with "+other+" to another value", "keep only "+current)
			return
		}
		l.s.Notes = append(l.s.Notes, printable(written)+" and "+printable(other)+" are both set, to the same value; keep only "+current)
		return
	}
	l.values[current] = v
	l.s.Given[current] = written
}

func (l *loader) finish() (*Settings, error) {
	l.s.json = l.fileKeys
	for _, name := range Names {
		if v, ok := l.values[name]; ok {
			settings[name].set(&l.s.Config, v)
		}
	}
	// Notes for old names, in a stable order.
	for _, name := range Names {
		written, ok := l.s.Given[name]
		if !ok {
			continue
		}
		for old, cur := range OldNames {
			if cur == name && strings.HasSuffix(written, old) {
				l.s.Notes = append(l.s.Notes, printable(written)+" is django-cors-headers' pre-3.0 name: rename it "+printable(strings.TrimSuffix(written, old)+name))
			}
		}
	}
	if err := errors.Join(l.errs...); err != nil {
		return nil, err
	}
	return &l.s, nil
}

// resolve maps a written name (without prefix) to the current name of its
// setting; ok is false for an unknown name, which is reported.
func (l *loader) resolve(written, bare, v string) (string, bool) {
	if _, ok := settings[bare]; ok {
		return bare, true
	}
	if cur, ok := OldNames[bare]; ok {
		return cur, true
	}
	what := "unknown setting"
	if l.fileKeys {
		what = "unknown key"
	}
	if why, ok := removed[bare]; ok {
		l.fail(written, -1, v, "not a setting: "+why, "remove it")
		return "", false
	}
	fix := "the settings are " + strings.Join(Names, ", ")
	if near := nearest(bare); near != "" {
		fix = "did you mean " + l.prefix + near + "?"
	}
	l.fail(written, -1, v, what, fix)
	return "", false
}

func show(v value) string {
	switch {
	case v.list != nil:
		return strings.Join(v.list, " ")
	case v.s != "":
		return v.s
	}
	return ""
}

// nearest is the known name closest to name by edit distance, or "" when
// none is close.
func nearest(name string) string {
	best, bestD := "", 1<<30
	candidates := slices.Concat(Names, slices.Sorted(mapsKeys(OldNames)))
	for _, c := range candidates {
		if d := distance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD > max(3, len(name)/3) {
		return ""
	}
	if cur, ok := OldNames[best]; ok {
		return cur
	}
	return best
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
