package tests

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The image test drives podman, which builds and runs Docker images without a
// Docker engine. These are the settings this machine needs (see
// docker/README.md); $PODMAN replaces podman and its global flags.
var (
	// podmanCmd is podman with its global flags: runc, because crun fails
	// on this machine's cgroups.
	podmanCmd = []string{"podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs"}
	// buildFlags: RUN steps in a chroot, with the host's network (the
	// build downloads Debian packages and Go modules).
	buildFlags = []string{"--isolation=chroot", "--network=host", "--pull=never"}
	// runFlags: podman asks for limits of 1048576 open files and processes
	// by default, which this machine refuses to grant ("error setting
	// rlimit"); these are plenty for Jupyter and the go command.
	runFlags = []string{"--ulimit", "nofile=1024:4096", "--ulimit", "nproc=8192:8192"}
)

// imageTag names the image the test builds; it stays in podman's storage,
// so the next run reuses its unchanged layers. The test runs its containers
// from the image's ID, not this tag, which a test running at the same time
// from another checkout may move.
const imageTag = "localhost/littlegrad:test"

// testLabel marks the images and containers the test makes, so it can
// remove those it left behind.
const testLabel = "org.littlegrad.test"

// maxImageGrowth is what the image may add to its base: the size budget of
// issue 13. The image adds about 650 MB today.
const maxImageGrowth = 1200 << 20

// podman returns a command running podman with this machine's flags.
func podman(ctx context.Context, args ...string) *exec.Cmd {
	base := podmanCmd
	if p := os.Getenv("PODMAN"); p != "" {
		base = strings.Fields(p)
	}
	return exec.CommandContext(ctx, base[0], append(base[1:len(base):len(base)], args...)...)
}

// podmanOutput runs podman and returns its standard output, failing the test
// with its standard error if it fails.
func podmanOutput(t *testing.T, ctx context.Context, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := podman(ctx, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("podman %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return strings.TrimSpace(string(out))
}

// podmanUsable says why podman cannot build and run the image here, or "".
func podmanUsable() string {
	if _, err := exec.LookPath("podman"); err != nil {
		return "podman is not installed (./test.sh installs it on Debian; or apt-get install podman runc debootstrap)"
	}
	if os.Getuid() != 0 {
		return "the image test needs root: the stand-in base is made with debootstrap, and the image runs under rootful podman"
	}
	if _, err := exec.LookPath("debootstrap"); err != nil {
		return "debootstrap is not installed (apt-get install debootstrap)"
	}
	if out, err := podman(context.Background(), "info").CombinedOutput(); err != nil {
		return fmt.Sprintf("podman info fails: %v\n%s", err, out)
	}
	return ""
}

// TestDockerImage builds docker/Dockerfile with podman, as a user's `docker
// build` would, on a stand-in for its golang base (docker/standin-base.sh),
// and checks the image from the host: its size; Jupyter's token, the
// kernel and a clean stop; every notebook run inside it with no network and
// an empty volume over the home folder, as Zero to JupyterHub mounts one;
// the server Binder's command line starts; and a class on a JupyterHub
// (hub_test.go). Where podman cannot run it skips, saying why, except on CI
// (CI=true), where it fails: CI must build the image.
func TestDockerImage(t *testing.T) {
	if why := podmanUsable(); why != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot build the image on CI: %s", why)
		}
		t.Skipf("skipping the Docker image test: %s", why)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Minute)
	defer cancel()
	artifacts := artifactDir(t, "docker")

	start := time.Now()
	base := exec.CommandContext(ctx, filepath.Join(root, "docker", "standin-base.sh"))
	if out, err := base.CombinedOutput(); err != nil {
		t.Fatalf("docker/standin-base.sh: %v\n%s", err, out)
	} else {
		t.Logf("base image (%.0fs): %s", time.Since(start).Seconds(), strings.TrimSpace(string(out)))
	}

	image := buildImage(t, ctx, artifacts)
	checkImageSize(t, ctx, image, artifacts)
	if t.Failed() {
		return
	}
	t.Run("server", func(t *testing.T) { checkServer(t, ctx, image) })
	t.Run("empty home, offline", func(t *testing.T) { checkEmptyHome(t, ctx, image) })
	t.Run("Binder", func(t *testing.T) { checkBinder(t, ctx, image) })
	t.Run("JupyterHub", func(t *testing.T) { checkHub(t, ctx, image) })
}

// buildImage builds docker/Dockerfile from the checkout, with its log in
// artifacts, removes the images earlier runs left untagged, and returns the
// new image's ID.
func buildImage(t *testing.T, ctx context.Context, artifacts string) string {
	t.Helper()
	logPath := filepath.Join(artifacts, "build.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	idFile := filepath.Join(t.TempDir(), "image-id")
	args := append([]string{"build"}, buildFlags...)
	args = append(args, "--label", testLabel+"=1", "--iidfile", idFile, "-f", "docker/Dockerfile", "-t", imageTag, ".")
	cmd := podman(ctx, args...)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = logFile, logFile
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("podman %s: %v; its output is in %s:\n%s", strings.Join(args, " "), err, logPath, tail(logPath, 30))
	}
	t.Logf("built %s in %.0fs (podman %s; log in %s)", imageTag, time.Since(start).Seconds(), strings.Join(args, " "), logPath)
	id, err := os.ReadFile(idFile)
	if err != nil {
		t.Fatal(err)
	}
	// The builds this one replaced, with their intermediate images (all
	// labelled), unless a container still uses them.
	podmanOutput(t, ctx, "image", "prune", "-f", "--filter", "label="+testLabel)
	return strings.TrimSpace(string(id))
}

// checkImageSize logs what each layer adds and checks the total against the
// budget.
func checkImageSize(t *testing.T, ctx context.Context, image, artifacts string) {
	t.Helper()
	history := podmanOutput(t, ctx, "history", "--format", "{{.Size}}\t{{.CreatedBy}}", image)
	size := func(image string) int64 {
		n, err := strconv.ParseInt(podmanOutput(t, ctx, "image", "inspect", "--format", "{{.Size}}", image), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	growth := size(image) - size("docker.io/library/golang:1.26-bookworm")
	report := fmt.Sprintf("%s: %d MB on top of golang:1.26-bookworm (budget %d MB); its layers, newest first:\n%s\n",
		imageTag, growth>>20, maxImageGrowth>>20, history)
	t.Log(report)
	if err := os.WriteFile(filepath.Join(artifacts, "layers.txt"), []byte(report), 0o644); err != nil {
		t.Error(err)
	}
	if growth > maxImageGrowth {
		t.Errorf("the image adds %d MB to its base, over the budget of %d MB: see podman history %s", growth>>20, maxImageGrowth>>20, imageTag)
	}
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// runContainer starts the image with flags, and command if it is not nil
// (else its default command), and removes the container when the test
// ends.
func runContainer(t *testing.T, ctx context.Context, image string, flags, command []string) string {
	t.Helper()
	name := "littlegrad-test-" + strings.ToLower(rand.Text()[:8])
	// A container this test could not remove (killed by its timeout)
	// stops by itself.
	args := append([]string{"run", "-d", "--name", name, "--label", testLabel + "=1", "--timeout", "1800"}, runFlags...)
	args = append(append(append(args, flags...), image), command...)
	podmanOutput(t, ctx, args...)
	t.Cleanup(func() {
		if t.Failed() {
			logs, _ := podman(context.Background(), "logs", name).CombinedOutput()
			t.Logf("the container's log:\n%s", logs)
		}
		podman(context.Background(), "rm", "-f", "-t", "0", name).Run()
	})
	return name
}

// waitToken waits for the container to print the URL with its token (once
// Jupyter is up), and returns the token.
func waitToken(t *testing.T, ctx context.Context, ctr string) string {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		logs, _ := podman(ctx, "logs", ctr).CombinedOutput()
		if m := tokenURL.FindSubmatch(logs); m != nil && bytes.Contains(logs, []byte("Jupyter Server")) {
			return string(m[1])
		} else if time.Now().After(deadline) {
			t.Fatalf("the container did not print the URL with its token:\n%s", logs)
		}
	}
}

// tokenURL matches the address docker/start.sh prints: part 1 in JupyterLab.
var tokenURL = regexp.MustCompile(`http://127\.0\.0\.1:8888/lab/tree/littlegrad/littlegrad-part1-engine\.ipynb\?token=([0-9a-f]{32,})`)

// checkServer runs the image as the README says, with its port published,
// and checks Jupyter through it: its API, then part 1 opened in JupyterLab
// from Chromium on the host, on its kernel; that no process runs as root;
// a notebook of the learner's own, in a folder mounted from the host; and
// the stop. (The
// server also puts JupyterLab's application object in the page, for the
// browser checks to read: see frontends_test.go.)
func checkServer(t *testing.T, ctx context.Context, image string) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	// A folder of the learner's own, mounted as docker/README.md says.
	mine := t.TempDir()
	if err := os.WriteFile(filepath.Join(mine, "mine.ipynb"), []byte(myNotebook), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(mine, 1000, 1000); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(filepath.Join(mine, "mine.ipynb"), 1000, 1000); err != nil {
		t.Fatal(err)
	}
	ctr := runContainer(t, ctx, image, []string{"-p", fmt.Sprintf("127.0.0.1:%d:8888", port), "-v", mine + ":/home/learner/mine"},
		[]string{"/opt/littlegrad/docker/start.sh", jupyterLab.expose})

	token := waitToken(t, ctx, ctr)
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	body, code := waitHTTP(wctx, url+"/api/kernelspecs?token="+token)
	if code != http.StatusOK || !strings.Contains(body, `"littlegrad"`) || !strings.Contains(body, "Go (littlegrad)") {
		t.Fatalf("GET /api/kernelspecs with the token: %d %.300s", code, body)
	}
	for _, bad := range []string{"", "?token=wrong" + token} {
		if _, code := waitHTTP(wctx, url+"/api/kernelspecs"+bad); code != http.StatusForbidden {
			t.Errorf("GET /api/kernelspecs%s gave %d, want 403", bad, code)
		}
	}
	body, code = waitHTTP(wctx, url+"/api/contents/littlegrad?token="+token)
	for _, nb := range notebookPaths(t) {
		if code != http.StatusOK || !strings.Contains(body, filepath.Base(nb)) {
			t.Errorf("Jupyter does not serve %s: %d %.300s", filepath.Base(nb), code, body)
		}
	}
	// A kernel left running, as a learner leaves one, for the stop to end.
	resp, err := http.Post(url+"/api/kernels?token="+token, "application/json", strings.NewReader(`{"name": "littlegrad"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/kernels: %d %s", resp.StatusCode, b)
	}

	// Part 1 opens in JupyterLab on its kernel (the hub test runs it in
	// the image, as two learners at once).
	openPart1(t, url, token, "docker-lab")
	checkSources(t, ctx, ctr)
	checkNotRoot(t, ctx, ctr)
	checkMyNotebook(t, ctx, ctr, filepath.Join(mine, "mine.ipynb"))
	checkNoOrphans(t, ctx, ctr)
	stopContainer(t, ctx, ctr)
	logs, _ := podman(ctx, "logs", ctr).CombinedOutput()
	// The kernel started through the API, and part 1's in JupyterLab.
	if !bytes.Contains(logs, []byte("Shutting down 2 kernels")) {
		t.Errorf("Jupyter did not shut its two kernels down on podman stop; its log:\n%s", logs)
	}
}

// checkSources checks that the image's copy of the checkout holds none of
// the files git ignores (build outputs, npm packages) that are in the
// checkout now: .dockerignore must leave them out of the build context. It
// checks nothing where the checkout is not a git clone.
func checkSources(t *testing.T, ctx context.Context, ctr string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, "git", "ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Logf("not checking the image's sources against git: %v", err)
		return
	}
	ignored := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	if len(ignored) == 1 && ignored[0] == "" {
		return
	}
	args := append([]string{"exec", ctr, "bash", "-c", `cd /opt/littlegrad && for p; do [ ! -e "$p" ] || echo "$p"; done`, "_"}, ignored...)
	if found := podmanOutput(t, ctx, args...); found != "" {
		t.Errorf("the image holds files git ignores; leave them out in .dockerignore:\n%s", found)
	}
}

// myNotebook is a learner's notebook: it imports littlegrad with no setup.
const myNotebook = `{
 "cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
  "source": ["import \"github.com/littlegrad/littlegrad/autograd\"\n", "\n", "%%\n", "fmt.Println(autograd.New(2).Mul(autograd.New(3)))"]}],
 "metadata": {"kernelspec": {"display_name": "Go (littlegrad)", "language": "go", "name": "littlegrad"}},
 "nbformat": 4, "nbformat_minor": 4
}
`

// checkMyNotebook runs the learner's notebook, mounted from the host at
// path, in place, and checks that its output reached the host.
func checkMyNotebook(t *testing.T, ctx context.Context, ctr, path string) {
	t.Helper()
	cmd := podman(ctx, "exec", ctr, "jupyter", "nbconvert", "--log-level=WARN", "--to", "notebook",
		"--execute", "--inplace", "mine/mine.ipynb")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("running a notebook of the mounted folder: %v\n%s", err, out)
	}
	nb := readNotebook(t, path)
	if len(nb.Cells) != 1 || !strings.Contains(nb.Cells[0].text(), "Value(data=6, grad=0)") {
		t.Errorf("the mounted notebook, run in the container, holds %+v; want it to print Value(data=6, grad=0)", nb.Cells)
	}
}

// runNotebooksInside executes every notebook in the container, which must
// have no network but loopback, with nbconvert, as the image's user, and
// checks the executed notebooks: no error, the tutorial's figures,
// drawings as <img> with SVG.
func runNotebooksInside(t *testing.T, ctx context.Context, ctr string) {
	t.Helper()
	script := `[ "$(ls /sys/class/net)" = lo ] || { echo "network interfaces: $(ls /sys/class/net)" >&2; exit 1; }
set -e
out=$(mktemp -d)
jupyter nbconvert --log-level=WARN --to notebook --execute \
	--ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False \
	--output-dir "$out" littlegrad/*.ipynb >&2
tar -C "$out" -c .
`
	// The notebooks' packages must come from the build cache, so that
	// the first cell that draws does not compile them. GoNB builds a cell
	// as a module of its own in a workspace with the checkout, with the
	// GOFLAGS of the kernelspec: so here.
	stale := podmanOutput(t, ctx, "exec", ctr, "bash", "-c", `set -e
export GOFLAGS=$(python3 -c 'import json, sys; print(json.load(open(
	sys.prefix + "/share/jupyter/kernels/littlegrad/kernel.json"))["env"].get("GOFLAGS", ""))')
cd "$(mktemp -d)"
go mod init cell 2>/dev/null
go work init . /opt/littlegrad
go list -deps -f '{{if .Stale}}{{.ImportPath}}: {{.StaleReason}}{{end}}' github.com/littlegrad/littlegrad/autograd \
	github.com/littlegrad/littlegrad/autograd/nn github.com/littlegrad/littlegrad/display github.com/littlegrad/littlegrad/display/plot`)
	if stale != "" {
		t.Errorf("packages the notebooks import are not in the image's build cache:\n%s", stale)
	}

	start := time.Now()
	var stderr bytes.Buffer
	cmd := podman(ctx, "exec", ctr, "bash", "-c", script)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nbconvert --execute in the container: %v\n%s", err, stderr.Bytes())
	}
	t.Logf("the notebooks ran in the container in %.0fs", time.Since(start).Seconds())
	dir := t.TempDir()
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading the executed notebooks: %v", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(h.Name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range notebookPaths(t) {
		name := filepath.Base(path)
		checkExecuted(t, name, readNotebook(t, filepath.Join(dir, name)))
	}
}

// checkExecuted checks a notebook nbconvert executed.
func checkExecuted(t *testing.T, name string, nb notebook) {
	t.Helper()
	var all strings.Builder
	drawings := 0
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		all.WriteString(c.text())
		var html []string
		for _, o := range c.Outputs {
			if o.OutputType == "error" && !c.tagged("raises-exception") {
				t.Errorf("%s: cell %d failed:\n%s", name, i, c.Source)
			}
			html = append(html, string(o.Data["text/html"]))
		}
		if draws.MatchString(string(c.Source)) {
			drawings++
			if err := checkDrawings(html); err != nil {
				t.Errorf("%s: cell %d draws, but: %v", name, i, err)
			}
		}
	}
	if drawings == 0 {
		t.Errorf("%s: no cell draws", name)
	}
	for _, want := range figures[name] {
		if !strings.Contains(all.String(), want) {
			t.Errorf("%s: no cell printed %q", name, want)
		}
	}
}

// checkNoOrphans checks, once the kernels nbconvert started have shut
// down, that they left no process behind in the container: none exited and
// not reaped (a zombie), none adopted by process 1 but Jupyter itself. A
// process gets some seconds to finish exiting.
func checkNoOrphans(t *testing.T, ctx context.Context, ctr string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(500 * time.Millisecond) {
		top := podmanOutput(t, ctx, "top", ctr, "pid", "ppid", "state", "args")
		var bad []string
		for _, line := range strings.Split(top, "\n")[1:] { // after the header
			f := strings.Fields(line)
			if len(f) < 4 {
				t.Fatalf("podman top: %q", line)
			}
			pid, ppid, state, args := f[0], f[1], f[2], strings.Join(f[3:], " ")
			switch {
			case state == "Z":
				bad = append(bad, fmt.Sprintf("process %s (%s) exited and nothing reaped it", pid, args))
			case ppid == "1" && !strings.Contains(args, "jupyter"):
				bad = append(bad, fmt.Sprintf("process %s (%s) outlived its parent", pid, args))
			}
		}
		if len(bad) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("kernels left processes behind:\n%s\npodman top:\n%s", strings.Join(bad, "\n"), top)
			return
		}
	}
}

// stopContainer stops a container as `docker stop` does (SIGTERM, then
// SIGKILL after a grace period) and checks that Jupyter exited on its own,
// with status 0, leaving no process behind.
func stopContainer(t *testing.T, ctx context.Context, ctr string) {
	t.Helper()
	pids := strings.Fields(podmanOutput(t, ctx, "top", ctr, "hpid"))[1:] // after the HPID header
	start := time.Now()
	podmanOutput(t, ctx, "stop", "-t", "30", ctr)
	took := time.Since(start)
	state := podmanOutput(t, ctx, "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", ctr)
	if state != "exited 0" {
		t.Errorf("after podman stop (%.1fs), the container is %q, want \"exited 0\"", took.Seconds(), state)
	}
	for _, pid := range pids {
		if _, err := os.Stat("/proc/" + pid); err == nil {
			cmdline, _ := os.ReadFile("/proc/" + pid + "/cmdline")
			t.Errorf("process %s (%s) of the container outlived it", pid, bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '}))
		}
	}
	t.Logf("podman stop: %s in %.1fs, %d processes before, none left", state, took.Seconds(), len(pids))
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

// checkNotRoot checks that no process of the container runs as root, as a
// JupyterHub or Binder requires.
func checkNotRoot(t *testing.T, ctx context.Context, ctr string) {
	t.Helper()
	top := podmanOutput(t, ctx, "top", ctr, "user", "pid", "args")
	for _, line := range strings.Split(top, "\n")[1:] { // after the header
		if f := strings.Fields(line); len(f) > 0 && f[0] != "learner" && f[0] != "1000" {
			t.Errorf("a process of the container runs as %s, not as the learner (uid 1000): %s", f[0], line)
		}
	}
}

// checkEmptyHome starts the image as Zero to JupyterHub does, with an
// empty volume over the home folder (owned by root, writable by group
// 100, which the container's user gets), and no network: the kernel must
// be listed, the notebooks copied in, and every notebook must run. Then a
// learner's work (a notebook edited, one deleted) must survive a restart
// with the same volume: the edited one kept as it is, the deleted one back.
func checkEmptyHome(t *testing.T, ctx context.Context, image string) {
	home := t.TempDir()
	if err := os.Chown(home, 0, 100); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(home, 0o2775); err != nil {
		t.Fatal(err)
	}
	flags := []string{"--network=none", "--group-add=100", "-v", home + ":/home/learner"}
	ctr := runContainer(t, ctx, image, flags, nil)
	waitToken(t, ctx, ctr)
	nbDir := filepath.Join(home, "littlegrad")
	part1, part3 := filepath.Join(nbDir, "littlegrad-part1-engine.ipynb"), filepath.Join(nbDir, "littlegrad-part3-beyond.ipynb")
	waitFile(t, part3, "the entrypoint to copy the notebooks into the empty home folder")
	if kernels := podmanOutput(t, ctx, "exec", ctr, "jupyter", "kernelspec", "list"); !strings.Contains(kernels, "littlegrad ") {
		t.Errorf("with an empty home folder, jupyter kernelspec list does not list littlegrad:\n%s", kernels)
	}
	runNotebooksInside(t, ctx, ctr)
	checkNoOrphans(t, ctx, ctr)
	stopContainer(t, ctx, ctr)

	data, err := os.ReadFile(part1)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(data, []byte(`"cells": [`), []byte(`"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["my notes"]}, `), 1)
	if bytes.Equal(edited, data) {
		t.Fatalf("%s has no \"cells\": [ to edit", part1)
	}
	if err := os.WriteFile(part1, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(part3); err != nil {
		t.Fatal(err)
	}
	ctr = runContainer(t, ctx, image, flags, nil)
	waitFile(t, part3, "the entrypoint to copy the deleted notebook back")
	waitToken(t, ctx, ctr) // Jupyter has started: it ends cleanly on podman stop
	if now, err := os.ReadFile(part1); err != nil || !bytes.Equal(now, edited) {
		t.Errorf("the learner's edited notebook did not survive a restart with the same volume (%v)", err)
	}
	stopContainer(t, ctx, ctr)
}

// waitFile waits up to a minute for path to exist; what says for what.
func waitFile(t *testing.T, path, what string) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s: %s is not there", what, path)
		}
	}
}

// binderCommand is the command line Binder starts an image built from a
// Dockerfile with, in place of the image's own (repo2docker's docs: "Use a
// Dockerfile"), with a token of the test's.
var binderCommand = []string{"jupyter", "notebook", "--ip=0.0.0.0", "--port=8888", "--NotebookApp.default_url=/lab/"}

// checkBinder starts the image as Binder does and checks that it serves
// JupyterLab at /lab, where Binder's links open, with the notebooks and the
// kernel, as the learner (uid 1000) and not as root.
func checkBinder(t *testing.T, ctx context.Context, image string) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	token := newToken()
	ctr := runContainer(t, ctx, image, []string{"-p", fmt.Sprintf("127.0.0.1:%d:8888", port)},
		append(binderCommand[:len(binderCommand):len(binderCommand)], "--NotebookApp.token="+token, jupyterLab.expose))
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if body, code := waitHTTP(wctx, base+"/api/kernelspecs?token="+token); code != http.StatusOK || !strings.Contains(body, "Go (littlegrad)") {
		t.Fatalf("Binder's command line: GET /api/kernelspecs: %d %.300s", code, body)
	}
	checkNotRoot(t, ctx, ctr)
	openPart1(t, base, token, "binder-lab")
	stopContainer(t, ctx, ctr)
}

// openPart1 opens part 1 in JupyterLab at /lab of the server at base, in
// Chromium, and waits for its kernel, "Go (littlegrad)", to be idle; the
// screenshot is named shot.
func openPart1(t *testing.T, base, token, shot string) {
	t.Helper()
	name := "littlegrad/littlegrad-part1-engine.ipynb"
	nb := readNotebook(t, filepath.Join(root, "notebooks", filepath.Base(name)))
	p := openNotebook(t, newBrowser(t), server{fe: jupyterLab, base: base, token: token}, name, len(nb.Cells))
	waitFor(t, p, "the kernel Go (littlegrad) to be idle", kernelIdle+` && lab.kernel.name === 'littlegrad'`, time.Minute)
	captureWindow(t, p, shot)
	checkConsole(t, p)
}
