// Command gocmd is the go command on the littlegrad kernel's PATH (bin/go,
// ahead of Go's own, which it runs). It makes the `go get` that GoNB runs
// before each cell work offline for every package of the checkout's module
// graph, skips it when nothing changed, and says which imports need a
// download when one fails; and it wraps each cell's program so that its
// standard error reaches GoNB a line at a time (relay.go). ARCHITECTURE.md
// lists it among GoNB's gaps.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/littlegrad/littlegrad/kernel/internal/offline"
)

func main() {
	args := os.Args[1:]
	switch {
	case len(args) >= 2 && args[0] == runArg:
		os.Exit(runCell(args[1], args[2:]))
	case len(args) == 1 && args[0] == relayArg:
		// An interrupt is for the cell's program, which the relay outlives.
		signal.Ignore(os.Interrupt)
		relayLines(os.Stdin, os.Stdout)
		return
	}
	goCmd, err := realGo()
	if err != nil {
		fmt.Fprintf(os.Stderr, "littlegrad kernel: %v\n", err)
		os.Exit(1)
	}
	if isCellGet(args) {
		os.Exit(cellGet(goCmd, args, os.Stderr))
	}
	if out, ok := cellBuild(args); ok {
		os.Exit(buildCell(goCmd, args, out))
	}
	err = syscall.Exec(goCmd, append([]string{"go"}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "littlegrad kernel: running %s: %v\n", goCmd, err)
	os.Exit(1)
}

// realGo finds Go's own go command.
func realGo() (string, error) {
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); isFile(p) {
			return p, nil
		}
	}
	self, _ := os.Executable()
	self, _ = filepath.EvalSymlinks(self)
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, "go")
		if real, err := filepath.EvalSymlinks(p); err == nil && real != self && isFile(p) {
			return p, nil
		}
	}
	return "", errors.New("no go command besides this one: install Go, and set GOROOT or PATH")
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// isCellGet reports whether args are the `go get` (or `go get -t` in a
// test cell) that GoNB v0.11.4 runs in a cell's module, which has a go.work,
// before each build (internal/goexec/execcode.go, GoImports).
func isCellGet(args []string) bool {
	if len(args) == 0 || args[0] != "get" || len(args) > 2 || (len(args) == 2 && args[1] != "-t") {
		return false
	}
	return isFile("go.work") && isFile("go.mod")
}

// stampFile holds the state of the last cell whose `go get` succeeded.
const stampFile = ".littlegrad-go-get"

// cellGet does GoNB's `go get` and returns its exit status; it writes what
// went wrong to stderr.
func cellGet(goCmd string, args []string, stderr io.Writer) int {
	now := stamp(args)
	if old, err := os.ReadFile(stampFile); err == nil && string(old) == now {
		return 0
	}
	noProxy := append(os.Environ(), "GOPROXY=off")
	out, err := run(goCmd, noProxy, args...)
	if err != nil {
		// Modules of the checkout's graph that the cell's go.mod does
		// not require yet, at the versions the workspace selects: known,
		// so no proxy is asked.
		mods, _ := offline.Modules(offline.Go{Path: goCmd, Env: noProxy}, ".")
		if get := fromGraph(mods); len(get) > 0 && addSums(mods) == nil {
			if _, err2 := run(goCmd, noProxy, append([]string{"get"}, get...)...); err2 == nil {
				out, err = run(goCmd, noProxy, args...)
			}
		}
	}
	if err != nil {
		// Something needs a download: the real thing, as configured.
		out, err = run(goCmd, os.Environ(), args...)
	}
	if err != nil {
		stderr.Write(out)
		whyGetFailed(stderr, goCmd)
		return exitCode(err)
	}
	os.WriteFile(stampFile, []byte(stamp(args)), 0o644)
	return 0
}

func run(goCmd string, env []string, args ...string) ([]byte, error) {
	cmd := exec.Command(goCmd, args...)
	cmd.Env = env
	return cmd.CombinedOutput()
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() > 0 {
		return ee.ExitCode()
	}
	return 1
}

// stamp sums up what `go get` depends on: its arguments, go.mod, go.work,
// and the imports of the Go files here.
func stamp(args []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%q\n", args)
	for _, name := range []string{"go.mod", "go.work"} {
		data, _ := os.ReadFile(name)
		fmt.Fprintf(h, "%s %d\n%s\n", name, len(data), data)
	}
	fmt.Fprintf(h, "%q\n", imports())
	return hex.EncodeToString(h.Sum(nil))
}

// imports returns the sorted import paths of the Go files in the current
// folder.
func imports() []string {
	files, _ := filepath.Glob("*.go")
	var paths []string
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			paths = append(paths, "unparsable "+f) // never matches a stamp twice in a row by chance
			continue
		}
		for _, im := range af.Imports {
			if p, err := strconv.Unquote(im.Path.Value); err == nil {
				paths = append(paths, p)
			}
		}
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}

// provider returns the module of mods that provides the package path (the
// longest module path that prefixes it), and whether there is one.
func provider(mods []offline.Module, path string) (offline.Module, bool) {
	var best offline.Module
	found := false
	for _, m := range mods {
		if (path == m.Path || strings.HasPrefix(path, m.Path+"/")) && len(m.Path) > len(best.Path) {
			best, found = m, true
		}
	}
	return best, found
}

// standard reports whether path is in Go's standard library (whose first
// element has no dot).
func standard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// fromGraph returns, as path@version, the modules of the build list mods
// that provide packages the Go files here import.
func fromGraph(mods []offline.Module) []string {
	var get []string
	for _, p := range imports() {
		if standard(p) {
			continue
		}
		if m, ok := provider(mods, p); ok && !m.Main && m.Version != "" {
			get = append(get, m.Path+"@"+m.Version)
		}
	}
	slices.Sort(get)
	return slices.Compact(get)
}

// addSums adds to the cell's go.sum the checksums the workspace's other
// modules (the checkout) have in theirs: the checksums of the modules it
// will require, so the go command need not ask the checksum database,
// which it cannot reach offline.
func addSums(mods []offline.Module) error {
	have, err := os.ReadFile("go.sum")
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	lines := strings.Split(strings.TrimSpace(string(have)), "\n")
	for _, dir := range checkouts(mods) {
		sums, _ := os.ReadFile(filepath.Join(dir, "go.sum"))
		lines = append(lines, strings.Split(strings.TrimSpace(string(sums)), "\n")...)
	}
	lines = slices.DeleteFunc(lines, func(l string) bool { return l == "" })
	slices.Sort(lines)
	return os.WriteFile("go.sum", []byte(strings.Join(slices.Compact(lines), "\n")+"\n"), 0o644)
}

// whyGetFailed says, after a failed `go get`, which imports are not in the
// checkout's module graph, so need a download, and what to do; or, when the
// module cache lacks part of the graph itself, how to get it.
func whyGetFailed(w io.Writer, goCmd string) {
	mods, _ := offline.Modules(offline.Go{Path: goCmd}.Offline(), ".")
	for _, m := range mods {
		if m.Err != "" {
			checkout := "the littlegrad checkout"
			if c := checkouts(mods); len(c) > 0 {
				checkout = c[0]
			}
			fmt.Fprintf(w, "\nlittlegrad kernel: the module cache lacks part of the checkout's module graph, so\n"+
				"this cell's imports cannot be resolved offline (%s@%s: %s).\n"+
				"With the network on, run `go run ./kernel install` in %s: it downloads\n"+
				"what cells need to build offline (into GOMODCACHE, which kernel.json names).\n",
				m.Path, m.Version, m.Err, checkout)
			return
		}
	}
	var missing []string
	for _, p := range imports() {
		if _, ok := provider(mods, p); !ok && !standard(p) {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return
	}
	out, _ := exec.Command(goCmd, "env", "GOPROXY").Output()
	proxy := strings.TrimSpace(string(out))
	var b bytes.Buffer
	fmt.Fprintf(&b, "\nlittlegrad kernel: these imports are not in the module graph of %s,\n"+
		"so go get had to download their modules, and could not:\n", strings.Join(checkouts(mods), ", "))
	for _, p := range missing {
		fmt.Fprintf(&b, "\t%s\n", p)
	}
	if proxy == "off" {
		b.WriteString("Downloads are off (GOPROXY=off). Connect to the network and set GOPROXY in the kernel's\n" +
			"kernel.json (for example to https://proxy.golang.org,direct), or import only packages\n" +
			"of the modules that `go list -m all` lists in the checkout.\n")
	} else {
		fmt.Fprintf(&b, "Check the import paths and the network (GOPROXY=%s). A proxy that will not list a\n"+
			"module's versions may still serve a version you name: !go get module@version.\n"+
			"Offline, cells can import the packages of the modules that `go list -m all` lists in the checkout.\n", proxy)
	}
	w.Write(b.Bytes())
}

// checkouts returns the folders of the workspace's modules other than the
// cell's own.
func checkouts(mods []offline.Module) []string {
	var dirs []string
	cwd, _ := os.Getwd()
	for _, m := range mods {
		if m.Main && m.Dir != cwd {
			dirs = append(dirs, m.Dir)
		}
	}
	return dirs
}
