//go:build linux

package tests

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal of rows x cols and returns its two ends.
func openPTY(rows, cols uint16) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	ioctl := func(req uintptr, arg unsafe.Pointer) error {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), req, uintptr(arg)); e != 0 {
			return e
		}
		return nil
	}
	var unlock int32
	var n uint32
	size := struct{ rows, cols, x, y uint16 }{rows, cols, 0, 0}
	if err := ioctl(syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		master.Close()
		return nil, nil, err
	}
	if err := ioctl(syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		master.Close()
		return nil, nil, err
	}
	if err := ioctl(syscall.TIOCSWINSZ, unsafe.Pointer(&size)); err != nil {
		master.Close()
		return nil, nil, err
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	return master, slave, nil
}

// terminal is what a program wrote to a pseudo-terminal, as text: escape
// sequences removed.
type terminal struct {
	mu  sync.Mutex
	raw bytes.Buffer
}

var escapes = regexp.MustCompile(`\x1b(\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78cDEHM])`)

func (t *terminal) text() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.ReplaceAll(escapes.ReplaceAllString(t.raw.String(), ""), "\r", "")
}

// waitFor waits until the text matches re, and fails the test after d.
func (t *terminal) waitFor(tt *testing.T, re string, d time.Duration) {
	tt.Helper()
	r := regexp.MustCompile(re)
	for deadline := time.Now().Add(d); !r.MatchString(t.text()); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			tt.Fatalf("no %q on the console after %v; it shows:\n%s", re, d, t.text())
		}
	}
}

// TestConsole drives `jupyter console --kernel littlegrad` through a
// pseudo-terminal, as a user types: a multi-line cell, line by line, which
// the console sends only when the kernel says it is complete.
func TestConsole(t *testing.T) {
	if err := exec.Command("jupyter", "console", "--version").Run(); err != nil {
		t.Fatalf("jupyter console is missing (%v): install Debian's jupyter-console (scripts/deps.sh test does)", err)
	}
	master, slave, err := openPTY(40, 120)
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	cmd := exec.Command("jupyter", "console", "--kernel", "littlegrad")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+dataDir, "JUPYTER_DATA_DIR="+dataDir, "TERM=xterm-256color")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	exited := make(chan struct{})
	var exitErr error
	go func() {
		exitErr = cmd.Wait()
		close(exited)
	}()
	defer func() {
		select {
		case <-exited:
		default:
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}()

	var term terminal
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			if n > 0 {
				term.mu.Lock()
				term.raw.Write(buf[:n])
				term.mu.Unlock()
				// prompt_toolkit asks where the cursor is; answer as a
				// terminal would.
				if bytes.Contains(buf[:n], []byte("\x1b[6n")) {
					master.Write([]byte("\x1b[1;1R"))
				}
			}
			if err != nil {
				return
			}
		}
	}()
	// typeLine types line and Enter, and, unless it ends the cell, waits
	// for the console to ask for the next line ("...:"), as a user would
	// (keys typed while the console waits for the kernel's answer trip
	// up Debian's jupyter-console 6.4.4).
	typeLine := func(line string, last bool) {
		t.Helper()
		asked := strings.Count(term.text(), "...:")
		for _, r := range line + "\r" {
			master.Write([]byte(string(r)))
			time.Sleep(5 * time.Millisecond)
		}
		if last {
			return
		}
		for deadline := time.Now().Add(30 * time.Second); strings.Count(term.text(), "...:") <= asked; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the console did not ask for more after %q:\n%s", line, term.text())
			}
		}
	}

	term.waitFor(t, `In \[1\]:`, 2*time.Minute)
	time.Sleep(time.Second)
	typeLine("%%", false)
	typeLine("for i := range 3 {", false)
	typeLine(`fmt.Println("line", i)`, false)
	if strings.Contains(term.text(), "line 0") {
		t.Fatalf("the console sent the cell before its closing brace:\n%s", term.text())
	}
	typeLine("}", true)
	term.waitFor(t, `line 0\s+line 1\s+line 2[\s\S]*In \[2\]:`, 2*time.Minute)

	text := term.text()
	for _, bad := range []string{"did not respond to an is_complete_request", "No lexer found", "gonb - v"} {
		if strings.Contains(text, bad) {
			t.Errorf("the console says %q:\n%s", bad, text)
		}
	}
	if !strings.Contains(text, "Go (littlegrad)") {
		t.Errorf("no banner naming Go (littlegrad):\n%s", text)
	}

	master.Write([]byte{4}) // Ctrl-D: exit, shutting the kernel down
	term.waitFor(t, `Do you really want to exit`, 30*time.Second)
	master.Write([]byte("y\r"))
	select {
	case <-exited:
		if exitErr != nil {
			t.Errorf("jupyter console exited with %v:\n%s", exitErr, term.text())
		}
	case <-time.After(time.Minute):
		t.Fatalf("jupyter console did not exit on Ctrl-D:\n%s", term.text())
	}
	// Nothing of the kernel's is left running.
	bin := filepath.Join(kernelDir, "bin")
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		left := processesUnder(bin)
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("processes of the kernel outlived the console: %q", left)
			break
		}
	}
}

// processesUnder lists the command lines of the running processes whose
// program is in dir.
func processesUnder(dir string) []string {
	var found []string
	pids, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range pids {
		exe, err := os.Readlink(filepath.Join(p, "exe"))
		if err != nil || !strings.HasPrefix(exe, dir+string(filepath.Separator)) {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(p, "cmdline"))
		found = append(found, strings.ReplaceAll(string(cmdline), "\x00", " "))
	}
	return found
}
