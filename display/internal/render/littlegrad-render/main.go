//go:build !littlegrad_kernel

// Command littlegrad-render lays out graphs for the notebook cells of the
// littlegrad kernel, which do not link graphviz: render.Jobs as JSON on its
// standard input, render.Drawings as JSON on its standard output, until its
// standard input closes (ARCHITECTURE.md, "A drawing's path").
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/littlegrad/littlegrad/display/internal/render"
)

func main() {
	// A garbage collection waits for every goroutine to stop at a safe
	// point, and graphviz, compiled from WebAssembly, has none: one that
	// started during a long layout would stop the goroutine that ends the
	// process when its standard input closes. The process is short-lived,
	// so it does without.
	debug.SetGCPercent(-1)
	var jobs []render.Job
	if err := json.NewDecoder(os.Stdin).Decode(&jobs); err != nil {
		fmt.Fprintf(os.Stderr, "%s: reading the jobs: %v\n", render.Command, err)
		os.Exit(2)
	}
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(1)
	}()
	if err := json.NewEncoder(os.Stdout).Encode(render.Local(jobs)); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", render.Command, err)
		os.Exit(1)
	}
}
