//go:build race

package pathrule

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// a reading built in a pooled buffer allocates; allocation counts are only
// asserted without it.
const raceEnabled = true
