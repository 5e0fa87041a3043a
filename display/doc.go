// Package display draws littlegrad's computation graphs as the tutorial's
// draw_dot does, below the cells of Jupyter notebooks run by GoNB, and in
// files:
//
//	display.Show(L)                        // { L | data -6.0000 | grad 1.0000 } ← (*) ← a, b
//	display.Show(L, display.GradColors())  // each record filled by the size of its gradient
//	display.ShowBackward(L)                // Backward one chain-rule step at a time, with a slider
//	display.ShowGradCheck(f, 2, 0)         // each input's gradient at (2, 0) beside its finite difference
//	display.ShowDOT(dot)                   // DOT text of your own (part 1's drawDot); mistakes told in words
//
// Outside a notebook the Show functions do nothing; programs use DOT, SVG,
// HTML and the Write functions. Functions that take a root Value panic, with
// a message that starts with "display:", if it is the zero Value; rendering
// and writing files return errors. ARCHITECTURE.md says how a drawing
// reaches the notebook.
package display
