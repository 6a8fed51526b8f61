// Package otelmetrics counts the decisions of the corsheaders middleware
// with OpenTelemetry's metric API: how many requests each kind of decision
// met, granted or refused, for which [core.Reason] and under which rule of
// Config.Paths; how often a report-only candidate policy disagreed with the
// one in force; and, when asked for, the few origins refused most often.
//
// It is a module of its own, so that only its users download OpenTelemetry;
// it needs the metric API only, and leaves the SDK and the exporter (such as
// Prometheus) to the application.
//
//	m, err := otelmetrics.New(otel.GetMeterProvider())
//	if err != nil { … }
//	r.Use(chiadapter.FromPolicy(m.Source(policy)))
//
// # Instruments
//
//   - corsheaders.decisions (counter, {request}): every decision, with the
//     attributes kind ([core.Kind.Key]: not_cors, actual,
//     preflight_accepted, preflight_rejected), outcome (granted, refused,
//     partial — granted without something it asked for, such as
//     private-network access — or not_cors), reason ([core.Reason.Key])
//     and rule (the rule of Config.Paths that decided the request, as
//     Policy.Explain names it: `Prefix "/api/"`; "" without Paths or when
//     no rule matched).
//   - corsheaders.report_only.disagreements (counter, {request}): the
//     requests on which a report-only candidate policy would have answered
//     otherwise, with kind (the decision in force), candidate_kind,
//     candidate_reason and rule.
//   - corsheaders.refused_origins (asynchronous counter, {request}), only
//     with [WithRefusedOrigins]: the refused requests of the N origins
//     refused most often, with the attribute origin.
//
// Every attribute takes few values, fixed by this package or by the
// configuration: the origin, which the client chooses, is never an
// attribute of the counters. The top-N of refused origins is an attribute
// an attacker writes (any client can send any Origin): it is bounded to N
// series by a sketch of fixed size, and only origins that read as a
// serialized origin are shown, in their normal form; any other value is
// counted as "(malformed)".
//
// Observing a decision allocates nothing: the attributes of each
// combination are built once, on first use.
package otelmetrics
