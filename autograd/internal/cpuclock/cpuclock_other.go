//go:build !linux

package cpuclock

import "time"

var start = time.Now()

func now() time.Duration { return time.Since(start) }
