//go:build !linux

package cpuclock

import "time"

const supported = false

var start = time.Now()

func now() time.Duration { return time.Since(start) }
