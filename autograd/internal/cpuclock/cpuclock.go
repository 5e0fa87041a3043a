// Package cpuclock reads the CPU time of the calling thread, for benchmarks
// on machines shared with other jobs: there the wall clock mostly measures
// the wait for a CPU, and a thread's CPU time measures its work.
//
// Lock the goroutine to its thread (runtime.LockOSThread) for as long as
// its readings are compared. Work that the runtime does on other threads,
// such as most of the garbage collector's, is not counted.
package cpuclock

import "time"

// Now returns the CPU time the calling thread has used so far, or, where
// the system has no thread clock (all but Linux), the wall clock.
func Now() time.Duration { return now() }
