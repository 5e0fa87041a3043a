// Littlegrad draws the micrograd tutorial's computation graphs and trains
// its moons demo from the command line, writing the figures as SVG files.
//
// Usage:
//
//	littlegrad draw [-out dir] [-dot]
//	littlegrad train [-data moons] [-n 100] [-noise 0.1] [-hidden 16,16] [-steps 100]
//	                 [-seed 1337] [-opt sgd] [-lr 0] [-out dir] [-quiet]
//	littlegrad warm
//	littlegrad help [command]
//
// Draw writes the tutorial's two graphs, L = (a*b + c) * f and the tanh
// neuron, before and after Backward, and a web page that replays the
// neuron's Backward step by step.
//
// Train trains a multilayer perceptron on a two-class data set with
// micrograd's max-margin loss and L2 regularisation, showing a progress bar
// (step, loss, accuracy) on standard error, then writes the loss curve, the
// decision boundary, and a web page that replays the training: the
// boundary every few steps, with a slider, beside the loss and accuracy.
//
// Warm fills graphviz's compile cache (see display.Warm). It is the one
// warm-up path: the kernel's installer runs it with `go run`, as the user and
// with the TMPDIR of the kernel, whose renderer draws the notebooks' graphs.
//
// Draw and train print the paths of the files they write on standard output, one per
// line. The exit status is 0 on success, 2 for a bad command line (with a
// message and the usage on standard error), and 1 when the work fails, as
// when the output folder cannot be written.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // the command line was fine, the work failed
	exitUsage   = 2 // the command line was wrong
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// A command is one of littlegrad's subcommands.
type command struct {
	name, summary string
	// run parses args with fs, whose flags it defines, and does the work.
	// It returns a usageError for a bad command line.
	run func(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"draw", "draw the tutorial's graphs, before and after backward, as SVG files", runDraw},
	{"train", "train an MLP on the moons (or another 2-D data set); plot its loss and decision boundary, and replay the training", runTrain},
	{"warm", "compile graphviz and cache it in $TMPDIR/go-graphviz, so programs that draw start fast", runWarm},
}

// A usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run runs littlegrad with the command-line arguments args and returns its
// exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := find(args[1]); ok {
				fs := newFlagSet(c, stdout)
				_ = c.run(fs, []string{"-h"}, io.Discard, io.Discard)
				return exitOK
			}
			fmt.Fprintf(stderr, "littlegrad: no command %q\n", args[1])
			usage(stderr)
			return exitUsage
		}
		usage(stdout)
		return exitOK
	}
	c, ok := find(name)
	if !ok {
		fmt.Fprintf(stderr, "littlegrad: no command %q\n", name)
		usage(stderr)
		return exitUsage
	}
	fs := newFlagSet(c, stderr)
	err := c.run(fs, args[1:], stdout, stderr)
	var ue usageError
	var su silentUsage
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &su):
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "littlegrad %s: %v\n", c.name, err)
		fs.Usage()
		return exitUsage
	default:
		fmt.Fprintf(stderr, "littlegrad %s: %v\n", c.name, err)
		return exitFailure
	}
}

func find(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// newFlagSet returns the flag set of c, which prints its errors and usage
// to out and leaves it to run to report them.
func newFlagSet(c command, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("littlegrad "+c.name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n == 0 {
			fmt.Fprintf(fs.Output(), "usage: littlegrad %s\n\n%s.\n", c.name, capitalize(c.summary))
			return
		}
		fmt.Fprintf(fs.Output(), "usage: littlegrad %s [flags]\n\n%s.\n\nflags:\n", c.name, capitalize(c.summary))
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args with fs, and rejects arguments left over.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		// fs has printed the error and the usage already.
		return silentUsage{err}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q; every option is a flag, as -out dir", fs.Arg(0))
	}
	return nil
}

// silentUsage is a usage error that the flag package has reported already.
type silentUsage struct{ err error }

func (e silentUsage) Error() string { return e.err.Error() }

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: littlegrad <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-6s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "  help   show this, or a command's flags: littlegrad help train")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
