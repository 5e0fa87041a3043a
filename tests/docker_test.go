package tests

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Docker cannot build or run images on our machines, so the Dockerfile is
// kept a thin list of calls to the repository's own scripts and commands,
// which CI runs on its host. This test holds it to that.
func TestDockerfile(t *testing.T) {
	f, err := os.Open(filepath.Join(root, "docker", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	const home = "/home/learner/littlegrad"
	// Each RUN must be one of these, each of which CI runs too: setup.sh
	// calls scripts/deps.sh, which ./test.sh runs, and TestMain runs
	// go run ./kernel install.
	allowedRuns := map[string]bool{
		home + "/docker/setup.sh": true,
		"go run ./kernel install": true,
	}
	var from, user, workdir, expose, cmd string
	var runs []string
	copied := false
	for _, n := range res.AST.Children {
		args := nodeArgs(n)
		switch strings.ToLower(n.Value) {
		case "from":
			from = strings.Join(args, " ")
		case "arg":
			if !strings.HasPrefix(args[0], "JUPYTERLAB=") {
				t.Errorf("line %d: unexpected ARG %q", n.StartLine, args[0])
			}
		case "copy":
			if len(args) != 2 || args[0] != "." || args[1] != home {
				t.Errorf("line %d: COPY %q: want the whole context copied to %s", n.StartLine, args, home)
			}
			copied = true
		case "run":
			if !copied {
				t.Errorf("line %d: RUN before the repository is copied in", n.StartLine)
			}
			runs = append(runs, strings.Join(args, " "))
		case "user":
			user = args[0]
		case "workdir":
			workdir = args[0]
		case "expose":
			expose = args[0]
		case "cmd":
			if !n.Attributes["json"] {
				t.Errorf("line %d: CMD in shell form; use the exec form so signals reach Jupyter", n.StartLine)
			}
			cmd = strings.Join(args, " ")
		default:
			t.Errorf("line %d: unexpected instruction %s", n.StartLine, n.Value)
		}
	}
	if from != "golang:1.26-bookworm" {
		t.Errorf("FROM %q, want golang:1.26-bookworm", from)
	}
	for _, r := range runs {
		if !allowedRuns[r] {
			t.Errorf("RUN %q is not a step CI runs; put it in docker/setup.sh or a command CI runs", r)
		}
	}
	if len(runs) != 2 || runs[len(runs)-1] != "go run ./kernel install" {
		t.Errorf("RUN steps %q: want setup.sh, then the kernel install as the user", runs)
	}
	if user == "" || user == "root" || user == "0" {
		t.Errorf("USER %q: Jupyter must not run as root", user)
	}
	if workdir != home || expose != "8888" || cmd != "docker/start.sh" {
		t.Errorf("WORKDIR %q, EXPOSE %q, CMD %q; want %s, 8888, docker/start.sh", workdir, expose, cmd, home)
	}
	for _, script := range []string{"docker/setup.sh", "docker/start.sh", "scripts/deps.sh"} {
		if fi, err := os.Stat(filepath.Join(root, script)); err != nil || fi.Mode()&0o111 == 0 {
			t.Errorf("%s must exist and be executable (%v)", script, err)
		}
	}
	setup, _ := os.ReadFile(filepath.Join(root, "docker", "setup.sh"))
	if !strings.Contains(string(setup), "scripts/deps.sh tutorial") {
		t.Errorf("docker/setup.sh must install Jupyter with scripts/deps.sh tutorial, as ./tutorial.sh does")
	}
	ignore, _ := os.ReadFile(filepath.Join(root, ".dockerignore"))
	for _, want := range []string{".git", "out/"} {
		if !strings.Contains(string(ignore), want) {
			t.Errorf(".dockerignore must leave out %s", want)
		}
	}
}

// nodeArgs returns an instruction's arguments, flags left out.
func nodeArgs(n *parser.Node) []string {
	var args []string
	for a := n.Next; a != nil; a = a.Next {
		args = append(args, a.Value)
	}
	return args
}

// TestDockerStart runs the image's default command, docker/start.sh, on the
// host (on loopback, with the test's kernel): Jupyter must come up, list the
// littlegrad kernel, require the token it printed, and stop on SIGTERM.
func TestDockerStart(t *testing.T) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	token := "littlegrad-test-token"
	cmd := exec.Command(filepath.Join(root, "docker", "start.sh"))
	cmd.Env = append(os.Environ(), "IP=127.0.0.1", fmt.Sprintf("PORT=%d", port), "JUPYTER_TOKEN="+token,
		"JUPYTER_DATA_DIR="+dataDir, "JUPYTER_CONFIG_DIR="+t.TempDir(), "JUPYTER_RUNTIME_DIR="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	defer func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan error)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Error("Jupyter did not stop on SIGTERM")
		}
	}()

	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	printed := false
	deadline := time.After(60 * time.Second)
	for !printed {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("docker/start.sh exited")
			}
			printed = strings.Contains(l, url+"/?token="+token)
		case <-deadline:
			t.Fatal("docker/start.sh did not print the URL with the token")
		}
	}
	go func() { // keep draining, so Jupyter never blocks on its output
		for range lines {
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	body, code := waitHTTP(ctx, url+"/api/kernelspecs?token="+token)
	if code != http.StatusOK || !strings.Contains(body, `"littlegrad"`) {
		t.Fatalf("GET /api/kernelspecs: %d %.300s", code, body)
	}
	if _, code := waitHTTP(ctx, url+"/api/kernelspecs"); code != http.StatusForbidden {
		t.Errorf("without the token, GET /api/kernelspecs gave %d, want 403", code)
	}
	body, code = waitHTTP(ctx, url+"/api/contents?token="+token)
	if code != http.StatusOK || !strings.Contains(body, "littlegrad-part1-engine.ipynb") {
		t.Errorf("Jupyter does not serve the notebooks: %d %.300s", code, body)
	}
}

// waitHTTP GETs url until the server answers or ctx ends.
func waitHTTP(ctx context.Context, url string) (string, int) {
	for {
		resp, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return string(b), resp.StatusCode
		}
		select {
		case <-ctx.Done():
			return err.Error(), 0
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// freePort returns a TCP port free on loopback right now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
