//go:build !race

package echov5adapter_test

const raceEnabled = false
