//go:build !littlegrad_kernel

// Command renderd is the littlegrad kernel's graphviz. The kernel builds
// notebook cells with the tag littlegrad_kernel, so that they neither link
// graphviz nor start it (see package render), and runs one renderd beside
// each kernel, which lays out their graphs:
//
//	renderd -listen SOCKET [-timeout 30s]
//
// It listens on the Unix socket SOCKET, lays out one graph at a time, and
// exits with status 3 when a layout runs past the timeout (render.Limit,
// ShowDOT's own, unless -timeout says otherwise), since graphviz cannot be
// stopped; the kernel starts another.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"

	"github.com/littlegrad/littlegrad/display/internal/render"
)

func main() {
	listen := flag.String("listen", "", "the Unix socket to listen on")
	timeout := flag.Duration("timeout", render.Limit, "how long a layout may take")
	flag.Parse()
	if *listen == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: renderd -listen SOCKET [-timeout 30s]")
		os.Exit(2)
	}
	os.Remove(*listen)
	l, err := net.Listen("unix", *listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "renderd: %v\n", err)
		os.Exit(1)
	}
	// Start graphviz now, not at the first cell that draws.
	if _, err := render.SVG([]byte("digraph { warm }")); err != nil {
		fmt.Fprintf(os.Stderr, "renderd: %v\n", err)
	}
	err = render.Serve(l, *timeout)
	if errors.Is(err, render.ErrStuck) {
		fmt.Fprintf(os.Stderr, "renderd: gave up on a layout after %v; exiting, since graphviz cannot be stopped (the kernel starts another renderer)\n", *timeout)
		os.Exit(3)
	}
	fmt.Fprintf(os.Stderr, "renderd: %v\n", err)
	os.Exit(1)
}
