package otelmetrics

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/corsheaders/corsheaders/core"
)

// ScopeName is the instrumentation scope of the instruments: the name of
// the Meter they come from.
const ScopeName = "github.com/corsheaders/corsheaders/otelmetrics"

// Names of the instruments.
const (
	DecisionsName      = "corsheaders.decisions"
	DisagreementsName  = "corsheaders.report_only.disagreements"
	RefusedOriginsName = "corsheaders.refused_origins"
)

// MaxRefusedOrigins is the most origins WithRefusedOrigins may show.
const MaxRefusedOrigins = 100

// MaxRules is how many rule names Metrics keeps attributes for. Rules are
// those of Config.Paths, so a configuration has few; past MaxRules (a
// policy reloaded with ever new rules), decisions are counted under the
// rule "(other)".
const MaxRules = 64

// Metrics counts the decisions it observes into OpenTelemetry instruments
// (see the package documentation). Build it with [New]; give
// [Metrics.Observe] to [core.Observe], or wrap a Source with
// [Metrics.Source]. It is safe for concurrent use.
type Metrics struct {
	decisions     metric.Int64Counter
	disagreements metric.Int64Counter

	// rules maps a rule name to its attributes; it is replaced, never
	// changed, under mu, so that Observe reads it without locking.
	rules atomic.Pointer[map[string]*ruleAttrs]
	mu    sync.Mutex

	origins *sketch // nil without WithRefusedOrigins
	topN    int
}

// An Option tunes [New].
type Option func(*options)

type options struct {
	refusedOrigins int
	set            bool
}

// WithRefusedOrigins adds the instrument corsheaders.refused_origins: at
// each collection, the n origins (1 to MaxRefusedOrigins) refused most
// often since the start, each with its count of refused requests. The
// counts come from a Space-Saving sketch of 4n entries (at least 32), so
// that memory and the number of series stay bounded whatever clients
// send: an origin refused more often than one request in 4n is always
// among them, and a count may exceed the truth by at most the count of the
// origin it replaced in the sketch.
//
// The origin attribute is written by whoever sends requests: an attacker
// can put any origin in the top-N, and push others out of it. Only values
// that read as a serialized origin (scheme://host[:port] or "null") are
// shown, in normal form (lower case, without a default port); every other
// value, and a request with several Origin values, counts as
// "(malformed)".
func WithRefusedOrigins(n int) Option {
	return func(o *options) { o.refusedOrigins, o.set = n, true }
}

// New returns Metrics whose instruments come from mp's Meter named
// [ScopeName]. An option out of range is an error (a *core.ConfigError
// naming the option), as is an instrument mp refuses to create.
func New(mp metric.MeterProvider, opts ...Option) (*Metrics, error) {
	if mp == nil {
		return nil, &core.ConfigError{Field: "New", Index: -1, Problem: "the MeterProvider is nil", Fix: "pass the application's provider, or otel.GetMeterProvider()"}
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.set && (o.refusedOrigins < 1 || o.refusedOrigins > MaxRefusedOrigins) {
		return nil, &core.ConfigError{Field: "WithRefusedOrigins", Index: -1, Value: strconv.Itoa(o.refusedOrigins),
			Problem: "shows between 1 and " + strconv.Itoa(MaxRefusedOrigins) + " origins",
			Fix:     "choose a number in that range: each origin is one series"}
	}
	meter := mp.Meter(ScopeName)
	m := &Metrics{}
	var err1, err2 error
	m.decisions, err1 = meter.Int64Counter(DecisionsName, metric.WithUnit("{request}"),
		metric.WithDescription("Decisions of the CORS middleware, by kind, outcome, reason and Paths rule."))
	m.disagreements, err2 = meter.Int64Counter(DisagreementsName, metric.WithUnit("{request}"),
		metric.WithDescription("Requests a report-only candidate CORS policy would have answered otherwise."))
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	empty := map[string]*ruleAttrs{}
	m.rules.Store(&empty)
	if o.set {
		m.topN = o.refusedOrigins
		m.origins = newSketch(max(4*o.refusedOrigins, 32))
		_, err := meter.Int64ObservableCounter(RefusedOriginsName, metric.WithUnit("{request}"),
			metric.WithDescription("Refused CORS requests of the origins refused most often (estimated; the origin is chosen by the client)."),
			metric.WithInt64Callback(m.observeOrigins))
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Source returns a Source that decides as src does and counts each
// decision: core.Observe(src, m.Observe). Its Policy method returns
// src's, so a Live source keeps being counted across reloads.
func (m *Metrics) Source(src core.Source) core.Source {
	return core.Observe(src, m.Observe)
}

// ctx is the context of the measurements: a decision carries none, and
// an exemplar would need the request's span anyway.
var ctx = context.Background()

// Observe counts one decision. It allocates nothing once the decision's
// combination of attributes has been met.
func (m *Metrics) Observe(o core.Observation) {
	ra := m.rule(o.Rule)
	out := outcomeOf(o)
	m.decisions.Add(ctx, 1, ra.decision(o.Kind, out, o.Reason)...)
	if o.Disagrees {
		m.disagreements.Add(ctx, 1, ra.disagreement(o.Kind, o.CandidateKind, o.CandidateReason)...)
	}
	if m.origins != nil && out == refused {
		m.origins.addOrigin(o.Origin)
	}
}

// observeOrigins reports the top-N of refused origins.
func (m *Metrics) observeOrigins(_ context.Context, obs metric.Int64Observer) error {
	for _, e := range m.origins.top(m.topN) {
		obs.Observe(int64(e.count), metric.WithAttributeSet(attribute.NewSet(attribute.String("origin", e.key))))
	}
	return nil
}

// rule returns the attributes of the rule named name.
func (m *Metrics) rule(name string) *ruleAttrs {
	if ra, ok := (*m.rules.Load())[name]; ok {
		return ra
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	rules := *m.rules.Load()
	if ra, ok := rules[name]; ok {
		return ra
	}
	label := name
	if len(rules) >= MaxRules {
		// Past the bound, unknown names share one entry and are not kept.
		if ra, ok := rules[otherRule]; ok {
			return ra
		}
		name, label = otherRule, otherRule
	} else if !utf8.ValidString(label) {
		// Explain's names escape what is not printable; a label must be
		// UTF-8 whatever a future name holds, or an exporter may refuse
		// the whole scrape.
		label = strings.ToValidUTF8(label, "\uFFFD")
	}
	ra := newRuleAttrs(label)
	next := make(map[string]*ruleAttrs, len(rules)+1)
	for k, v := range rules {
		next[k] = v
	}
	next[name] = ra
	m.rules.Store(&next)
	return ra
}

// otherRule is the rule label past MaxRules.
const otherRule = "(other)"
