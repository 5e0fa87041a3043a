// Package display draws littlegrad's computation graphs, as the tutorial's
// draw_dot does, in Jupyter notebooks run by GoNB and in files.
//
// DOT writes a graph as graphviz's DOT text; SVG lays it out with graphviz
// (github.com/goccy/go-graphviz, graphviz compiled to WebAssembly, so
// nothing needs installing); Show puts the drawing in the output of a
// notebook cell, and WriteSVG and WriteDOT into files:
//
//	a := autograd.New(2).Named("a")
//	b := autograd.New(-3).Named("b")
//	L := a.Mul(b).Named("L")
//	L.Backward()
//	display.Show(L) // in a notebook: { L | data -6.0000 | grad 1.0000 } ← (*) ← a, b
//
// ShowBackward shows the reverse sweep of Backward one step at a time, in a
// widget with a slider that also works in HTML exported from a notebook.
// Training plots (a function, the loss curve, a decision boundary) are in
// the subpackage display/plot.
//
// # Large graphs
//
// Layout time grows fast with the graph (about 0.5 s for 1,000 nodes, 9 s
// for 5,000) and even 100 nodes do not read well at notebook width, so SVG,
// HTML and Show draw a Summary of a graph with more than MaxNodes nodes:
// counts per op, leaves and depth.
//
// # Cost at start-up, and where the code lives
//
// go-graphviz compiles its WebAssembly module when the program starts, in
// an init function, whether or not the program draws anything: about 0.5–1 s
// the first time, and about 30 ms once the compiled module is cached in
// $TMPDIR/go-graphviz (call Warm once, at install time, to fill that cache).
// Linking it also adds 0.1–0.3 s to building each notebook cell, which
// GoNB does for every cell. DOT, SVG and Show must be
// in this package, so importing display costs that; what does not need
// graphviz lives elsewhere, so that importing it does not: the plots in
// display/plot, which use gonum.org/v1/plot only and start in about 3 ms.
// Inside, go-graphviz is imported by display/internal/render alone, which
// keeps the one renderer of the process behind a mutex (go-graphviz is not
// safe for concurrent use), and gonbui by display/internal/notebook alone.
//
// # Misuse
//
// Functions that take a root Value panic, with a message that starts with
// "display:", if it is the zero Value; the autograd package panics if it is
// a Value that Truncate dropped. Rendering and writing files return errors.
package display
