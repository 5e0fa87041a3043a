package display

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display/internal/render"
)

// MaxNodes is the largest graph that SVG, HTML and Show lay out; a larger
// one is drawn as a box with its Summary instead: graphviz's layout time
// grows faster than the graph (README, "Drawing"), and a graph of 100 nodes
// is already hard to read at notebook width. Set it before drawing, not
// while another goroutine draws.
var MaxNodes = 1500

// SVG draws the graph that ends at root, with opts (see DOT), with graphviz
// and returns the SVG document; graphs with more than MaxNodes nodes are
// drawn as their Summary. It is safe for concurrent use, provided nothing
// changes the graph's tape meanwhile; graphviz keeps some memory at each
// call. It panics if root is the zero Value or a Value that
// (*autograd.Tape).Truncate dropped, and returns an error if graphviz
// fails.
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
// module is cached in $TMPDIR/go-graphviz (the folder os.TempDir names):
// without that cache, a program that imports display compiles the module
// each time it starts. `littlegrad warm` calls it, and the kernel's
// installer runs that, with the TMPDIR the kernel will have. It returns an
// error if drawing fails, or if the cache folder is missing or empty
// afterwards, as when TMPDIR cannot be written.
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
