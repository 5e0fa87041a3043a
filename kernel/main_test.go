package main

import (
	"bytes"
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
		if code := run([]string{"install", "-no-warm"}, &out, &errOut); code != 0 {
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
	wantArgv := []string{filepath.Join(dir, "bin", "gonb"), "--kernel", "{connection_file}", "--go_work=" + root,
		"--logtostderr=false", "--stderrthreshold=FATAL", "--log_file=" + filepath.Join(dir, "gonb.log"), "--log_file_max_size=10"}
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
	for _, bin := range []string{"gonb", "goimports"} {
		if !isExecutable(filepath.Join(dir, "bin", bin)) {
			t.Errorf("%s not installed", bin)
		}
	}
	var out bytes.Buffer
	run([]string{"status"}, &out, &out)
	for _, want := range []string{"ok       kernelspec", "ok       gonb", "ok       goimports", "ok       notebooks import from  " + root} {
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

func TestPrefixAndForeignKernel(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "")
	prefix := t.TempDir()
	loc, err := locate(prefix)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(prefix, "share", "jupyter", "kernels", "littlegrad"); loc.kernelDir != want {
		t.Errorf("-prefix kernel dir %s, want %s", loc.kernelDir, want)
	}
	// A kernelspec of the same name that littlegrad did not write is left alone.
	os.MkdirAll(loc.kernelDir, 0o755)
	os.WriteFile(filepath.Join(loc.kernelDir, "kernel.json"), []byte(`{"display_name": "Someone else's"}`), 0o644)
	var out bytes.Buffer
	if code := run([]string{"uninstall", "-prefix", prefix}, &out, &out); code != 1 || !strings.Contains(out.String(), "did not install") {
		t.Errorf("uninstall of a foreign kernel exited %d: %s", code, out.String())
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

// Without Jupyter on PATH, status says what to install, the Debian way.
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
	if code != 1 || !strings.Contains(out.String(), want) ||
		!strings.Contains(out.String(), "apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient") {
		t.Errorf("status without Jupyter exited %d, output:\n%s\nwant %q and the apt-get line", code, out.String(), want)
	}
	if msg := jupyterMissing(loc); !strings.Contains(msg, "sudo apt-get install jupyter-notebook") {
		t.Errorf("install's note without Jupyter: %q", msg)
	}
}
