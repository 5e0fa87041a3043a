// Command kernel installs a Jupyter kernel for Go notebooks, built on GoNB, in
// which notebooks can import littlegrad's packages with no setup cell.
//
// Run it from the littlegrad checkout:
//
//	go run ./kernel install [-user | -prefix DIR] [-gopls] [-no-warm]
//	go run ./kernel status
//	go run ./kernel uninstall [-user | -prefix DIR]
//
// install builds GoNB and goimports at the versions pinned in go.mod (and
// gopls only with -gopls: it takes a minute to build and only serves
// autocompletion), writes a kernelspec named "littlegrad" (display name
// "Go (littlegrad)") whose kernel.json carries the environment the kernel
// needs (PATH with go and goimports, GOPATH, GOCACHE, GOMODCACHE, TMPDIR), so
// it works when Jupyter starts from a bare environment, and points GoNB's
// -go_work flag at this checkout so that notebooks import
// github.com/littlegrad/littlegrad/... directly. It then warms what the
// first cell would pay for: the Go build cache for littlegrad's packages and
// gonbui, and go-graphviz's WebAssembly compile cache.
//
// The kernelspec goes where Jupyter looks for user kernels: under
// $JUPYTER_DATA_DIR if it is set, else ~/.local/share/jupyter (-user, the
// default); with -prefix DIR, under DIR/share/jupyter, like
// `jupyter kernelspec install --prefix`. Running install again replaces the
// previous installation; it never prompts. Jupyter itself is not needed to
// install the kernel, but it is needed to use it: install and status say how
// to get it when it is missing.
//
// Exit status: 0 on success, 1 when a step failed (status: when something is
// missing), 2 for bad usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage: go run ./kernel <command> [flags]

commands:
  install    build GoNB and goimports, write the "littlegrad" kernelspec, warm caches
  status     say what is installed and what is missing
  uninstall  remove the kernelspec and the binaries it owns

flags (install, status, uninstall):
  -user          the user's Jupyter data dir ($JUPYTER_DATA_DIR or ~/.local/share/jupyter; default)
  -prefix DIR    DIR/share/jupyter instead, as jupyter kernelspec install --prefix
flags (install only):
  -gopls         also build gopls, for autocompletion in notebooks (slow to build)
  -no-warm       skip warming the build and graphviz caches
`

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
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	_ = fs.Bool("user", true, "install for the current user (default)")
	prefix := fs.String("prefix", "", "install under `DIR`/share/jupyter")
	var gopls, noWarm *bool
	switch cmd {
	case "install":
		gopls = fs.Bool("gopls", false, "also build gopls")
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
	loc, err := locate(*prefix)
	if err != nil {
		fmt.Fprintf(stderr, "kernel %s: %v\n", cmd, err)
		return 1
	}
	switch cmd {
	case "install":
		err = install(loc, installOptions{gopls: *gopls, warm: !*noWarm}, stdout)
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
