package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// goplsVersion is the newest gopls that builds with Go 1.26.
const goplsVersion = "v0.23.0"

type installOptions struct {
	gopls bool // build gopls too
	warm  bool // warm the build and graphviz caches
}

func install(loc location, opt installOptions, out io.Writer) error {
	for _, dir := range []string{loc.binDir, loc.tmpDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "Installing the %q kernel for the checkout %s\n", kernelName, loc.root)

	// GoNB and goimports come from go.mod's tool directives, so their
	// versions are pinned there (go install pkg@version needs the module
	// proxy's version list, which some proxies refuse).
	for _, tool := range []struct{ name, pkg string }{
		{"gonb", "github.com/janpfeifer/gonb"},
		{"goimports", "golang.org/x/tools/cmd/goimports"},
	} {
		if err := step(out, "build "+tool.name, func() error {
			return loc.goBuild(tool.pkg, filepath.Join(loc.binDir, tool.name))
		}); err != nil {
			return err
		}
	}
	if opt.gopls {
		if err := step(out, "build gopls "+goplsVersion+" (for autocompletion; about a minute)", func() error {
			cmd := loc.command(loc.root, "go", "install", "golang.org/x/tools/gopls@"+goplsVersion)
			cmd.Env = append(cmd.Env, "GOBIN="+loc.binDir)
			return runQuiet(cmd)
		}); err != nil {
			return err
		}
	}
	if err := step(out, "write "+filepath.Join(loc.kernelDir, "kernel.json"), func() error {
		if err := writeFileAtomic(filepath.Join(loc.kernelDir, "logo-svg.svg"), logoSVG, 0o644); err != nil {
			return err
		}
		return writeSpec(loc)
	}); err != nil {
		return err
	}
	if opt.warm {
		if err := step(out, "warm the Go build cache and the graphviz compile cache", func() error {
			return warm(loc)
		}); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "Installed. In Jupyter, pick the kernel %q.\n", displayName)
	if msg := jupyterMissing(loc); msg != "" {
		fmt.Fprintf(out, "\nNote: %s\n", msg)
	}
	return nil
}

// step runs f, reporting its name and duration.
func step(out io.Writer, name string, f func() error) error {
	fmt.Fprintf(out, "  %s ... ", name)
	start := time.Now()
	if err := f(); err != nil {
		fmt.Fprintln(out, "failed")
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprintf(out, "done (%.1fs)\n", time.Since(start).Seconds())
	return nil
}

// command returns cmd set up to run in dir with the kernel's environment.
func (loc location) command(dir, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = loc.environ()
	return cmd
}

// goBuild builds pkg from the checkout's module into dst, replacing dst
// atomically so a running kernel is never left with half a binary.
func (loc location) goBuild(pkg, dst string) error {
	tmp := dst + ".new"
	if err := runQuiet(loc.command(loc.root, "go", "build", "-o", tmp, pkg)); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}

// runQuiet runs cmd and, if it fails, returns an error holding its output.
func runQuiet(cmd *exec.Cmd) error {
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return nil
}

// warmProgram imports what notebooks import and draws a graph, so that
// building and running it fills the Go build cache and go-graphviz's
// WebAssembly compile cache (in the kernel's TMPDIR).
const warmProgram = `package main

import (
	"fmt"
	"os"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/nn"
	"github.com/littlegrad/littlegrad/display"
	"github.com/littlegrad/littlegrad/display/plot"
)

func main() {
	_, _, _ = gonbui.IsNotebook, nn.NewMLP, plot.Func
	_ = autograd.New
	if err := display.Warm(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// warm builds and runs warmProgram the way GoNB builds a cell: a module of
// its own, with a go.work that uses the checkout.
func warm(loc location) error {
	dir, err := os.MkdirTemp(loc.tmpDir, "warm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"go.mod":  "module warm\n\ngo 1.26\n",
		"main.go": warmProgram,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	for _, args := range [][]string{
		{"go", "work", "init", ".", loc.root},
		{"go", "build", "-o", "warm", "."},
		{filepath.Join(dir, "warm")},
	} {
		if err := runQuiet(loc.command(dir, args[0], args[1:]...)); err != nil {
			return err
		}
	}
	return nil
}

func uninstall(loc location, out io.Writer) error {
	spec, err := readSpec(loc)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(out, "No %q kernel in %s: nothing to remove.\n", kernelName, loc.kernelDir)
		return nil
	}
	if err == nil && spec.DisplayName != displayName {
		return fmt.Errorf("%s holds a kernel %q that littlegrad did not install; not removing it", loc.kernelDir, spec.DisplayName)
	}
	if err := os.RemoveAll(loc.kernelDir); err != nil {
		return err
	}
	fmt.Fprintf(out, "Removed the %q kernel from %s.\n", kernelName, loc.kernelDir)
	return nil
}

// jupyterMissing returns what to do when Jupyter cannot be found, or "".
func jupyterMissing(loc location) string {
	if _, err := exec.LookPath("jupyter"); err != nil {
		return "Jupyter is not installed, so nothing can use the kernel yet. On Debian or Ubuntu:\n" +
			"  sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient\n" +
			"(PyPI's packages work too: pip install notebook nbconvert nbclient.)"
	}
	return ""
}

// logoSVG is shown by Jupyter next to the kernel's name.
var logoSVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#00add8"/>
<text x="32" y="42" font-family="monospace" font-size="26" font-weight="bold" text-anchor="middle" fill="#fff">∂go</text>
</svg>
`)
