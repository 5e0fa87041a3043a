package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"install", "-bogus"}, 2, "flag provided but not defined"},
		{[]string{"status", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"status", "-gopls"}, 2, "flag provided but not defined"},
		{[]string{"help"}, 0, "usage:"},
		{[]string{"install", "-user=false"}, 2, "-user=false: the kernel is installed per user"},
		{[]string{"uninstall", "-user", "-prefix", "/tmp/x"}, 2, "-user and -prefix say different places"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := run(tt.args, &out, &errOut)
		if code != tt.code || !strings.Contains(out.String()+errOut.String(), tt.want) {
			t.Errorf("run(%q) = %d, output %q; want %d and %q", tt.args, code, out.String()+errOut.String(), tt.code, tt.want)
		}
	}
}

// Install into a scratch Jupyter data dir, twice (it must be idempotent),
// check what it wrote, then uninstall.
func TestInstallStatusUninstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds GoNB")
	}
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	for i := 0; i < 2; i++ {
		var out, errOut bytes.Buffer
		if code := run([]string{"install", "-no-warm", "-no-gopls"}, &out, &errOut); code != 0 {
			t.Fatalf("install #%d exited %d:\n%s%s", i+1, code, out.String(), errOut.String())
		}
	}
	dir := filepath.Join(data, "kernels", "littlegrad")
	loc, err := locate("")
	if err != nil {
		t.Fatal(err)
	}
	if loc.kernelDir != dir {
		t.Fatalf("kernel dir %s, want %s", loc.kernelDir, dir)
	}
	spec, err := readSpec(loc)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := filepath.Abs("..")
	if spec.DisplayName != "Go (littlegrad)" || spec.Language != "go" {
		t.Errorf("spec names: %q %q", spec.DisplayName, spec.Language)
	}
	wantArgv := []string{filepath.Join(dir, "bin", "littlegrad-kernel"), "run",
		"{connection_file}", "--",
		filepath.Join(dir, "bin", "gonb"), "--kernel", "{connection_file}", "--go_work=" + root,
		"--logtostderr=false", "--stderrthreshold=FATAL", "--log_file=" + filepath.Join(dir, "gonb.log"), "--log_file_max_size=10", "--raw_error"}
	if !slices.Equal(spec.Argv, wantArgv) {
		t.Errorf("argv %q, want %q", spec.Argv, wantArgv)
	}
	path := filepath.SplitList(spec.Env["PATH"])
	if len(path) < 2 || path[0] != filepath.Join(dir, "bin") || !isExecutable(filepath.Join(path[1], "go")) {
		t.Errorf("PATH %q must start with the kernel's bin and the go command's folder", spec.Env["PATH"])
	}
	for _, k := range []string{"GOPATH", "GOCACHE", "GOMODCACHE", "TMPDIR"} {
		if spec.Env[k] == "" {
			t.Errorf("kernel.json env lacks %s", k)
		}
	}
	if spec.Env["GOTOOLCHAIN"] != "local" {
		t.Errorf("GOTOOLCHAIN = %q, want local", spec.Env["GOTOOLCHAIN"])
	}
	for _, flag := range []string{"-ldflags=-s", "-tags=littlegrad_kernel"} {
		if !strings.Contains(spec.Env["GOFLAGS"], flag) {
			t.Errorf("GOFLAGS = %q, want %s among them", spec.Env["GOFLAGS"], flag)
		}
	}
	for _, logo := range logoFiles {
		if _, err := os.Stat(filepath.Join(dir, logo)); err != nil {
			t.Errorf("no logo: %v", err)
		}
	}
	for _, bin := range []string{"littlegrad-kernel", "littlegrad-render", "go", "gonb", "goimports"} {
		if !isExecutable(filepath.Join(dir, "bin", bin)) {
			t.Errorf("%s not installed", bin)
		}
	}
	var out bytes.Buffer
	run([]string{"status"}, &out, &out)
	for _, want := range []string{"ok       kernelspec", "ok       kernel ", "ok       littlegrad-render", "ok       gonb", "ok       go ", "ok       goimports",
		"ok       notebooks import from  " + root, "-        gopls"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"uninstall"}, &out, &out); code != 0 {
		t.Fatalf("uninstall exited %d: %s", code, out.String())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("uninstall left %s", dir)
	}
	out.Reset()
	if code := run([]string{"status"}, &out, &out); code != 1 || !strings.Contains(out.String(), "MISSING  kernelspec") {
		t.Errorf("status after uninstall exited %d:\n%s", code, out.String())
	}
}

func TestPrefix(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "")
	prefix := t.TempDir()
	loc, err := locate(prefix)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(prefix, "share", "jupyter", "kernels", "littlegrad"); loc.kernelDir != want {
		t.Errorf("-prefix kernel dir %s, want %s", loc.kernelDir, want)
	}
}

// A folder named littlegrad that install did not make (no marker) is left
// alone by install and uninstall; of one it made, uninstall removes only
// what install wrote.
func TestOnlyOurs(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	loc, err := locate("")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(loc.kernelDir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(loc.kernelDir, name))
		return err == nil
	}

	// Someone else's kernel, even one whose kernel.json does not parse.
	for _, spec := range []string{`{"display_name": "Someone else's", "argv": ["x"]}`, `{not json`} {
		write("kernel.json", spec)
		var out bytes.Buffer
		if code := run([]string{"uninstall"}, &out, &out); code != 1 || !strings.Contains(out.String(), "was not made by littlegrad's installer") {
			t.Errorf("uninstall of a foreign kernel %s exited %d: %s", spec, code, out.String())
		}
		if err := claim(loc); err == nil || !strings.Contains(err.Error(), "littlegrad's installer did not make it") {
			t.Errorf("install over a foreign kernel %s: %v", spec, err)
		}
		if !exists("kernel.json") || exists(markerName) {
			t.Errorf("the foreign kernel %s was touched", spec)
		}
	}

	// Ours: the marker, what install writes, and a file of the user's.
	os.RemoveAll(loc.kernelDir)
	if err := claim(loc); err != nil {
		t.Fatal(err)
	}
	write("kernel.json", "{}")
	write("bin/gonb", "")
	write("tmp/go-graphviz/cache", "")
	write("notes.txt", "mine")
	var out bytes.Buffer
	if code := run([]string{"uninstall"}, &out, &out); code != 0 || !strings.Contains(out.String(), "notes.txt") {
		t.Errorf("uninstall exited %d: %s", code, out.String())
	}
	for _, name := range []string{markerName, "kernel.json", "bin", "tmp"} {
		if exists(name) {
			t.Errorf("uninstall left %s", name)
		}
	}
	if !exists("notes.txt") {
		t.Error("uninstall removed a file install did not write")
	}

	// A kernel.json from an installer older than the marker is ours to replace.
	os.RemoveAll(loc.kernelDir)
	write("kernel.json", `{"display_name": "Go (littlegrad)", "metadata": {"littlegrad_checkout": "/somewhere"}}`)
	if err := claim(loc); err != nil {
		t.Errorf("install over an older littlegrad kernel: %v", err)
	}

	// A marker that names something outside the folder is refused whole.
	write(markerName, `{"files": ["../../escape"]}`)
	out.Reset()
	if code := run([]string{"uninstall"}, &out, &out); code != 1 || !strings.Contains(out.String(), "not a name in the folder") {
		t.Errorf("uninstall with a bad marker exited %d: %s", code, out.String())
	}
}

func TestOutsideCheckout(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out bytes.Buffer
	if code := run([]string{"status"}, &out, &out); code != 1 || !strings.Contains(out.String(), "run this from the littlegrad checkout") {
		t.Errorf("status outside the checkout exited %d: %s", code, out.String())
	}
}

// Without Jupyter on PATH, status says how to get it.
func TestStatusWithoutJupyter(t *testing.T) {
	loc, err := locate("")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", filepath.Join(loc.goEnv["GOROOT"], "bin")) // go, and nothing else
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	var out bytes.Buffer
	code := run([]string{"status"}, &out, &out)
	want := "MISSING  jupyter"
	if code != 1 || !strings.Contains(out.String(), want) || !strings.Contains(out.String(), "scripts/jupyter.sh tutorial") {
		t.Errorf("status without Jupyter exited %d, output:\n%s\nwant %q and how to get it", code, out.String(), want)
	}
	if msg := jupyterMissing(); !strings.Contains(msg, "scripts/jupyter.sh tutorial") {
		t.Errorf("install's note without Jupyter: %q", msg)
	}
}

// fakeJupyter puts on PATH, before everything else, a jupyter command that
// answers --data-dir and --paths as a Jupyter whose user data dir is data
// would, and returns data.
func fakeJupyter(t *testing.T) string {
	t.Helper()
	bin, data := t.TempDir(), t.TempDir()
	script := fmt.Sprintf(`#!/bin/sh
case "$*" in
--data-dir) echo %[1]s ;;
"--paths --json") echo '{"data": ["/nonexistent/jupyter", "%[1]s", "/usr/share/jupyter"]}' ;;
"nbconvert --version") echo 7.16.4 ;;
*) exit 1 ;;
esac
`, data)
	if err := os.WriteFile(filepath.Join(bin, "jupyter"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("JUPYTER_DATA_DIR", "")
	return data
}

// The kernelspec goes where the jupyter on PATH looks, and status asks that
// jupyter whether it sees the kernel.
func TestJupyterOnPath(t *testing.T) {
	data := fakeJupyter(t)
	loc, err := locate("")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(data, "kernels", "littlegrad"); loc.kernelDir != want {
		t.Errorf("kernel dir %s, want %s (from jupyter --data-dir)", loc.kernelDir, want)
	}
	if _, err := kernelspecSeenBy("jupyter"); err == nil {
		t.Error("kernelspecSeenBy found a kernel before any was installed")
	}
	if err := claim(loc); err != nil {
		t.Fatal(err)
	}
	if err := writeSpec(loc); err != nil {
		t.Fatal(err)
	}
	if got, err := kernelspecSeenBy("jupyter"); got != loc.kernelDir {
		t.Errorf("kernelspecSeenBy = %q, %v; want %s", got, err, loc.kernelDir)
	}
	var out bytes.Buffer
	run([]string{"status"}, &out, &out)
	if want := "ok       jupyter sees kernel    " + loc.kernelDir; !strings.Contains(out.String(), want) {
		t.Errorf("status lacks %q:\n%s", want, out.String())
	}

	// Installed elsewhere, status says this Jupyter will not see it.
	out.Reset()
	prefix := t.TempDir()
	other, err := locate(prefix)
	if err != nil {
		t.Fatal(err)
	}
	claim(other)
	writeSpec(other)
	run([]string{"status", "-prefix", prefix}, &out, &out)
	if want := "MISSING  jupyter sees kernel"; !strings.Contains(out.String(), want) {
		t.Errorf("status of a kernel under -prefix lacks %q:\n%s", want, out.String())
	}
}

// A kernel.json without argv is reported, not a crash.
func TestStatusEmptyArgv(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	loc, err := locate("")
	if err != nil {
		t.Fatal(err)
	}
	claim(loc)
	os.WriteFile(filepath.Join(loc.kernelDir, "kernel.json"), []byte(`{"display_name": "Go (littlegrad)"}`), 0o644)
	var out bytes.Buffer
	if code := run([]string{"status"}, &out, &out); code != 1 || !strings.Contains(out.String(), "MISSING  kernelspec") ||
		!strings.Contains(out.String(), "no argv") {
		t.Errorf("status with an empty argv exited %d:\n%s", code, out.String())
	}
}
