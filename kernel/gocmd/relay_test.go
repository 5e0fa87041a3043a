package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writes records each Write.
type writes struct{ w []string }

func (r *writes) Write(p []byte) (int, error) {
	r.w = append(r.w, string(p))
	return len(p), nil
}

// pieces is a reader that returns its pieces one Read at a time, waiting
// pause before each.
type pieces struct {
	p     []string
	pause time.Duration
}

func (r *pieces) Read(b []byte) (int, error) {
	if len(r.p) == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.pause)
	n := copy(b, r.p[0])
	if r.p[0] = r.p[0][n:]; r.p[0] == "" {
		r.p = r.p[1:]
	}
	return n, nil
}

func TestRelayLines(t *testing.T) {
	trace := "goroutine 1 [running]:\nmain.main()\n\t/tmp/gonb_1/main.go:13 +0x25\nexit status 2\n"
	long := strings.Repeat("x", 5000) + "\n"
	tests := []struct {
		name   string
		pieces []string
		pause  time.Duration
		want   []string // the writes
	}{
		{"a trace written in bits", []string{"goroutine 1 [running]:\nmain.ma", "in()\n\t/tmp/gon", "b_1/main.go:", "13 +0x25\nexit status 2\n"}, 0,
			[]string{"goroutine 1 [running]:\n", "main.main()\n", "\t/tmp/gonb_1/main.go:13 +0x25\nexit status 2\n"}},
		{"many lines: writes of at most 4096 bytes, at line ends", []string{strings.Repeat(trace, 100)}, 0, nil},
		{"a line longer than 4096 bytes goes whole", []string{long[:3000], long[3000:] + "next\n"}, 0, []string{long, "next\n"}},
		{"carriage returns end lines", []string{"step 1\rstep 2\rst", "ep 3\n"}, 0, []string{"step 1\rstep 2\r", "step 3\n"}},
		{"the rest of a line goes after a while", []string{"prompt> ", "answer\n"}, 3 * linger, []string{"prompt> ", "answer\n"}},
		{"and at the end", []string{"no line end"}, 0, []string{"no line end"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out writes
			relayLines(&pieces{p: tt.pieces, pause: tt.pause}, &out)
			if tt.name == "many lines: writes of at most 4096 bytes, at line ends" {
				for i, w := range out.w {
					if len(w) > atomic || !strings.HasSuffix(w, "\n") {
						t.Errorf("write %d: %d bytes, ending %q", i, len(w), w[max(0, len(w)-10):])
					}
				}
				if got := strings.Join(out.w, ""); got != strings.Repeat(trace, 100) {
					t.Errorf("relayed %d bytes, want %d", len(got), 100*len(trace))
				}
				return
			}
			if strings.Join(out.w, "\x00") != strings.Join(tt.want, "\x00") {
				t.Errorf("writes %q, want %q", out.w, tt.want)
			}
		})
	}
}

func TestCellBuild(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, args := range []string{"build -o gonb_x", "test -c -o gonb_x"} {
		if _, ok := cellBuild(strings.Fields(args)); ok {
			t.Errorf("%q outside a cell's module taken for a cell's build", args)
		}
	}
	os.WriteFile("go.mod", []byte("module gonb_x\n"), 0o644)
	os.WriteFile("go.work", []byte("go 1.26\n"), 0o644)
	for args, want := range map[string]bool{"build -o gonb_x": true, "build -o " + filepath.Join(dir, "gonb_x") + " -race": true,
		"test -c -o gonb_x": true, "test -o gonb_x": false, "build -o /elsewhere/gonb_x": false, "build": false, "get": false} {
		out, ok := cellBuild(strings.Fields(args))
		if ok != want || (ok && out != filepath.Join(dir, "gonb_x")) {
			t.Errorf("cellBuild(%q) = %q, %v", args, out, ok)
		}
	}
	t.Setenv("GOOS", "js")
	if _, ok := cellBuild([]string{"build", "-o", "gonb_x"}); ok {
		t.Error("a build for GOOS=js (a %wasm cell) taken for a cell's build")
	}
}

// A cell's program built through this command runs as it would alone:
// same arguments and exit status, standard output and error, interrupts.
func TestCellProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	self := filepath.Join(bin, "go")
	if out, err := exec.Command(goCmd, "build", "-o", self, ".").CombinedOutput(); err != nil {
		t.Fatalf("building gocmd: %v\n%s", err, out)
	}
	dir := t.TempDir()
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOPROXY", "off")
	for _, args := range [][]string{{"mod", "init", "gonb_x"}, {"work", "init", "."}} {
		cmd := exec.Command(goCmd, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %q: %v\n%s", args, err, out)
		}
	}
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(`package main

import (
	"fmt"
	"os"
	"time"
)

func down(n int) int {
	if n == 0 {
		var s []int
		return s[3]
	}
	return down(n-1) + 1
}

func main() {
	fmt.Println(os.Args)
	fmt.Fprintln(os.Stderr, "to stderr")
	switch os.Args[1] {
	case "panic":
		down(40)
	case "sleep":
		time.Sleep(time.Minute)
	}
}
`), 0o644)
	build := exec.Command(self, "build", "-o", filepath.Join(dir, "gonb_x"))
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build through gocmd: %v\n%s", err, out)
	}
	if script, _ := os.ReadFile(filepath.Join(dir, "gonb_x")); !bytes.HasPrefix(script, []byte("#!"+self+" "+runArg+"\n")) {
		t.Fatalf("gonb_x is not the script that runs the program: %.100q", script)
	}
	run := func(arg string) (stdout, stderr string, cmd *exec.Cmd) {
		cmd = exec.Command(filepath.Join(dir, "gonb_x"), arg)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if arg == "sleep" {
			time.Sleep(time.Second)
			cmd.Process.Signal(os.Interrupt) // as GoNB interrupts
		}
		cmd.Wait()
		return o.String(), e.String(), cmd
	}
	stdout, stderr, cmd := run("panic")
	if stdout != "["+filepath.Join(dir, "gonb_x")+" panic]\n" || cmd.ProcessState.ExitCode() != 2 ||
		!strings.HasPrefix(stderr, "to stderr\npanic: runtime error: index out of range") ||
		strings.Count(stderr, filepath.Join(dir, "main.go")+":") < 40 {
		t.Errorf("a panic: exit %d, stdout %q, stderr:\n%s", cmd.ProcessState.ExitCode(), stdout, stderr)
	}
	_, _, cmd = run("sleep")
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("an interrupted program ended with %v, want killed by SIGINT as it would alone", cmd.ProcessState)
	}
	var ee *exec.ExitError
	if _, err := exec.Command(filepath.Join(dir, "gonb_x"), "ok").Output(); errors.As(err, &ee) {
		t.Errorf("a program that ends well: %v", err)
	}
}
