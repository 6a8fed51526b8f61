//go:build !race

package fiberadapter_test

const raceEnabled = false
