package proxy

import (
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// reaper starts the proxy's own processes (GoNB, the renderer), and ends
// the ones it adopts. On Linux the proxy is a child subreaper: what GoNB
// leaves behind when it exits or is killed (gopls, which GoNB runs in a
// process group of its own, and gopls's telemetry process; a cell's
// background processes) becomes the proxy's child instead of init's, so the
// proxy can end it when the kernel ends, and reap it (where Jupyter is
// process 1, as in a container without an init, nothing else would).
// Elsewhere it only starts processes.
type reaper struct {
	mu  sync.Mutex
	own map[int]bool // started by the proxy: their exec.Cmd reaps them
}

func newReaper() *reaper {
	becomeSubreaper()
	return &reaper{own: map[int]bool{}}
}

// start starts cmd, which gets the signal sig if the proxy dies (on Linux:
// even by SIGKILL), and holds its pid as the proxy's own until done.
func (r *reaper) start(cmd *exec.Cmd, sig syscall.Signal) error {
	setDeathSignal(cmd, sig)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	r.own[cmd.Process.Pid] = true
	return nil
}

// done forgets a process of the proxy's own once its exec.Cmd has reaped it.
func (r *reaper) done(cmd *exec.Cmd) {
	r.mu.Lock()
	delete(r.own, cmd.Process.Pid)
	r.mu.Unlock()
}

// adopted returns the proxy's children that it did not start, and which of
// them have exited (zombies, to reap).
func (r *reaper) adopted() (pids []int, zombie map[int]bool) {
	zombie = map[int]bool{}
	for _, c := range children() {
		if !r.own[c.pid] {
			pids = append(pids, c.pid)
			zombie[c.pid] = c.zombie
		}
	}
	return pids, zombie
}

// reapAdopted reaps the adopted children that have exited.
func (r *reaper) reapAdopted() {
	r.mu.Lock()
	defer r.mu.Unlock()
	pids, zombie := r.adopted()
	for _, pid := range pids {
		if zombie[pid] {
			var ws syscall.WaitStatus
			syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
		}
	}
}

// endAdopted ends the adopted children, once the kernel has exited: SIGTERM,
// then, for those still running after grace, SIGKILL; and reaps them. It
// returns how many it ended.
func (r *reaper) endAdopted(grace time.Duration) int {
	ended := map[int]bool{}
	start := time.Now()
	for time.Since(start) < 2*grace {
		r.mu.Lock()
		pids, zombie := r.adopted()
		for _, pid := range pids {
			ended[pid] = true
			var ws syscall.WaitStatus
			switch {
			case zombie[pid]:
				syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
			case time.Since(start) < grace:
				syscall.Kill(pid, syscall.SIGTERM)
			default:
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		r.mu.Unlock()
		if len(pids) == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return len(ended)
}

// child is a child process of the proxy.
type child struct {
	pid    int
	zombie bool
}
