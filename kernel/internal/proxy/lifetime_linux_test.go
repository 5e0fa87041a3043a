package proxy

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A process orphaned below the proxy (a shell's background job, as gopls
// below a killed GoNB) becomes the proxy's, is reaped when it exits, and
// is ended by endAdopted; the proxy's own processes are left to their
// exec.Cmd.
func TestReaper(t *testing.T) {
	rp := newReaper()
	own := exec.Command("sleep", "60")
	if err := rp.start(own, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	defer func() {
		own.Process.Kill()
		own.Wait()
	}()
	// The shell prints its background jobs' pids and exits, orphaning them.
	out, err := exec.Command("sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!; sleep 0 >/dev/null 2>&1 & echo $!").Output()
	if err != nil {
		t.Fatal(err)
	}
	var orphans []int
	for _, f := range strings.Fields(string(out)) {
		pid, _ := strconv.Atoi(f)
		orphans = append(orphans, pid)
	}
	if len(orphans) != 2 {
		t.Fatalf("shell printed %q", out)
	}
	adopted := func() map[int]bool {
		m := map[int]bool{}
		for _, c := range children() {
			m[c.pid] = true
		}
		return m
	}
	deadline := time.Now().Add(5 * time.Second)
	for !adopted()[orphans[0]] && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !adopted()[orphans[0]] {
		t.Fatalf("the orphan %d is not the proxy's child (children %v)", orphans[0], children())
	}
	// sleep 0 has exited: a zombie, until reapAdopted.
	for time.Now().Before(deadline) {
		rp.reapAdopted()
		if !adopted()[orphans[1]] {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if adopted()[orphans[1]] {
		t.Errorf("the exited orphan %d was not reaped", orphans[1])
	}

	if n := rp.endAdopted(time.Second); n != 1 {
		t.Errorf("endAdopted ended %d processes, want 1", n)
	}
	if _, err := os.Stat("/proc/" + strconv.Itoa(orphans[0])); err == nil {
		t.Errorf("the orphan %d outlived endAdopted", orphans[0])
	}
	if err := own.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("endAdopted ended the proxy's own process: %v", err)
	}
}
