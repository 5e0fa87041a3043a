package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

const (
	kernelName  = "littlegrad"
	displayName = "Go (littlegrad)"
	modulePath  = "github.com/littlegrad/littlegrad"
)

// location says where everything goes.
type location struct {
	root      string // the littlegrad checkout (the module root)
	kernelDir string // the kernelspec: kernel.json, logo, bin/
	binDir    string // littlegrad-kernel, go, gonb, goimports, gopls
	tmpDir    string // the kernel's TMPDIR: GoNB's scratch space and go-graphviz's compile cache
	goEnv     map[string]string
}

// goEnvKeys are the go command settings the kernel inherits from the
// installing shell, so it builds with the same caches and module proxy when
// Jupyter starts it from a bare environment.
var goEnvKeys = []string{"GOROOT", "GOPATH", "GOCACHE", "GOMODCACHE", "GOPROXY", "GOSUMDB",
	"GONOSUMDB", "GONOPROXY", "GOPRIVATE", "GOINSECURE", "GOFLAGS", "GOTOOLCHAIN"}

// locate finds the checkout from the working directory and the kernelspec
// folder from prefix, or, when prefix is "", from the Jupyter data dir (see
// jupyterDataDir).
func locate(prefix string) (location, error) {
	var loc location
	env, err := goEnv()
	if err != nil {
		return loc, err
	}
	loc.goEnv = env
	gomod := env["GOMOD"]
	if gomod == "" || gomod == os.DevNull {
		return loc, errors.New("not inside a Go module: run this from the littlegrad checkout (go run ./kernel ...)")
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return loc, err
	}
	if !bytes.HasPrefix(data, []byte("module "+modulePath+"\n")) {
		return loc, fmt.Errorf("%s is not littlegrad's go.mod: run this from the littlegrad checkout", gomod)
	}
	loc.root = filepath.Dir(gomod)

	var dataDir string
	if prefix != "" {
		dataDir, err = filepath.Abs(filepath.Join(prefix, "share", "jupyter"))
	} else {
		dataDir, err = jupyterDataDir()
	}
	if err != nil {
		return loc, err
	}
	loc.kernelDir = filepath.Join(dataDir, "kernels", kernelName)
	loc.binDir = filepath.Join(loc.kernelDir, "bin")
	// A TMPDIR of the kernel's own, unlike /tmp, survives reboots, so the
	// graphviz compile cache warmed at install stays warm.
	loc.tmpDir = filepath.Join(loc.kernelDir, "tmp")
	return loc, nil
}

// jupyterDataDir returns the user's Jupyter data dir, where Jupyter looks
// for the user's kernels: $JUPYTER_DATA_DIR if set, else what the jupyter
// command on PATH says (`jupyter --data-dir`: Jupyter's versions and
// platforms differ), else Jupyter's default for this platform.
func jupyterDataDir() (string, error) {
	if dir := os.Getenv("JUPYTER_DATA_DIR"); dir != "" {
		return filepath.Abs(dir)
	}
	if jupyter, err := exec.LookPath("jupyter"); err == nil {
		out, err := exec.Command(jupyter, "--data-dir").Output()
		if dir := strings.TrimSpace(string(out)); err == nil && filepath.IsAbs(dir) {
			return dir, nil
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory to install into (%v): set JUPYTER_DATA_DIR or pass -prefix", err)
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Jupyter"), nil
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(xdg) {
		return filepath.Join(xdg, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// goEnv returns `go env` as a map.
func goEnv() (map[string]string, error) {
	out, err := exec.Command("go", "env", "-json").Output()
	if err != nil {
		return nil, fmt.Errorf("cannot run the go command (%v): install Go 1.26 and put it on PATH", err)
	}
	env := map[string]string{}
	if err := json.Unmarshal(out, &env); err != nil {
		return nil, fmt.Errorf("go env -json: %v", err)
	}
	return env, nil
}

// kernelSpec is Jupyter's kernel.json.
type kernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
	Metadata      map[string]string `json:"metadata"`
}

// spec returns the kernel.json for loc.
func (loc location) spec() kernelSpec {
	return kernelSpec{
		Argv:          append([]string{filepath.Join(loc.binDir, proxyName), "run", "{connection_file}", "--"}, loc.gonbArgv()...),
		DisplayName:   displayName,
		Language:      "go",
		InterruptMode: "message",
		Env:           loc.kernelEnv(),
		Metadata:      map[string]string{"littlegrad_checkout": loc.root},
	}
}

// gonbArgv is GoNB's command line, which the proxy runs.
func (loc location) gonbArgv() []string {
	return []string{
		filepath.Join(loc.binDir, "gonb"), "--kernel", "{connection_file}",
		// A go.work that uses this checkout, so cells import littlegrad.
		"--go_work=" + loc.root,
		// GoNB logs every cell at INFO level to stderr, which ends up
		// between nbconvert's messages: keep its log in a file instead.
		"--logtostderr=false", "--stderrthreshold=FATAL",
		"--log_file=" + loc.logFile(), "--log_file_max_size=10",
		// Errors as text, which the proxy puts in a learner's words,
		// rather than GoNB's HTML: untrusted notebooks drop its style
		// sheet and show its hidden pop-ups as text, GoNB's scratch
		// program included.
		"--raw_error",
	}
}

// proxyName is the program kernel.json starts: this command, built into the
// kernelspec, whose run subcommand runs GoNB behind the proxy.
const proxyName = "littlegrad-kernel"

// renderPkg is the kernel's renderer, which draws the graphs of cells
// built with the tag cellTag, which do not link graphviz: they find it on
// PATH by its name, the last element of renderPkg.
const (
	renderPkg = "./display/internal/render/littlegrad-render"
	cellTag   = "littlegrad_kernel"
)

// logFile is where GoNB logs, for when a kernel misbehaves.
func (loc location) logFile() string { return filepath.Join(loc.kernelDir, "gonb.log") }

// kernelEnv is the environment the kernel runs in: PATH with our tools
// (among them the go command of package gocmd) first, then Go's, the
// installer's Go settings, and our TMPDIR.
func (loc location) kernelEnv() map[string]string {
	env := map[string]string{}
	for _, k := range goEnvKeys {
		if v := loc.goEnv[k]; v != "" {
			env[k] = v
		}
	}
	env["GOTOOLCHAIN"] = "local"
	// Linking is most of a cell's build, and the symbol table and DWARF
	// are a third of what it writes; panics' stack traces do not need them.
	// Cells that draw leave graphviz to the kernel's renderer, so they do
	// not link it either.
	for _, flag := range []string{"-ldflags=-s", "-tags=" + cellTag} {
		name, _, _ := strings.Cut(flag, "=")
		if !strings.Contains(env["GOFLAGS"], name) {
			env["GOFLAGS"] = strings.TrimSpace(env["GOFLAGS"] + " " + flag)
		}
	}
	path := []string{loc.binDir, filepath.Join(loc.goEnv["GOROOT"], "bin")}
	for _, p := range []string{"/usr/local/bin", "/usr/bin", "/bin"} {
		if !slices.Contains(path, p) {
			path = append(path, p)
		}
	}
	env["PATH"] = strings.Join(path, string(os.PathListSeparator))
	env["TMPDIR"] = loc.tmpDir
	return env
}

// environ turns the kernel's environment into os/exec form, for running
// commands as the kernel will. With tools true, GOFLAGS is the installer's
// own, without the cells' flags: for building the kernel's programs.
func (loc location) environ(tools bool) []string {
	var out []string
	kept := loc.kernelEnv()
	if tools {
		kept["GOFLAGS"] = loc.goEnv["GOFLAGS"]
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := kept[k]; !ok {
			out = append(out, kv)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(kept)) {
		out = append(out, k+"="+kept[k])
	}
	return out
}

func writeSpec(loc location) error {
	data, err := json.MarshalIndent(loc.spec(), "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(loc.kernelDir, "kernel.json"), append(data, '\n'), 0o644)
}

func readSpec(loc location) (kernelSpec, error) {
	var spec kernelSpec
	data, err := os.ReadFile(filepath.Join(loc.kernelDir, "kernel.json"))
	if err != nil {
		return spec, err
	}
	err = json.Unmarshal(data, &spec)
	return spec, err
}

// writeFileAtomic writes through a temporary file and a rename, so a kernel
// starting meanwhile never reads half a file.
func writeFileAtomic(name string, data []byte, perm os.FileMode) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, perm); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
