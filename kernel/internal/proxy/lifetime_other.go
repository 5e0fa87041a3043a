//go:build !linux

package proxy

import (
	"os/exec"
	"syscall"
)

// Without Linux's subreaper and death signal, the proxy ends only what it
// starts; gopls ends with GoNB's connection to it (see kernel/goplscmd).

func becomeSubreaper() {}

func setDeathSignal(cmd *exec.Cmd, sig syscall.Signal) {}

func children() []child { return nil }
