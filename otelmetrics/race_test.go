//go:build race

package otelmetrics

// raceEnabled: the race detector changes what allocates; allocation
// counts are only asserted without it.
const raceEnabled = true
