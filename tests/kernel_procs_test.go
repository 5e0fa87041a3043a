package tests

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/tests/internal/jupyter"
)

// proc is a process, as /proc shows it.
type proc struct {
	pid, ppid int
	start     string // its start time, so a reused pid is not taken for it
	name      string
	state     string // R, S, Z, ...
	// CPU time in clock ticks: its own (utime+stime), and its children's
	// that it waited for (cutime+cstime).
	cpu, reaped int64
}

func (p proc) String() string { return fmt.Sprintf("%s (pid %d, state %s)", p.name, p.pid, p.state) }

// readProc reads /proc/PID/stat.
func readProc(pid int) (proc, bool) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return proc{}, false
	}
	// pid (name) state ppid ... utime(14) stime cutime cstime ... with the
	// start time the 22nd field; the name may hold spaces and parentheses,
	// so it ends at the last ')'.
	s := string(data)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return proc{}, false
	}
	f := strings.Fields(s[end+1:])
	if len(f) < 20 {
		return proc{}, false
	}
	n := func(i int) int64 { v, _ := strconv.ParseInt(f[i], 10, 64); return v }
	return proc{pid: pid, ppid: int(n(1)), start: f[19], name: s[open+1 : end], state: f[0],
		cpu: n(11) + n(12), reaped: n(13) + n(14)}, true
}

// descendants returns the processes below pid.
func descendants(pid int) []proc {
	entries, _ := os.ReadDir("/proc")
	children := map[int][]proc{}
	for _, e := range entries {
		if n, err := strconv.Atoi(e.Name()); err == nil {
			if p, ok := readProc(n); ok {
				children[p.ppid] = append(children[p.ppid], p)
			}
		}
	}
	var out []proc
	for queue := []int{pid}; len(queue) > 0; queue = queue[1:] {
		for _, c := range children[queue[0]] {
			out = append(out, c)
			queue = append(queue, c.pid)
		}
	}
	return out
}

// alive returns those of procs that still run: neither gone nor zombies.
func alive(procs []proc) []proc {
	var out []proc
	for _, p := range procs {
		if now, ok := readProc(p.pid); ok && now.start == p.start && now.state != "Z" {
			out = append(out, now)
		}
	}
	return out
}

// leftOver returns those of procs that still exist, zombies included.
func leftOver(procs []proc) []proc {
	var out []proc
	for _, p := range procs {
		if now, ok := readProc(p.pid); ok && now.start == p.start {
			out = append(out, now)
		}
	}
	return out
}

// However a kernel ends, what it started ends with it, within seconds:
// GoNB, and gopls, which GoNB runs in a process group of its
// own, so that neither Jupyter's shutdown nor its SIGKILL of the kernel's
// process group reaches it. GoNB's gopls is the kernel's front
// (kernel/goplscmd), which runs gopls itself only from the first
// completion on. Jupyter ends a kernel with shutdown_request,
// kills its process group when it does not exit in time or is restarted,
// and a kernel's process may be killed alone (by a user, or the OOM killer).
func TestNothingOutlivesKernel(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs Linux's /proc")
	}
	spec, err := jupyter.ReadSpec(kernelDir)
	if err != nil {
		t.Fatal(err)
	}
	spec.Env["GOPROXY"] = "off"
	for _, end := range []string{"shutdown_request", "SIGKILL of the process group", "SIGKILL of the kernel's process"} {
		t.Run(strings.ReplaceAll(end, " ", "_"), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			k, err := jupyter.Start(ctx, spec, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			// A drawing cell, and a completion, which starts gopls.
			draw := "import (\n\t\"github.com/littlegrad/littlegrad/autograd\"\n\t\"github.com/littlegrad/littlegrad/display\"\n)\n\n" +
				"%%\ndisplay.Show(autograd.New(2).Named(\"a\"))"
			if err := checkDrawings(execute(t, k, draw).HTML()); err != nil {
				k.Kill(true)
				t.Fatal(err)
			}
			if goplsRuns(descendants(k.Pid())) {
				t.Error("before any completion, the kernel runs gopls: want the gopls front alone")
			}
			code := "import \"github.com/littlegrad/littlegrad/autograd\"\n\n%%\nx := autograd.Ne"
			request(t, k, false, "complete_request", map[string]any{"code": code, "cursor_pos": len(code)})
			var procs []proc
			for start := time.Now(); ; time.Sleep(200 * time.Millisecond) {
				procs = descendants(k.Pid())
				if goplsRuns(procs) && strings.Contains(fmt.Sprint(procs), "gonb") {
					break
				}
				if time.Since(start) > time.Minute {
					k.Kill(true)
					t.Fatalf("after a completion, the kernel runs %v: want gonb, the gopls front and gopls", procs)
				}
			}
			if p, ok := readProc(k.Pid()); ok {
				procs = append(procs, p)
			}

			switch end {
			case "shutdown_request":
				if err := k.Shutdown(ctx); err != nil {
					t.Error(err)
				}
			case "SIGKILL of the process group":
				k.Kill(true)
			default:
				k.Kill(false)
			}
			deadline := time.Now().Add(10 * time.Second)
			for len(alive(procs)) > 0 && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
			}
			if left := alive(procs); len(left) > 0 {
				t.Errorf("10 s after the kernel's %s, still running: %v", end, left)
				for _, p := range left {
					syscall.Kill(p.pid, syscall.SIGKILL)
				}
			}
			// The kernel reaps what it started: no zombies either.
			if end == "shutdown_request" {
				if left := leftOver(procs); len(left) > 0 {
					t.Errorf("after shutdown_request, left as zombies: %v", left)
				}
			}
		})
	}
}

// goplsRuns reports whether one of procs is gopls itself, which install
// puts in gopls.d, rather than the kernel's front of that name.
func goplsRuns(procs []proc) bool {
	for _, p := range procs {
		if exe, _ := os.Readlink(filepath.Join("/proc", strconv.Itoa(p.pid), "exe")); strings.HasSuffix(exe, filepath.Join("gopls.d", "gopls")) {
			return true
		}
	}
	return false
}
