// Command kernel installs a Jupyter kernel for Go notebooks, built on GoNB, in
// which notebooks can import littlegrad's packages with no setup cell.
//
// Run it from the littlegrad checkout:
//
//	go run ./kernel install [-user | -prefix DIR] [-no-gopls] [-no-warm]
//	go run ./kernel status [-user | -prefix DIR]
//	go run ./kernel uninstall [-user | -prefix DIR]
//
// install builds, into the kernelspec's bin folder: this command (kernel.json
// runs its run subcommand), the kernel's renderer
// (display/internal/render/renderd), a go command for GoNB (package gocmd),
// GoNB and goimports at the versions pinned in go.mod, and gopls v0.23.0 for
// completion and help unless -no-gopls. It writes a kernelspec named
// "littlegrad" (display name "Go (littlegrad)", logos made by logo.go) whose
// kernel.json carries the environment the kernel needs (PATH with those
// tools and Go's, GOPATH, GOCACHE, GOMODCACHE, GOFLAGS, TMPDIR), so it works
// when Jupyter starts from a bare environment, and points GoNB's -go_work
// flag at this checkout so that notebooks import
// github.com/littlegrad/littlegrad/... directly. It downloads into Go's
// module cache what cells need to build with no network: every module of
// the checkout's module graph, and what a cell's workspace loads besides
// (package internal/offline). It then warms what the first cell would pay
// for: go-graphviz's compile cache, for the renderer, with `littlegrad
// warm`, and the Go build cache for littlegrad's packages and gonbui, with a
// cell built offline as GoNB builds cells, which also checks that the
// notebooks build with no network.
//
// The kernel is GoNB behind a small proxy (package internal/proxy): the
// proxy answers is_complete_request from Go's scanner and parser (package
// internal/cell), which GoNB does not, names Go's lexer and CodeMirror
// mode in kernel_info_reply, and takes the displays that cells send in
// their standard output out of it, so that drawings keep their place among
// the lines a cell prints (package internal/inband), and tells a failed
// cell's error in plain words, without paths of the machine (GoNB runs with
// --raw_error, which reports errors as text); it passes every other message
// on unchanged. The go command of package gocmd makes GoNB's
// per-cell `go get` work offline for every package of the checkout's module
// graph, and skips it when nothing changed, and it wraps each cell's
// program so that its standard error reaches GoNB a line at a time, as
// GoNB needs to name cell lines in a panic's stack trace. Cells build with
// -ldflags=-s and the tag littlegrad_kernel (GOFLAGS), under which display
// draws with the renderer that the proxy runs beside GoNB instead of
// linking graphviz: a drawing cell's program is 3.9 MB instead of 9.6 MB,
// and builds with a third less CPU time.
//
// The kernelspec goes where the Jupyter on PATH looks for the user's
// kernels: $JUPYTER_DATA_DIR if it is set, else what `jupyter --data-dir`
// says (~/.local/share/jupyter on Linux, ~/Library/Jupyter on macOS, which
// are also the defaults when there is no jupyter command); with -prefix DIR,
// under DIR/share/jupyter, like `jupyter kernelspec install --prefix`. It is
// a per-user kernel (it runs with the installer's Go caches), so -user=false
// is refused. The folder gets a file installed-by-littlegrad.json listing
// what install wrote there: uninstall removes only that, and neither touches
// a folder named littlegrad that lacks it. Running install again replaces
// the previous installation; it never prompts. Jupyter itself is not needed
// to install the kernel, but it is needed to use it: install and status say
// how to get it when it is missing.
//
// Exit status: 0 on success, 1 when a step failed (status: when something is
// missing), 2 for bad usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage: go run ./kernel <command> [flags]

commands:
  install    build the kernel, GoNB, goimports and gopls, write the "littlegrad" kernelspec, warm caches
  status     say what is installed and what is missing
  uninstall  remove what install wrote

flags (install, status, uninstall):
  -user          the user's Jupyter data dir ($JUPYTER_DATA_DIR or jupyter --data-dir; default)
  -prefix DIR    DIR/share/jupyter instead, as jupyter kernelspec install --prefix
flags (install only):
  -no-gopls      skip gopls (completion and help in notebooks; a minute to build the first time)
  -no-warm       skip warming the build and graphviz caches
`

// checkWhere rejects -user=false, which would mean a system-wide kernel
// (jupyter kernelspec install's default): littlegrad's kernel runs with the
// installing user's Go caches and checkout, so it is a per-user kernel, or
// one under -prefix. It also rejects -user with -prefix, which contradict.
func checkWhere(fs *flag.FlagSet, user bool, prefix string) error {
	userSet := false
	fs.Visit(func(f *flag.Flag) { userSet = userSet || f.Name == "user" })
	switch {
	case !user && prefix == "":
		return errors.New("-user=false: the kernel is installed per user (it uses your Go caches and this checkout); " +
			"to put it elsewhere, use -prefix DIR")
	case userSet && user && prefix != "":
		return errors.New("-user and -prefix say different places: give one")
	}
	return nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd := args[0]
	if cmd == "run" {
		return runKernel(args[1:], stderr)
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	user := fs.Bool("user", true, "install for the current user (default)")
	prefix := fs.String("prefix", "", "install under `DIR`/share/jupyter")
	var noGopls, noWarm *bool
	switch cmd {
	case "install":
		noGopls = fs.Bool("no-gopls", false, "skip gopls: no completion or help in notebooks")
		noWarm = fs.Bool("no-warm", false, "skip warming caches")
	case "status", "uninstall":
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "kernel: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "kernel %s: unexpected argument %q\n\n%s", cmd, fs.Arg(0), usage)
		return 2
	}
	if err := checkWhere(fs, *user, *prefix); err != nil {
		fmt.Fprintf(stderr, "kernel %s: %v\n", cmd, err)
		return 2
	}
	loc, err := locate(*prefix)
	if err != nil {
		fmt.Fprintf(stderr, "kernel %s: %v\n", cmd, err)
		return 1
	}
	switch cmd {
	case "install":
		err = install(loc, installOptions{gopls: !*noGopls, warm: !*noWarm}, stdout)
	case "uninstall":
		err = uninstall(loc, stdout)
	case "status":
		err = status(loc, stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "kernel %s: %v\n", cmd, err)
		return 1
	}
	return 0
}
