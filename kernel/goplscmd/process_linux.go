package main

import "syscall"

// dieWithParent has Linux send the front SIGTERM when its parent, GoNB,
// dies.
func dieWithParent() {
	syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0)
}

// goplsAttr puts gopls in a process group of its own, which the front
// ends as a whole (gopls runs go list), and has Linux send it SIGTERM
// when the front dies.
func goplsAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
