package proxy

import (
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// However the kernel ends, what it started ends with it: each way of
// ending takes its own mechanism (ARCHITECTURE.md, "Nothing outlives the
// kernel"), all here but gopls's (kernel/goplscmd).

// reaper starts GoNB, and ends and reaps the processes the proxy adopts as
// a child subreaper (Linux): what GoNB leaves behind. Elsewhere it only
// starts GoNB.
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

// adopted returns the proxy's children that it did not start; its caller
// holds mu.
func (r *reaper) adopted() []child {
	var out []child
	for _, c := range children() {
		if !r.own[c.pid] {
			out = append(out, c)
		}
	}
	return out
}

// reapAdopted reaps the adopted children that have exited.
func (r *reaper) reapAdopted() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.adopted() {
		if c.zombie {
			reap(c.pid)
		}
	}
}

func reap(pid int) {
	var ws syscall.WaitStatus
	syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
}

// endAdopted ends the adopted children, once the kernel has exited: SIGTERM,
// then, for those still running after grace, SIGKILL; and reaps them. It
// returns how many it ended.
func (r *reaper) endAdopted(grace time.Duration) int {
	ended := map[int]bool{}
	for start := time.Now(); time.Since(start) < 2*grace; time.Sleep(20 * time.Millisecond) {
		r.mu.Lock()
		left := r.adopted()
		for _, c := range left {
			ended[c.pid] = true
			switch {
			case c.zombie:
				reap(c.pid)
			case time.Since(start) < grace:
				syscall.Kill(c.pid, syscall.SIGTERM)
			default:
				syscall.Kill(c.pid, syscall.SIGKILL)
			}
		}
		r.mu.Unlock()
		if len(left) == 0 {
			break
		}
	}
	return len(ended)
}

// runKernel starts the kernel (GoNB), which gets SIGTERM if the proxy dies
// (on Linux: even by SIGKILL), and returns a channel closed once it has
// exited. Until then the proxy reaps what it adopts, passes on to GoNB the
// signals sent to the proxy alone (but SIGINT: Jupyter signals the process
// group, which GoNB shares, so GoNB would get it twice), and, when the
// Jupyter client says who it is (JPY_PARENT_PID, as for ipykernel), stops
// GoNB when that client exits without a shutdown_request (jupyter console
// does).
func (r *reaper) runKernel(kernel *exec.Cmd) (<-chan struct{}, error) {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGCHLD)
	if err := r.start(kernel, syscall.SIGTERM); err != nil {
		signal.Stop(sigs)
		return nil, err
	}
	exited := make(chan struct{})
	go func() {
		kernel.Wait()
		r.done(kernel)
		close(exited)
	}()
	parent, tick := os.Getppid(), time.NewTicker(time.Second)
	go func() {
		for {
			select {
			case s := <-sigs:
				switch s {
				case syscall.SIGCHLD:
					r.reapAdopted()
				case os.Interrupt:
				default:
					kernel.Process.Signal(s)
				}
			case <-tick.C:
				if os.Getenv("JPY_PARENT_PID") != "" && os.Getppid() != parent {
					tick.Stop()
					kernel.Process.Signal(syscall.SIGTERM)
					go func() {
						select {
						case <-exited:
						case <-time.After(10 * time.Second):
							kernel.Process.Kill()
						}
					}()
				}
			}
		}
	}()
	return exited, nil
}

// child is a child process of the proxy.
type child struct {
	pid    int
	zombie bool
}
