//go:build !linux

package main

import "syscall"

// dieWithParent does nothing where Linux's parent-death signal does not
// exist: there, the front ends when GoNB's connection closes, or at
// -listen.timeout if GoNB never connects.
func dieWithParent() {}

// goplsAttr puts gopls in a process group of its own, which the front
// ends as a whole (gopls runs go list); gopls also ends when its
// standard input closes.
func goplsAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
