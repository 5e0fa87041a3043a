package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/littlegrad/littlegrad/kernel/internal/offline"
)

// goplsVersion is the newest gopls that builds with Go 1.26.
const goplsVersion = "v0.23.0"

type installOptions struct {
	gopls bool // build gopls, for completion and inspection
	warm  bool // warm the build and graphviz caches
}

func install(loc location, opt installOptions, out io.Writer) error {
	if err := claim(loc); err != nil {
		return err
	}
	for _, dir := range []string{loc.binDir, loc.tmpDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "Installing the %q kernel for the checkout %s\n", kernelName, loc.root)

	// gopls takes longest to build, and downloading the modules waits on
	// the network: both go on beside the other builds. The waits are
	// deferred too, so that a build that fails returns with no go command
	// left running.
	waitGopls := func() error { return nil }
	if opt.gopls {
		waitGopls = background(buildGopls, loc)
	} else {
		os.Remove(filepath.Join(loc.binDir, "gopls"))
		os.RemoveAll(filepath.Join(loc.binDir, "gopls.d"))
	}
	defer waitGopls()
	var modules int
	waitOffline := background(func(loc location) (err error) {
		modules, err = prepareOffline(loc)
		return err
	}, loc)
	defer waitOffline()

	// GoNB and goimports come from go.mod's tool directives, so their
	// versions are pinned there (go install pkg@version needs the module
	// proxy's version list, which some proxies refuse).
	for _, tool := range []struct{ name, pkg string }{
		{proxyName, "./kernel"},
		{path.Base(renderPkg), renderPkg},
		{"go", "./kernel/gocmd"},
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
		if err := step(out, "build gopls "+goplsVersion+" (completion and help in notebooks; begun with the builds above, the time is its wait after them)", waitGopls); err != nil {
			return err
		}
	}
	// Not fatal: a module of the graph that cannot be had costs only the
	// cells that import its packages the network.
	var offlineNote error
	step(out, "download the modules cells may import (the checkout's module graph), for use offline (begun with the builds)", func() error {
		if offlineNote = waitOffline(); offlineNote == nil {
			fmt.Fprintf(out, "%d module versions ", modules)
		}
		return nil
	})
	if err := step(out, "write "+filepath.Join(loc.kernelDir, "kernel.json"), func() error {
		if err := writeLogos(loc.kernelDir); err != nil {
			return err
		}
		return writeSpec(loc)
	}); err != nil {
		return err
	}
	if opt.warm {
		if err := step(out, "warm the graphviz compile cache, and the Go build cache with a cell built offline", func() error {
			return warm(loc)
		}); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "Installed. In Jupyter, pick the kernel %q.\n", displayName)
	if offlineNote != nil {
		fmt.Fprintf(out, "\nNote: %v\n", offlineNote)
	}
	if msg := jupyterMissing(); msg != "" {
		fmt.Fprintf(out, "\nNote: %s\n", msg)
	}
	return nil
}

// background runs f(loc) on a goroutine of its own, and returns a function
// that waits for it and returns its error, as often as it is called.
func background(f func(location) error, loc location) func() error {
	done := make(chan error, 1)
	go func() { done <- f(loc) }()
	return sync.OnceValue(func() error { return <-done })
}

// buildGopls builds gopls into the kernel's bin folder, in gopls.d, and
// the gopls that GoNB runs, kernel/goplscmd, which starts it when it is
// first asked something.
func buildGopls(loc location) error {
	g := loc.goCmd()
	g.Env = append(g.Env, "GOBIN="+filepath.Join(loc.binDir, "gopls.d"))
	if _, err := g.Run(loc.root, "install", "golang.org/x/tools/gopls@"+goplsVersion); err != nil {
		return fmt.Errorf("%v\n(without network, gopls cannot be downloaded: install with -no-gopls to go without completion)", err)
	}
	return loc.goBuild("./kernel/goplscmd", filepath.Join(loc.binDir, "gopls"))
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

// goCmd is the go command with the kernel's environment, as the kernel's
// own programs are built (see environ).
func (loc location) goCmd() offline.Go { return offline.Go{Env: loc.environ(true)} }

// goBuild builds pkg from the checkout's module into dst, replacing dst
// atomically so a running kernel is never left with half a binary.
func (loc location) goBuild(pkg, dst string) error {
	tmp := dst + ".new"
	if _, err := loc.goCmd().Run(loc.root, "build", "-o", tmp, pkg); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}

// prepareOffline downloads what cells need to build offline (see package
// offline), and returns how many module versions that is.
func prepareOffline(loc location) (int, error) {
	scratch, err := os.MkdirTemp(loc.tmpDir, "offline-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(scratch)
	return offline.Prepare(loc.goCmd(), loc.root, scratch)
}

// warmImports are the packages the notebooks import.
var warmImports = []string{modulePath + "/autograd/nn", modulePath + "/display", modulePath + "/display/plot"}

// warm runs `littlegrad warm`, which fills go-graphviz's compile cache in
// the kernel's TMPDIR for the kernel's renderer (see display.Warm), then
// builds a cell that imports what the notebooks import, as GoNB builds
// cells (in a workspace with the checkout, through the kernel's go
// command, with the cells' flags), offline: that compiles the notebooks'
// packages into the Go build cache the kernel uses, and checks that the
// notebooks build with no network.
func warm(loc location) error {
	if _, err := loc.goCmd().Run(loc.root, "run", "./cmd/littlegrad", "warm"); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(loc.tmpDir, "warm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	g := offline.Go{Path: filepath.Join(loc.binDir, "go"), Env: loc.environ(false)}.Offline()
	if err := offline.NewCell(g, dir, loc.root); err != nil {
		return err
	}
	src := "package main\n\nimport (\n"
	for _, p := range warmImports {
		src += "\t_ \"" + p + "\"\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src+")\n\nfunc main() {}\n"), 0o644); err != nil {
		return err
	}
	for _, args := range [][]string{{"get"}, {"build", "-o", os.DevNull, "."}} {
		if _, err := g.Run(dir, args...); err != nil {
			return fmt.Errorf("the notebooks' packages do not build offline, as cells build: %v", err)
		}
	}
	return nil
}

// markerName is the file install writes first into the kernelspec folder,
// listing what it writes there, so that uninstall removes only that, and
// neither install nor uninstall touches a folder of the same name that
// littlegrad did not make.
const markerName = "installed-by-littlegrad.json"

// marker is the content of markerName.
type marker struct {
	Checkout string   `json:"checkout"`
	Files    []string `json:"files"` // names in the kernelspec folder, folders included
}

// installedFiles are the names install creates in the kernelspec folder
// (gonb.log is GoNB's log, tmp its scratch space).
var installedFiles = append([]string{markerName, "kernel.json", "bin", "tmp", "gonb.log"}, logoFiles...)

// claim makes sure the kernelspec folder is littlegrad's to write, and
// writes the marker.
func claim(loc location) error {
	_, err := readMarker(loc)
	switch {
	case err == nil:
	case !errors.Is(err, os.ErrNotExist):
		return err
	case !ownedBefore(loc):
		return fmt.Errorf("%s exists and littlegrad's installer did not make it (it has no %s): "+
			"move it away, or install elsewhere with -prefix DIR", loc.kernelDir, markerName)
	}
	if err := os.MkdirAll(loc.kernelDir, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(marker{Checkout: loc.root, Files: installedFiles}, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(loc.kernelDir, markerName), append(data, '\n'), 0o644)
}

// ownedBefore reports whether the kernelspec folder is missing or empty, or
// holds a kernel.json written by an installer older than the marker (whose
// metadata names the checkout).
func ownedBefore(loc location) bool {
	entries, err := os.ReadDir(loc.kernelDir)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0) {
		return true
	}
	spec, err := readSpec(loc)
	return err == nil && spec.Metadata["littlegrad_checkout"] != ""
}

func readMarker(loc location) (marker, error) {
	var m marker
	data, err := os.ReadFile(filepath.Join(loc.kernelDir, markerName))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%s: %v", filepath.Join(loc.kernelDir, markerName), err)
	}
	return m, nil
}

// uninstall removes what install wrote, as its marker lists, and the
// kernelspec folder if nothing else is left in it.
func uninstall(loc location, out io.Writer) error {
	if _, err := os.Stat(loc.kernelDir); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(out, "No %q kernel in %s: nothing to remove.\n", kernelName, loc.kernelDir)
		return nil
	}
	m, err := readMarker(loc)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s was not made by littlegrad's installer (it has no %s); not removing it", loc.kernelDir, markerName)
	}
	if err != nil {
		return err
	}
	for _, name := range m.Files {
		if name == "" || name != filepath.Base(name) || name == "." || name == ".." {
			return fmt.Errorf("%s lists %q, which is not a name in the folder; not removing anything", markerName, name)
		}
	}
	for _, name := range m.Files {
		if name != markerName {
			if err := os.RemoveAll(filepath.Join(loc.kernelDir, name)); err != nil {
				return err
			}
		}
	}
	// The marker goes last, so an interrupted uninstall can run again.
	if err := os.Remove(filepath.Join(loc.kernelDir, markerName)); err != nil {
		return err
	}
	if err := os.Remove(loc.kernelDir); err != nil {
		entries, _ := os.ReadDir(loc.kernelDir)
		var left []string
		for _, e := range entries {
			left = append(left, e.Name())
		}
		fmt.Fprintf(out, "Removed the %q kernel; left %s in place, which littlegrad did not write: %s\n",
			kernelName, loc.kernelDir, strings.Join(left, ", "))
		return nil
	}
	fmt.Fprintf(out, "Removed the %q kernel from %s.\n", kernelName, loc.kernelDir)
	return nil
}

// jupyterMissing returns what to do when Jupyter cannot be found, or "".
func jupyterMissing() string {
	if _, err := exec.LookPath("jupyter"); err != nil {
		return "there is no jupyter command on PATH, so nothing can use the kernel yet.\n" + getJupyter
	}
	return ""
}

// getJupyter says how to get Jupyter.
const getJupyter = "./tutorial.sh runs Jupyter from a virtual environment it makes (scripts/jupyter.sh);\n" +
	"put the folder that `scripts/jupyter.sh tutorial` prints first on PATH, or install JupyterLab 4\n" +
	"or Notebook 7, with nbconvert 7: https://jupyter.org/install"
