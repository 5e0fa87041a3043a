package display

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display/internal/render"
)

// MaxNodes is the largest graph that SVG, HTML and Show lay out; a larger
// one is drawn as a box with its Summary instead. graphviz's layout time
// grows faster than the graph: about 0.06 s at 100 nodes, 0.5 s at 1,000,
// 9 s at 5,000 and minutes at 20,000, and a graph of 100 nodes is already
// hard to read at notebook width. Set it before drawing, not while another
// goroutine draws.
var MaxNodes = 1500

// SVG draws the graph that ends at root, with opts (see DOT), with graphviz
// and returns the SVG document. Graphs with more than MaxNodes nodes are drawn as their
// Summary. It is safe for concurrent use, provided nothing changes the
// graph's tape meanwhile; the layouts run one at a time, as graphviz allows.
// Each call grows the process's memory by about 10–100 KB, which graphviz
// keeps.
//
// It panics if root is the zero Value or a Value that
// (*autograd.Tape).Truncate dropped, and returns an error if graphviz fails.
func SVG(root autograd.Value, opts ...Option) ([]byte, error) {
	return draw(walk(root), newStyle(opts), root)
}

// draw lays out g with graphviz, or its summary if g is too large.
func draw(g graph, st style, root autograd.Value) ([]byte, error) {
	if len(g.nodes) > MaxNodes {
		return render.SVG(summaryDOT(g.summary(), root.Label()))
	}
	return render.SVG(g.dot(st))
}

// Warm makes sure that graphviz works and that its compiled WebAssembly
// module is cached in $TMPDIR/go-graphviz (the folder os.TempDir names).
// `littlegrad warm` calls it, and the kernel's installer runs that once, as
// the user and with the TMPDIR the kernel will have. A program that
// imports display compiles graphviz's module when it starts: 0.5–1 s
// without that cache, about 30 ms with it, and a notebook runs every cell
// as a new program. Warm draws a small
// graph, and returns an error if that fails or if the cache folder is
// missing or empty afterwards, as when TMPDIR cannot be written: go-graphviz
// then compiles silently at every start.
func Warm() error {
	t := autograd.NewTape()
	if _, err := SVG(t.New(1).Named("warm").Tanh()); err != nil {
		return err
	}
	dir := filepath.Join(os.TempDir(), "go-graphviz")
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return fmt.Errorf("display: graphviz's compile cache %s was not written (%v); every program that imports display will take 0.5–1 s more to start: make TMPDIR a folder the user can write", dir, err)
	}
	return nil
}

// WriteSVG draws the graph that ends at root, with opts (see SVG), into the
// file at path, replacing it if it exists.
func WriteSVG(path string, root autograd.Value, opts ...Option) error {
	svg, err := SVG(root, opts...)
	if err != nil {
		return err
	}
	return writeFile(path, svg)
}

// WriteDOT writes the graph that ends at root, with opts, as DOT text (see
// DOT) into the file at path, replacing it if it exists. Render it with
// graphviz's dot command: dot -Tpng -O path.
func WriteDOT(path string, root autograd.Value, opts ...Option) error {
	return writeFile(path, []byte(DOT(root, opts...)))
}

func writeFile(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("display: %w", err)
	}
	return nil
}
