//go:build !race

package pathrule

const raceEnabled = false
