package render

import (
	"errors"
	"time"
)

// Limit is how long littlegrad lets graphviz lay out DOT text that can ask
// it for any amount of work (layout options such as maxiter can make a
// layout take hours): ShowDOT's limit, and the kernel's renderer's (renderd
// -timeout). The largest graph ShowDOT lays out takes about 5 s on our CI
// machine.
const Limit = 30 * time.Second

// ErrStuck is the error of a layout that cannot start because graphviz is
// still busy with one given up on earlier (graphviz cannot be stopped, so
// only the process's end is rid of it); errors.Is(err, ErrStuck) also holds
// for the error of the layout given up on. Serve returns it, for its process
// to exit.
var ErrStuck = errors.New("display: graphviz is still busy with a layout that took too long and was given up on, and cannot be stopped; " +
	"restart the program to draw again")
