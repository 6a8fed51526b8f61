package caddyadapter

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"

	"github.com/corsheaders/corsheaders/core"
)

func init() {
	caddy.RegisterModule(Handler{})
}

// Handler is the Caddy HTTP handler module http.handlers.cors: the CORS
// middleware of corsheaders, deciding every request with a [core.Policy]
// compiled from its settings when Caddy provisions it.
//
// Its JSON keys are django-cors-headers' setting names in snake case, the
// CORS_ prefix left out ("allowed_origins" is CORS_ALLOWED_ORIGINS); the
// Caddyfile's subdirectives have the same names. Each field's comment
// names the core.Config field it sets, whose documentation says what it
// does.
//
// A preflight it grants, or refuses, is answered here and never reaches
// the handlers after it (reverse_proxy, file_server, authentication). Every
// other request goes on to them, with the response's CORS headers set.
// Where the handler runs, its decision is the only source of
// Access-Control-* headers: those an earlier handler set (a header
// directive) and those a later one writes, such as an upstream's behind
// reverse_proxy, are removed from the response (as core.DropUpstreamCORS
// does for a Go gateway), and Vary is kept.
//
// A Handler is built anew by each configuration Caddy loads: requests in
// flight when the configuration is reloaded finish with the policy they
// started with.
type Handler struct {
	Settings

	// URLsRegex limits CORS to the paths it matches (core.Config.URLsRegex).
	URLsRegex string `json:"urls_regex,omitempty"`

	// Paths gives paths policies of their own, the first rule matching a
	// path deciding it (core.Config.Paths).
	Paths []PathRule `json:"paths,omitempty"`

	// Debug logs, through Caddy's logger at level INFO, why each CORS
	// request is refused or only partly granted (core.Config.DebugLogger).
	Debug bool `json:"debug,omitempty"`

	// HostGuard refuses every request whose Host is not one the server
	// answers to, against DNS rebinding (core.Config.HostGuard).
	HostGuard bool `json:"host_guard,omitempty"`

	// AllowedHosts lists the hosts HostGuard lets through; none means this
	// machine's names (core.Config.AllowedHosts).
	AllowedHosts []string `json:"allowed_hosts,omitempty"`

	// UnsafeAllowAnyHost lets EnforceOrigin run without HostGuard
	// (core.Config.UnsafeAllowAnyHost).
	UnsafeAllowAnyHost bool `json:"unsafe_allow_any_host,omitempty"`

	// EnforceOrigin refuses a request from a foreign origin that no policy
	// allows before the next handler runs (core.Config.EnforceOrigin).
	EnforceOrigin bool `json:"enforce_origin,omitempty"`

	// PublicScheme is the scheme clients reach the server by, for
	// EnforceOrigin (core.Config.PublicScheme).
	PublicScheme string `json:"public_scheme,omitempty"`

	policy *core.Policy
}

// Settings are the settings a [PathRule] can give its paths as well.
type Settings struct {
	// AllowedOrigins lists the origins allowed (core.Config.AllowedOrigins).
	AllowedOrigins []string `json:"allowed_origins,omitempty"`

	// AllowedOriginRegexes lists RE2 regexes an allowed origin matches
	// whole (core.Config.AllowedOriginRegexes).
	AllowedOriginRegexes []string `json:"allowed_origin_regexes,omitempty"`

	// AllowAllOrigins allows every origin (core.Config.AllowAllOrigins).
	AllowAllOrigins bool `json:"allow_all_origins,omitempty"`

	// AllowMethods lists the methods a preflight may ask for
	// (core.Config.AllowMethods): absent means core.DefaultMethods, an
	// empty list only the methods browsers never ask for.
	AllowMethods []string `json:"allow_methods,omitzero"`

	// AllowHeaders lists the request headers a preflight may ask for
	// (core.Config.AllowHeaders): absent means core.DefaultHeaders, an
	// empty list none.
	AllowHeaders []string `json:"allow_headers,omitzero"`

	// ExposeHeaders lists the response headers scripts may read
	// (core.Config.ExposeHeaders).
	ExposeHeaders []string `json:"expose_headers,omitempty"`

	// PreflightMaxAge is how long browsers may cache a preflight's answer
	// (core.Config.PreflightMaxAge): a number of seconds, as in
	// django-cors-headers, a duration string such as "2h", or "none" to
	// send no Access-Control-Max-Age; absent means 86400 seconds.
	PreflightMaxAge MaxAge `json:"preflight_max_age,omitzero"`

	// AllowCredentials lets browsers send cookies and read the answers
	// (core.Config.AllowCredentials).
	AllowCredentials bool `json:"allow_credentials,omitempty"`

	// AllowPrivateNetwork answers private network preflights
	// (core.Config.AllowPrivateNetwork).
	AllowPrivateNetwork bool `json:"allow_private_network,omitempty"`

	// PreflightStatus is a granted preflight's status, 204 when absent
	// (core.Config.PreflightStatus).
	PreflightStatus int `json:"preflight_status,omitempty"`

	// UnsafeAllowAllOriginsWithCredentials permits AllowAllOrigins with
	// AllowCredentials (core.Config.UnsafeAllowAllOriginsWithCredentials).
	UnsafeAllowAllOriginsWithCredentials bool `json:"unsafe_allow_all_origins_with_credentials,omitempty"`

	// UnsafeAllowInsecureOriginsWithCredentials permits http:// origins
	// other than this machine's with AllowCredentials
	// (core.Config.UnsafeAllowInsecureOriginsWithCredentials).
	UnsafeAllowInsecureOriginsWithCredentials bool `json:"unsafe_allow_insecure_origins_with_credentials,omitempty"`
}

// A PathRule gives the paths it matches settings of their own
// (core.PathRule). Exactly one of Prefix and Regex is set. Settings left
// out take their defaults, not the enclosing handler's: a rule's policy is
// written whole.
type PathRule struct {
	// Prefix matches a subtree of paths: "/api" matches "/api" and every
	// path below "/api/".
	Prefix string `json:"prefix,omitempty"`

	// Regex is an RE2 regex matched from the start of the path.
	Regex string `json:"regex,omitempty"`

	Settings
}

// CaddyModule returns the Caddy module information.
func (Handler) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "http.handlers.cors",
		New: func() caddy.Module { return new(Handler) },
	}
}

// Config is the core.Config the handler's settings say, logging through
// logger when Debug is set.
func (h *Handler) Config(logger *slog.Logger) core.Config {
	cfg := h.Settings.config()
	cfg.URLsRegex = h.URLsRegex
	cfg.HostGuard, cfg.AllowedHosts, cfg.UnsafeAllowAnyHost = h.HostGuard, h.AllowedHosts, h.UnsafeAllowAnyHost
	cfg.EnforceOrigin, cfg.PublicScheme = h.EnforceOrigin, h.PublicScheme
	if h.Debug {
		cfg.DebugLogger = logger
	}
	for _, r := range h.Paths {
		if cfg.Paths == nil {
			cfg.Paths = make([]core.PathRule, 0, len(h.Paths))
		}
		cfg.Paths = append(cfg.Paths, core.PathRule{Prefix: r.Prefix, Regex: r.Regex, Config: r.Settings.config()})
	}
	return cfg
}

func (s *Settings) config() core.Config {
	return core.Config{
		AllowedOrigins:       s.AllowedOrigins,
		AllowedOriginRegexes: s.AllowedOriginRegexes,
		AllowAllOrigins:      s.AllowAllOrigins,
		AllowMethods:         s.AllowMethods,
		AllowHeaders:         s.AllowHeaders,
		ExposeHeaders:        s.ExposeHeaders,
		PreflightMaxAge:      s.PreflightMaxAge.Duration,
		AllowCredentials:     s.AllowCredentials,
		AllowPrivateNetwork:  s.AllowPrivateNetwork,
		PreflightStatus:      s.PreflightStatus,

		UnsafeAllowAllOriginsWithCredentials:      s.UnsafeAllowAllOriginsWithCredentials,
		UnsafeAllowInsecureOriginsWithCredentials: s.UnsafeAllowInsecureOriginsWithCredentials,
	}
}

// Provision compiles the handler's policy. Every problem of its settings
// is reported at once, each in the words of the Caddyfile and of the JSON
// keys (see [Problems]); Caddy then refuses the configuration, so that
// `caddy run`, `caddy validate` and a reload through the admin API report
// them and a reload keeps the configuration in force.
func (h *Handler) Provision(ctx caddy.Context) error {
	var logger *slog.Logger
	if h.Debug {
		logger = debugLogger(ctx)
	}
	p, err := h.compile(logger)
	if err != nil {
		return listed("the cors handler", err)
	}
	h.policy = p
	return nil
}

// debugLogger is the logger of a handler with debug: Caddy's, under the
// handler's module ID.
var debugLogger = func(ctx caddy.Context) *slog.Logger { return ctx.Slogger() }

// compile builds the handler's policy, or returns every problem of its
// settings: core's, told in the Caddyfile's words, and the wildcards of
// Caddy's path matchers written in a path block's prefix.
func (h *Handler) compile(logger *slog.Logger) (*core.Policy, error) {
	var errs []error
	for _, r := range h.Paths {
		if r.Regex == "" && strings.Contains(r.Prefix, "*") {
			fix := strings.TrimRight(strings.ReplaceAll(r.Prefix, "*", ""), "/")
			if fix == "" {
				fix = "/"
			}
			errs = append(errs, &Problem{Path: r.Prefix, Setting: "path",
				Problem: "a path block's prefix is a path, not a Caddy matcher: \"*\" is no wildcard there, so no request would match",
				Fix:     "write path " + fix + ", which matches " + fix + " and every path below it"})
		}
	}
	p, err := core.NewPolicy(h.Config(logger))
	if err != nil {
		errs = append(errs, Problems(err, h))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// Policy returns the policy Provision compiled, nil before: a provisioned
// Handler is a core.Source, e.g. for Policy.Explain in a test.
func (h *Handler) Policy() *core.Policy { return h.policy }

// ServeHTTP decides r, answers a preflight itself, and passes every other
// request on with the response's CORS headers set.
//
// Access-Control-* headers an earlier handler set (a header directive left
// from a hand-written CORS setup) are removed first: the decision's are
// the only ones in the answer, granted or refused.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request, next caddyhttp.Handler) error {
	dropCORS(w.Header())
	d := core.Handle(h.policy, w.Header(), r)
	if d.Answered() {
		w.WriteHeader(d.Status)
		return nil
	}
	ours := &onlyOurs{ResponseWriterWrapper: caddyhttp.ResponseWriterWrapper{ResponseWriter: w}}
	ours.keep(w.Header())
	return next.ServeHTTP(ours, r)
}

func isCORS(name string) bool {
	const prefix = "Access-Control-"
	return len(name) >= len(prefix) && strings.EqualFold(name[:len(prefix)], prefix)
}

// onlyOurs is the ResponseWriter the handlers after the CORS handler write
// to: when the response's header is sent, its Access-Control-* lines are
// put back to the decision's, those another handler wrote (an upstream's,
// copied by reverse_proxy) removed. A 1xx answer's header is treated the
// same, and so is the final answer's after it, whatever a handler did to
// the header map in between.
type onlyOurs struct {
	caddyhttp.ResponseWriterWrapper
	// names and values are the decision's lines: values[ends[i-1]:ends[i]]
	// are those of names[i], in one array of their own, so that nothing a
	// later handler writes in place reaches them.
	names       [maxLines]string
	ends        [maxLines]int
	n           int
	values      []string
	wroteHeader bool
}

// maxLines bounds the Access-Control-* header names of a decision: core
// writes at most six (Allow-Origin, -Credentials, -Methods, -Headers,
// Max-Age and Allow-Private-Network, or Expose-Headers).
const maxLines = 8

// keep copies the Access-Control-* lines of h, the decision's.
func (w *onlyOurs) keep(h http.Header) {
	size := 0
	for name, values := range h {
		if isCORS(name) {
			size += len(values)
		}
	}
	if size == 0 {
		return
	}
	w.values = make([]string, 0, size)
	for name, values := range h {
		if isCORS(name) && w.n < maxLines {
			w.values = append(w.values, values...)
			w.names[w.n], w.ends[w.n] = name, len(w.values)
			w.n++
		}
	}
}

// restore puts the decision's lines back in place of every
// Access-Control-* line of the header. The final answer's header shares
// the kept array (it is being sent, and no other answer follows); a 1xx
// answer's gets copies, so that a write in place between the two cannot
// reach the final answer.
func (w *onlyOurs) restore(final bool) {
	h := w.ResponseWriter.Header()
	dropCORS(h)
	values := w.values
	if !final {
		values = append([]string(nil), values...)
	}
	start := 0
	for i := range w.n {
		end := w.ends[i]
		h[w.names[i]] = values[start:end:end]
		start = end
	}
}

func (w *onlyOurs) WriteHeader(status int) {
	if w.wroteHeader {
		w.ResponseWriter.WriteHeader(status)
		return
	}
	final := status >= 200 || status == http.StatusSwitchingProtocols
	w.restore(final)
	w.wroteHeader = final
	w.ResponseWriter.WriteHeader(status)
}

func (w *onlyOurs) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// ReadFrom sends the header first, put right, as Write does: the
// underlying writer's ReadFrom would send it unseen.
func (w *onlyOurs) ReadFrom(r io.Reader) (int64, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriterWrapper.ReadFrom(r)
}

// FlushError flushes what is written, sending the header first (as
// http.ResponseController's Flush does) with its CORS lines put right.
func (w *onlyOurs) FlushError() error {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Flush is FlushError for callers asserting http.Flusher.
func (w *onlyOurs) Flush() { _ = w.FlushError() }

// Interface guards
var (
	_ caddy.Provisioner           = (*Handler)(nil)
	_ caddyhttp.MiddlewareHandler = (*Handler)(nil)
)

// dropCORS removes the Access-Control-* lines of h.
func dropCORS(h http.Header) {
	for name := range h {
		if isCORS(name) {
			delete(h, name)
		}
	}
}
