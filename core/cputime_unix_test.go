//go:build unix

package core_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, on every thread: on a
// machine other processes load, a truer measure of work than the clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
