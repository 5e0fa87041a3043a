package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// A cell's program writes its standard error through a relay that hands it
// to GoNB a whole line at a time, since GoNB v0.11.4 names the cell's line
// of a "main.go:N" only within one read (ARCHITECTURE.md, "A cell's text
// and errors"). So `go build -o X` in a cell's folder builds the program as
// X.cell, and makes X a script that runs this command as its interpreter
// (runArg), which starts the relay (relayArg) and then becomes the
// program, its standard error now the relay's pipe: GoNB's interrupts and
// exit codes reach the program as before.
const (
	runArg     = "-littlegrad-run-cell"
	relayArg   = "-littlegrad-relay-stderr"
	progSuffix = ".cell"
)

// cellBuild returns where the build in args writes its program, and
// whether that is a cell's program to wrap: the `go build -o X` or
// `go test -c -o X` that GoNB v0.11.4 runs in a cell's module (with a
// go.work) for X in that folder (internal/goexec/execcode.go, Compile), for
// this machine (not GoNB's %wasm cells).
func cellBuild(args []string) (out string, ok bool) {
	if len(args) == 0 || (args[0] != "build" && !(args[0] == "test" && slices.Contains(args, "-c"))) {
		return "", false
	}
	i := slices.Index(args, "-o")
	if i < 0 || i+1 >= len(args) || !isFile("go.work") || !isFile("go.mod") {
		return "", false
	}
	for name, here := range map[string]string{"GOOS": runtime.GOOS, "GOARCH": runtime.GOARCH} {
		if v := os.Getenv(name); v != "" && v != here {
			return "", false
		}
	}
	out, err := filepath.Abs(args[i+1])
	cwd, err2 := os.Getwd()
	if err != nil || err2 != nil || filepath.Dir(out) != cwd {
		return "", false
	}
	return out, true
}

// buildCell runs the build in args, which writes the program out, with
// the program written to out+progSuffix and a script at out that runs it
// with its standard error relayed; it returns the go command's exit status.
func buildCell(goCmd string, args []string, out string) int {
	prog := out + progSuffix
	a := slices.Clone(args)
	a[slices.Index(a, "-o")+1] = prog
	cmd := exec.Command(goCmd, a...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return exitCode(err)
	}
	script, err := runScript()
	if err == nil {
		err = os.WriteFile(out, script, 0o755)
	}
	if err != nil {
		// The program as it is, then, without the relay.
		if err := os.Rename(prog, out); err != nil {
			fmt.Fprintf(os.Stderr, "littlegrad kernel: %v\n", err)
			return 1
		}
	}
	return 0
}

// runScript returns the script that runs a cell's program through this
// command: a #! line, which the operating system reads only up to about
// 250 bytes and splits at the first blank.
func runScript() ([]byte, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	line := "#!" + self + " " + runArg + "\n"
	if len(line) > 250 || strings.ContainsAny(self, " \t\n") {
		return nil, fmt.Errorf("cannot name %q on a #! line", self)
	}
	return []byte(line), nil
}

// runCell runs the program of the script (the cell's program, built beside
// it) with args, its standard error relayed by lines. It returns only if
// the program cannot start.
func runCell(script string, args []string) int {
	if err := relayStderr(); err != nil {
		fmt.Fprintf(os.Stderr, "littlegrad kernel: %v; standard error goes to GoNB as it comes\n", err)
	}
	prog := script + progSuffix
	err := syscall.Exec(prog, append([]string{script}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "littlegrad kernel: running the cell's program %s: %v\n", prog, err)
	return 1
}

// relayStderr starts the relay and makes this process's standard error the
// relay's pipe.
func relayStderr() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	defer w.Close()
	relay := exec.Command(self, relayArg)
	relay.Stdin, relay.Stdout, relay.Stderr = r, os.Stderr, os.Stderr
	err = relay.Start()
	r.Close()
	if err != nil {
		return fmt.Errorf("starting the relay of standard error: %v", err)
	}
	// The relay exits when the pipe closes, after the program; it is
	// never waited for, as the program does not know it.
	return unix.Dup2(int(w.Fd()), 2)
}

const (
	// atomic is PIPE_BUF on Linux (and more than macOS's 512, which
	// would do too): the most a write puts in a pipe whole, so that no
	// read gets half of it.
	atomic = 4096
	// linger is how long the relay waits for the end of a line before it
	// passes on what it has of it (a prompt, a progress report).
	linger = 200 * time.Millisecond
	// longest is the most of a line the relay holds.
	longest = 64 << 10
)

// relayLines copies in to out until in ends, in writes that each end at a
// line's end ('\n' or '\r') and, lines allowing, are at most atomic bytes.
// The rest of a line goes out when its end comes, after linger without
// more input, or when longest bytes of it are waiting. Errors writing are
// ignored, so the program never blocks on a full pipe.
func relayLines(in io.Reader, out io.Writer) {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		buf := make([]byte, 32<<10)
		for {
			n, err := in.Read(buf)
			if n > 0 {
				chunks <- bytes.Clone(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	var held []byte
	wait := time.NewTimer(linger)
	wait.Stop()
	for {
		select {
		case c, ok := <-chunks:
			if !ok {
				writeLines(out, held, true)
				return
			}
			held = writeLines(out, append(held, c...), false)
			if len(held) > 0 {
				wait.Reset(linger)
			}
		case <-wait.C:
			held = writeLines(out, held, true)
		}
	}
}

// writeLines writes the whole lines at the start of b to out, as relayLines
// says, and returns the rest of b; with all, it writes all of b.
func writeLines(out io.Writer, b []byte, all bool) []byte {
	for len(b) > 0 {
		n := bytes.LastIndexAny(b[:min(len(b), atomic)], "\n\r") + 1
		if n == 0 {
			// No line ends in the first atomic bytes.
			n = bytes.IndexAny(b, "\n\r") + 1
		}
		switch {
		case n > 0:
		case all || len(b) >= longest:
			n = len(b)
		default:
			return b
		}
		out.Write(b[:n])
		b = b[n:]
	}
	return b
}
