//go:build !littlegrad_kernel

// Package render turns DOT text into SVG with github.com/goccy/go-graphviz,
// which runs graphviz compiled to WebAssembly. It is the only package of
// littlegrad that imports go-graphviz: go-graphviz compiles its WASM module
// in an init function, so every program that links this package pays for
// that at start-up (0.5–1 s with a cold compile cache, about 30 ms with a
// warm one, in $TMPDIR/go-graphviz; display.Warm fills it), and linking it
// adds 0.1–0.3 s to building the program, which GoNB does for every
// notebook cell. That is why display/plot, which needs no graphviz, is a
// package of its own.
//
// The littlegrad kernel builds notebook cells with the build tag
// littlegrad_kernel, under which SVG is remote.go's: it asks the kernel's
// renderer (the program in renderd, which Serve runs), at the Unix socket
// that $LITTLEGRAD_RENDER names, so that cells neither link graphviz, which
// halves the build of a drawing cell, nor compile its module when they start.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goccy/go-graphviz"
)

// go-graphviz keeps one WASM module per process and is not safe for
// concurrent use: a failure in one goroutine leaves the module unusable for
// all. So one renderer, made on first use, serves every call, one at a time
// (graphvizTurns).
var gv *graphviz.Graphviz

// Remote says whether SVG asks the kernel's renderer: not in this build.
const Remote = false

// SVG lays out the graph in dot with graphviz's dot layout and returns it as
// an SVG document, exactly as graphviz writes it. dot must hold one graph:
// text that is empty, holds more, or leaves a string, comment or HTML label
// open is refused before graphviz sees it, because graphviz would keep part
// of it for the next call (see gate.go). It is safe for concurrent use;
// calls run one at a time. Each call grows the process's memory by roughly
// 10–100 KB that graphviz does not give back. SVG sets no time limit; once
// SVGWithin has given up on a layout, it fails at once with ErrStuck.
func SVG(dot []byte) ([]byte, error) {
	return SVGWithin(dot, 0)
}

// SVGWithin is SVG, giving up on a layout after timeout (0: no limit). A
// layout given up on goes on in the background, holding graphviz, until the
// process ends (a notebook cell's program ends with the cell), so every
// later call fails at once with ErrStuck.
func SVGWithin(dot []byte, timeout time.Duration) ([]byte, error) {
	return graphvizTurns.draw(dot, timeout, layout)
}

// layout runs graphviz on dot, one graph; its caller has graphviz's turn.
func layout(dot []byte) ([]byte, error) {
	ctx := context.Background()
	if gv == nil {
		g, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("display: starting graphviz: %w", err)
		}
		gv = g
	}
	graph, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("display: graphviz cannot parse the DOT text: %w", err)
	}
	if graph == nil {
		return nil, errors.New("display: graphviz read no graph from the DOT text")
	}
	defer graph.Close()
	// RenderFilename writes empty files, so always render to a buffer.
	var buf bytes.Buffer
	if err := gv.Render(ctx, graph, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("display: graphviz: %w", err)
	}
	if buf.Len() == 0 {
		return nil, fmt.Errorf("display: graphviz produced no output")
	}
	return buf.Bytes(), nil
}
