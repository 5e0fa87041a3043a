// Command kernel installs the Jupyter kernel "Go (littlegrad)", GoNB behind
// a small proxy in which notebooks import littlegrad's packages with no
// setup cell, and runs it: from the littlegrad checkout, `go run ./kernel
// install`, `status` and `uninstall` (usage below, and -h); kernel.json
// starts `run`. ARCHITECTURE.md describes the kernel's processes.
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

exit status: 0 on success, 1 when a step failed (status: when something is
missing), 2 for bad usage.
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
