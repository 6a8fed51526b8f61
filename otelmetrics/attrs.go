package otelmetrics

import (
	"strings"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/corsheaders/corsheaders/core"
)

// An outcome is what a decision means for the client: the attribute
// outcome of corsheaders.decisions.
type outcome uint8

const (
	notCORS outcome = iota
	granted
	refused
	partial
	numOutcomes
)

var outcomeKeys = [numOutcomes]string{"not_cors", "granted", "refused", "partial"}

// outcomeOf classifies a decision: a request that is not CORS, a refusal
// (no Access-Control-Allow-Origin), a grant in full, or a grant that
// leaves out something asked for (ReasonPrivateNetworkNotAllowed: the
// preflight succeeds, without private-network access).
func outcomeOf(o core.Observation) outcome {
	switch {
	case o.Kind == core.NotCORS:
		return notCORS
	case !o.Allowed:
		return refused
	case o.Reason != core.ReasonAllowed:
		return partial
	}
	return granted
}

// numKinds and numReasons count the Kinds and Reasons core names: every
// one below them has a Key of its own (core pins them), the first without
// one is the Key's fallback spelling.
var (
	numKinds   = count(func(i int) string { return core.Kind(i).Key() }, "kind_")
	numReasons = count(func(i int) string { return core.Reason(i).Key() }, "reason_")
)

func count(key func(int) string, fallback string) int {
	n := 0
	for n < 256 && !strings.HasPrefix(key(n), fallback) {
		n++
	}
	return n
}

// ruleAttrs holds the measurement options of one rule: one precomputed
// slice per combination of attributes, built on first use, so that
// counting a decision allocates nothing (WithAttributes would allocate on
// every call).
type ruleAttrs struct {
	rule          attribute.KeyValue
	decisions     []atomic.Pointer[addOptions] // [kind][outcome][reason]
	disagreements []atomic.Pointer[addOptions] // [kind][candidate kind][candidate reason]
}

type addOptions struct{ opts []metric.AddOption }

func newRuleAttrs(rule string) *ruleAttrs {
	return &ruleAttrs{
		rule:          attribute.String("rule", rule),
		decisions:     make([]atomic.Pointer[addOptions], numKinds*int(numOutcomes)*numReasons),
		disagreements: make([]atomic.Pointer[addOptions], numKinds*numKinds*numReasons),
	}
}

// decision returns the options of a decision's attributes.
func (ra *ruleAttrs) decision(k core.Kind, out outcome, r core.Reason) []metric.AddOption {
	if int(k) >= numKinds || int(r) >= numReasons {
		return ra.decisionOptions(k, out, r) // not in core's tables: never met
	}
	cell := &ra.decisions[(int(k)*int(numOutcomes)+int(out))*numReasons+int(r)]
	if p := cell.Load(); p != nil {
		return p.opts
	}
	p := &addOptions{ra.decisionOptions(k, out, r)}
	cell.Store(p) // a concurrent builder stores the same attributes
	return p.opts
}

func (ra *ruleAttrs) decisionOptions(k core.Kind, out outcome, r core.Reason) []metric.AddOption {
	set := attribute.NewSet(
		attribute.String("kind", k.Key()),
		attribute.String("outcome", outcomeKeys[out]),
		attribute.String("reason", r.Key()),
		ra.rule,
	)
	return []metric.AddOption{metric.WithAttributeSet(set)}
}

// disagreement returns the options of a report-only disagreement's
// attributes: the kind in force and the candidate's kind and reason.
func (ra *ruleAttrs) disagreement(k, ck core.Kind, cr core.Reason) []metric.AddOption {
	if int(k) >= numKinds || int(ck) >= numKinds || int(cr) >= numReasons {
		return ra.disagreementOptions(k, ck, cr)
	}
	cell := &ra.disagreements[(int(k)*numKinds+int(ck))*numReasons+int(cr)]
	if p := cell.Load(); p != nil {
		return p.opts
	}
	p := &addOptions{ra.disagreementOptions(k, ck, cr)}
	cell.Store(p)
	return p.opts
}

func (ra *ruleAttrs) disagreementOptions(k, ck core.Kind, cr core.Reason) []metric.AddOption {
	set := attribute.NewSet(
		attribute.String("kind", k.Key()),
		attribute.String("candidate_kind", ck.Key()),
		attribute.String("candidate_reason", cr.Key()),
		ra.rule,
	)
	return []metric.AddOption{metric.WithAttributeSet(set)}
}
