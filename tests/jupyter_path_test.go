package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The kernel goes where the jupyter on PATH looks, whatever installed it:
// here a jupyter reachable only through PATH, whose data dir (as on macOS,
// or in a virtual environment) is neither $JUPYTER_DATA_DIR nor
// ~/.local/share/jupyter. Install, status and nbconvert all go through it.
func TestJupyterOnPath(t *testing.T) {
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		t.Fatal(err)
	}
	home, data, bin := t.TempDir(), t.TempDir(), t.TempDir()
	wrapper := fmt.Sprintf("#!/bin/sh\nJUPYTER_DATA_DIR=%s exec %s \"$@\"\n", data, jupyter)
	if err := os.WriteFile(filepath.Join(bin, "jupyter"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	// Keep the go command's caches where they are when HOME moves.
	goEnv, err := exec.Command("go", "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatal(err)
	}
	var gv map[string]string
	json.Unmarshal(goEnv, &gv)
	env := []string{"HOME=" + home, "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
	for k, v := range gv {
		env = append(env, k+"="+v)
	}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "HOME" && k != "PATH" && k != "JUPYTER_DATA_DIR" && k != "JUPYTER_PATH" && gv[k] == "" {
			env = append(env, kv)
		}
	}
	run := func(dir, name string, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	if out, err := run(root, "go", "run", "./kernel", "install", "-no-gopls", "-no-warm"); err != nil {
		t.Fatalf("install: %v\n%s", err, out)
	}
	spec := filepath.Join(data, "kernels", "littlegrad", "kernel.json")
	if _, err := os.Stat(spec); err != nil {
		t.Fatalf("install did not write %s, where the jupyter on PATH looks: %v", spec, err)
	}
	if _, err := os.Stat(filepath.Join(home, ".local", "share", "jupyter")); err == nil {
		t.Errorf("install wrote into ~/.local/share/jupyter, where this jupyter does not look")
	}
	out, err := run(root, "go", "run", "./kernel", "status")
	if want := "ok       jupyter sees kernel    " + filepath.Dir(spec); !strings.Contains(out, want) {
		t.Errorf("status (%v) lacks %q:\n%s", err, want, out)
	}

	// The jupyter on PATH runs a notebook on the kernel.
	nb := `{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
  "source": ["%%\n", "fmt.Println(\"from the jupyter on PATH\")"]}],
 "metadata": {"kernelspec": {"name": "littlegrad", "display_name": "Go (littlegrad)", "language": "go"}},
 "nbformat": 4, "nbformat_minor": 5}`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "path.ipynb"), []byte(nb), 0o644); err != nil {
		t.Fatal(err)
	}
	// Through a shell, which finds jupyter on the PATH of env (exec.Command
	// would look it up on the test's own PATH).
	if out, err := run(dir, "sh", "-c", "jupyter nbconvert --to notebook --execute --stdout path.ipynb"); err != nil ||
		!strings.Contains(out, "from the jupyter on PATH") {
		t.Errorf("nbconvert through the jupyter on PATH (%v):\n%s", err, out)
	}
}
