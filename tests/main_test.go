// Package tests runs littlegrad's notebooks end to end, through two real
// Jupyter clients: a Go client over ZeroMQ (package jupyter) and nbconvert.
//
// TestMain installs the littlegrad kernel into a scratch Jupyter data dir
// with `go run ./kernel install`, exactly as a user would, unless
// LITTLEGRAD_KERNEL_DIR names an installed kernelspec to use instead. With
// -short, the package runs nothing.
package tests

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/tests/internal/jupyter"
)

var (
	root      string // the checkout
	kernelDir string // the installed kernelspec
	dataDir   string // the Jupyter data dir that holds it
)

func TestMain(m *testing.M) {
	os.Exit(setup(m))
}

func setup(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		fmt.Println("tests: -short: skipping the end-to-end tests (they need Jupyter and Chromium)")
		return 0
	}
	var err error
	if root, err = filepath.Abs(".."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if dir := os.Getenv("LITTLEGRAD_KERNEL_DIR"); dir != "" {
		kernelDir = dir
		dataDir = filepath.Dir(filepath.Dir(dir))
	} else {
		tmp, err := os.MkdirTemp("", "littlegrad-jupyter-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(tmp)
		dataDir = tmp
		kernelDir = filepath.Join(tmp, "kernels", "littlegrad")
		cmd := exec.Command("go", "run", "./kernel", "install")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+tmp)
		out, err := cmd.CombinedOutput()
		if err != nil {
			fmt.Fprintf(os.Stderr, "go run ./kernel install: %v\n%s", err, out)
			return 1
		}
	}
	defer removeExecutions()
	return m.Run()
}

// startKernel starts the installed kernel in dir and shuts it down, checking
// for a clean exit, when the test ends.
func startKernel(t *testing.T, dir string) *jupyter.Kernel {
	t.Helper()
	return startSpec(t, kernelSpec(t, kernelDir, false), dir)
}

// kernelSpec returns the spec of the kernel installed in dir, offline
// (GOPROXY=off), as in a classroom without network, where cells must build
// from the module cache; with gonbAlone, GoNB's command line alone, without
// the proxy (what follows "--" in kernel.json).
func kernelSpec(t *testing.T, dir string, gonbAlone bool) jupyter.Spec {
	t.Helper()
	spec, err := jupyter.ReadSpec(dir)
	if err != nil {
		t.Fatal(err)
	}
	spec.Env["GOPROXY"] = "off"
	if gonbAlone {
		dash := slices.Index(spec.Argv, "--")
		if dash < 0 {
			t.Fatalf("kernel.json's argv %q has no -- before GoNB's command", spec.Argv)
		}
		spec.Argv = spec.Argv[dash+1:]
	}
	return spec
}

// startSpec starts the kernel of spec in dir and shuts it down, checking for
// a clean exit, when the test ends.
func startSpec(t *testing.T, spec jupyter.Spec, dir string) *jupyter.Kernel {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	k, err := jupyter.Start(ctx, spec, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := k.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return k
}

func execute(t *testing.T, k *jupyter.Kernel, code string) jupyter.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r, err := k.Execute(ctx, code)
	if err != nil {
		t.Fatalf("executing %q: %v\nkernel output:\n%s", code, err, k.Stderr)
	}
	return r
}

// Errors in a cell come back as errors, and the kernel goes on.
func TestKernelErrors(t *testing.T) {
	k := startKernel(t, t.TempDir())
	tests := []struct {
		name, code string
		status     string
		want       string // in the text or the error
	}{
		{"ok", `%%
fmt.Println("hello from Go")`, "ok", "hello from Go"},
		{"compile error", `%%
var x int = "not a number"`, "error", "cannot use"},
		{"still runs", `%%
fmt.Println(6 * 7)`, "ok", "42"},
		{"panic", `%%
var s []int
fmt.Println(s[3])`, "error", "index out of range"},
		{"littlegrad panic", `import "github.com/littlegrad/littlegrad/autograd"

%%
var v autograd.Value
v.Tanh()`, "error", "autograd: use of the zero Value"},
		{"runs after panic", `%%
fmt.Println(autograd.New(3).Pow(2))`, "ok", "Value(data=9, grad=0)"},
		{"ShowDOT says what is wrong", `import "github.com/littlegrad/littlegrad/display"

%%
display.ShowDOT("digraph {\n\ta -> \n}")`, "ok", "display: DOT text, line 3: graphviz cannot read the text here (syntax error near \"}\")"},
	}
	for _, tt := range tests {
		r := execute(t, k, tt.code)
		got := r.Text()
		if e := r.Error(); e != nil {
			got += e.Ename + ": " + e.Evalue + strings.Join(e.Traceback, "\n")
		}
		for _, h := range r.HTML() {
			got += h
		}
		if r.Status != tt.status || !strings.Contains(got, tt.want) {
			t.Errorf("%s: status %q, output %q; want %q and %q", tt.name, r.Status, got, tt.status, tt.want)
		}
	}
}

// artifactDir returns the folder sub of where the tests keep what CI shows
// (screenshots, the latency report): $LITTLEGRAD_ARTIFACTS, or
// out/test-artifacts in the checkout.
func artifactDir(t *testing.T, sub string) string {
	dir := os.Getenv("LITTLEGRAD_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(root, "out", "test-artifacts")
	}
	dir = filepath.Join(dir, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
