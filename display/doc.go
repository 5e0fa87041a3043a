// Package display draws littlegrad's computation graphs as the tutorial's
// draw_dot does, below the cells of Jupyter notebooks run by GoNB, and in
// files.
//
//	a := autograd.New(2).Named("a")
//	b := autograd.New(-3).Named("b")
//	L := a.Mul(b).Named("L")
//	L.Backward()
//	display.Show(L)                        // { L | data -6.0000 | grad 1.0000 } ← (*) ← a, b
//	display.Show(L, display.GradColors())  // each record filled by the size of its gradient
//	display.ShowBackward(L)                // Backward one chain-rule step at a time, with a slider
//	display.ShowGradCheck(f, 2, 0)         // each input's gradient at (2, 0) beside its finite difference
//	display.ShowDOT(dot)                   // DOT text of your own (part 1's drawDot); mistakes told in words
//
// DOT writes a graph as graphviz's DOT text, SVG lays it out, HTML wraps the
// drawing for a web page of your own, and WriteSVG, WriteDOT and
// WriteBackwardHTML write files, for programs: outside a notebook the Show
// functions do nothing. A graph with more than MaxNodes nodes is drawn as
// its Summary. Plots of functions and of training runs are in the
// subpackage display/plot.
//
// Functions that take a root Value panic, with a message that starts with
// "display:", if it is the zero Value; the autograd package panics if it is
// a Value that Truncate dropped. Rendering and writing files return errors.
package display
