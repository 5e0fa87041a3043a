// Command goplscmd is the gopls on the littlegrad kernel's PATH (bin/gopls,
// beside gopls itself in bin/gopls.d): a front that starts gopls only when
// a learner first asks for a completion or help.
//
// GoNB v0.11.4 runs `gopls -listen unix;SOCKET` as each kernel starts
// (internal/goexec/goplsclient/exec.go), and gopls, the largest process of
// a kernel, loads the workspace whether or not anything is ever asked of
// it. The front listens on that socket in gopls's place, answers GoNB's
// initialize itself, and starts gopls, on its standard input and output,
// at GoNB's first request (front.go). gopls runs at nice 10, so that its
// loading gives way to the cells, and with GOGC=25: it keeps a 100 MB
// ballast, unused, that lets its heap grow by that much again before it
// first collects (gopls's internal/cache/cache.go).
//
// GoNB runs gopls in a process group of its own and stops it when GoNB
// stops; a GoNB that is killed would leave it running for good. So the
// front ends when GoNB's connection closes, gets SIGTERM when GoNB dies
// (Linux), and gives up when GoNB has not connected within
// -listen.timeout (a minute), as gopls's own flag does; gopls gets
// SIGTERM when the front dies, and the front ends it when it goes.
//
// Any other command line runs gopls itself. ARCHITECTURE.md gives the
// figures.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	gopls, err := realGopls()
	if err != nil {
		fmt.Fprintf(os.Stderr, "littlegrad kernel: %v\n", err)
		os.Exit(1)
	}
	network, addr, timeout, ok := parseListen(os.Args[1:])
	if !ok {
		err = syscall.Exec(gopls, append([]string{"gopls"}, os.Args[1:]...), os.Environ())
		fmt.Fprintf(os.Stderr, "littlegrad kernel: running %s: %v\n", gopls, err)
		os.Exit(1)
	}
	dieWithParent()
	if err := front(network, addr, timeout, startGopls(gopls)); err != nil {
		fmt.Fprintf(os.Stderr, "littlegrad kernel: gopls: %v\n", err)
		os.Exit(1)
	}
}

// realGopls is gopls itself, which install puts in gopls.d beside this
// command.
func realGopls() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	gopls := filepath.Join(filepath.Dir(exe), "gopls.d", "gopls")
	if _, err := os.Stat(gopls); err != nil {
		return "", fmt.Errorf("no gopls beside the kernel's gopls front: %v (install the kernel again)", err)
	}
	return gopls, nil
}

// parseListen reads GoNB's command line, `-listen ADDR`, with gopls's
// -listen.timeout if given, and reports whether it is one.
func parseListen(args []string) (network, addr string, timeout time.Duration, ok bool) {
	fs := flag.NewFlagSet("gopls", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	listen := fs.String("listen", "", "")
	fs.DurationVar(&timeout, "listen.timeout", time.Minute, "")
	if fs.Parse(args) != nil || fs.NArg() > 0 || *listen == "" {
		return "", "", 0, false
	}
	if a, unix := strings.CutPrefix(*listen, "unix;"); unix {
		return "unix", a, timeout, true
	}
	return "tcp", *listen, timeout, true
}

// front serves the first client to connect to addr, within timeout
// (0: no limit), and returns when it goes.
func front(network, addr string, timeout time.Duration, start func() (*server, error)) error {
	l, err := net.Listen(network, addr)
	if err != nil {
		return err
	}
	if timeout > 0 {
		if d, ok := l.(interface{ SetDeadline(time.Time) error }); ok {
			d.SetDeadline(time.Now().Add(timeout))
		}
	}
	conn, err := l.Accept()
	// GoNB connects once: no one else is let in.
	l.Close()
	if err != nil {
		return fmt.Errorf("no client within -listen.timeout=%s: %v", timeout, err)
	}
	defer conn.Close()
	return serve(conn, start)
}

// startGopls returns what starts gopls, at nice 10 and with GOGC=25 (see
// the package doc), in a process group of its own.
func startGopls(gopls string) func() (*server, error) {
	return func() (*server, error) {
		cmd := exec.Command(gopls)
		if nice, err := exec.LookPath("nice"); err == nil {
			cmd = exec.Command(nice, "-n", "10", gopls)
		}
		cmd.Env = append(os.Environ(), "GOGC=25")
		cmd.Stderr = os.Stderr
		cmd.SysProcAttr = goplsAttr()
		in, err := cmd.StdinPipe()
		if err != nil {
			return nil, err
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		return &server{in: in, out: out, stop: func() {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			cmd.Wait()
		}}, nil
	}
}
