package core_test

import (
	"runtime"
	"syscall"
	"testing"
)

// loopCPU runs f b.N times, through b.Loop, and reports the processor
// time the benchmark's thread spent per call as cpu-ns/op: on a machine
// other processes load, ns/op counts the time they hold the processors;
// cpu-ns/op does not.
func loopCPU(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var start syscall.Rusage
	n := 0
	for b.Loop() {
		if n == 0 {
			threadCPU(&start)
		}
		f()
		n++
	}
	var end syscall.Rusage
	threadCPU(&end)
	if n > 1 {
		used := end.Utime.Nano() + end.Stime.Nano() - start.Utime.Nano() - start.Stime.Nano()
		b.ReportMetric(float64(used)/float64(n-1), "cpu-ns/op")
	}
}

// rusageThread is Linux's RUSAGE_THREAD: the calling thread only.
const rusageThread = 1

func threadCPU(ru *syscall.Rusage) {
	if err := syscall.Getrusage(rusageThread, ru); err != nil {
		panic(err)
	}
}
