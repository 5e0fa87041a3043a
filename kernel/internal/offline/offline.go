// Package offline fills the Go module cache with what notebook cells need
// to build with no network: every module of the checkout's module graph, and
// what a cell's workspace loads besides (a workspace reads the go.mod of
// every module the checkout requires, and a cell that imports a module the
// checkout does not require directly may select newer versions of others).
package offline

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Go runs the go command: Path (or "go" when empty) with Env (the
// process's environment when nil).
type Go struct {
	Path string
	Env  []string
}

// Run runs the go command with args in dir and returns its standard
// output; its error holds the command's standard error.
func (g Go) Run(dir string, args ...string) ([]byte, error) {
	path := g.Path
	if path == "" {
		path = "go"
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	cmd.Env = g.Env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("go %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// Offline returns g with downloads turned off, as in a kernel without
// network.
func (g Go) Offline() Go {
	g.Env = append(slices.Clip(g.environ()), "GOPROXY=off")
	return g
}

func (g Go) environ() []string {
	if g.Env == nil {
		return os.Environ()
	}
	return g.Env
}

// NewCell makes the empty folder dir a cell's module as GoNB makes one for
// a kernel started with -go_work=CHECKOUT: a module (named gonb_cell) in a
// workspace that uses it and the checkout, whose go.mod replaces the
// checkout's module with the checkout (GoNB's %goworkfix). It works offline.
func NewCell(g Go, dir, checkout string) error {
	out, err := g.Run(checkout, "mod", "edit", "-json")
	if err != nil {
		return err
	}
	var mod struct{ Module struct{ Path string } }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Module.Path == "" {
		return fmt.Errorf("%s/go.mod names no module (%v)", checkout, err)
	}
	for _, args := range [][]string{
		{"mod", "init", "gonb_cell"},
		{"work", "init"},
		{"work", "use", ".", checkout},
		{"mod", "edit", "-replace=" + mod.Module.Path + "=" + checkout},
	} {
		if _, err := g.Run(dir, args...); err != nil {
			return err
		}
	}
	return nil
}

// Prepare downloads into the module cache the modules of the checkout's
// module graph, and everything a cell's workspace loads when the cell
// imports a package of any one of them (or several: the versions selected
// then are among those), so that such cells build offline. scratch is an
// empty folder to work in. g needs the network the first time; when the
// cache holds everything already, Prepare works offline too.
//
// It returns how many module versions the cache holds for cells, and an
// error naming the modules whose requirements could not be loaded or
// downloaded; it goes on past them, so the rest is prepared.
func Prepare(g Go, checkout, scratch string) (downloaded int, err error) {
	if err := NewCell(g, scratch, checkout); err != nil {
		return 0, err
	}
	goMod, err := os.ReadFile(filepath.Join(scratch, "go.mod"))
	if err != nil {
		return 0, err
	}
	mods, err := buildList(g, scratch)
	if err != nil {
		return 0, err
	}

	// For each module, the build list of a cell that requires it.
	versions := slices.Clone(mods)
	var failed []string
	for _, m := range mods {
		if _, err := g.Run(scratch, "mod", "edit", "-require="+m); err != nil {
			return 0, err
		}
		list, err := buildList(g, scratch)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", m, err))
		}
		versions = append(versions, list...)
		if err := os.WriteFile(filepath.Join(scratch, "go.mod"), goMod, 0o644); err != nil {
			return 0, err
		}
	}
	slices.Sort(versions)
	versions = slices.Compact(versions)
	downloaded = len(versions)

	// Outside any module: in the workspace, go mod download would add
	// the checksums to the checkout's go.sum.
	nowhere := filepath.Join(scratch, "download")
	if err := os.Mkdir(nowhere, 0o755); err != nil {
		return 0, err
	}
	dl := g
	dl.Env = append(slices.Clip(g.environ()), "GOWORK=off")
	out, err := dl.Run(nowhere, append([]string{"mod", "download", "-json"}, versions...)...)
	dec := json.NewDecoder(strings.NewReader(string(out)))
	nfailed := len(failed)
	for {
		var d struct{ Error string }
		if dec.Decode(&d) != nil {
			break
		}
		if d.Error != "" {
			failed = append(failed, d.Error)
			downloaded--
		}
	}
	if err != nil && len(failed) == nfailed {
		return downloaded, err // no module's error: the command's own
	}
	if len(failed) > 0 {
		return downloaded, fmt.Errorf("cells that import packages of these modules will need the network:\n\t%s",
			strings.Join(failed, "\n\t"))
	}
	return downloaded, nil
}

// A Module is a module of a workspace's build list.
type Module struct {
	Path, Version string
	Main          bool   // a module of the workspace itself
	Dir           string // for a main module
	Err           string // why the go command could not load it
}

// Modules returns the build list of the workspace in dir: its own modules
// and every module in their graphs.
func Modules(g Go, dir string) ([]Module, error) {
	out, err := g.Run(dir, "list", "-m", "-e", "-f", "{{.Path}}\t{{.Version}}\t{{.Main}}\t{{.Dir}}\t{{with .Error}}{{.Err}}{{end}}", "all")
	if err != nil {
		return nil, err
	}
	var mods []Module
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if f := strings.Split(line, "\t"); len(f) == 5 {
			mods = append(mods, Module{Path: f[0], Version: f[1], Main: f[2] == "true", Dir: f[3], Err: f[4]})
		}
	}
	return mods, nil
}

// buildList returns the module versions (path@version) of the workspace
// in dir, its own modules left out.
func buildList(g Go, dir string) ([]string, error) {
	mods, err := Modules(g, dir)
	var list []string
	for _, m := range mods {
		if m.Err != "" && err == nil {
			err = fmt.Errorf("%s: %s", m.Path, m.Err)
		}
		if !m.Main {
			list = append(list, m.Path+"@"+m.Version)
		}
	}
	return list, err
}
