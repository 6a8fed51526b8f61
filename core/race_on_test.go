//go:build race

package core_test

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// regexp allocates; allocation counts are only asserted without it.
const raceEnabled = true
