//go:build !linux

package core_test

import "testing"

// loopCPU runs f b.N times, through b.Loop; elsewhere than on Linux, it
// reports no processor time.
func loopCPU(b *testing.B, f func()) {
	for b.Loop() {
		f()
	}
}
