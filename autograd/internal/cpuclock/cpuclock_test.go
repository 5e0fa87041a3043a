package cpuclock_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/autograd/internal/cpuclock"
)

// A thread that sleeps uses no CPU; one that spins uses its time.
func TestNow(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("no thread clock on this system")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := cpuclock.Now()
	time.Sleep(50 * time.Millisecond)
	if slept := cpuclock.Now() - start; slept > 20*time.Millisecond {
		t.Errorf("sleeping 50 ms used %v of CPU", slept)
	}
	start = cpuclock.Now()
	for wall := time.Now(); time.Since(wall) < 50*time.Millisecond; {
	}
	if spun := cpuclock.Now() - start; spun <= 0 {
		t.Errorf("spinning for 50 ms used %v of CPU", spun)
	}
}
