package proxy

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

// prSetChildSubreaper is prctl's PR_SET_CHILD_SUBREAPER (linux/prctl.h).
const prSetChildSubreaper = 36

// becomeSubreaper makes the orphans among the proxy's descendants its own
// children (see reaper).
func becomeSubreaper() {
	syscall.RawSyscall6(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0, 0, 0, 0)
}

// setDeathSignal has cmd's process sent sig when the proxy dies. (Linux
// sends it when the thread that started the process ends; Go ends threads
// only when a goroutine locked to one exits, which the proxy never does.)
func setDeathSignal(cmd *exec.Cmd, sig syscall.Signal) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = sig
}

// children lists the proxy's child processes, from /proc.
func children() []child {
	self := os.Getpid()
	entries, _ := os.ReadDir("/proc")
	var out []child
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold anything but ends at
		// the last ')'.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(stat[i+1:])
		if len(f) < 2 {
			continue
		}
		if ppid, _ := strconv.Atoi(string(f[1])); ppid == self {
			out = append(out, child{pid: pid, zombie: string(f[0]) == "Z"})
		}
	}
	return out
}
