//go:build !littlegrad_kernel

package render

import (
	"fmt"
	"runtime/debug"
	"time"
)

// timeoutError is the error of a layout given up on after the time it had.
type timeoutError time.Duration

func (e timeoutError) Error() string {
	return fmt.Sprintf("display: graphviz has not finished laying out the graph after %v, so littlegrad gives up on it; "+
		"draw fewer nodes or edges, and remove layout options such as maxiter, nslimit, mclimit or searchsize if the text sets them", time.Duration(e))
}

func (timeoutError) Is(target error) bool { return target == ErrStuck }

// turns lets the layouts of a process run one at a time, each with a time
// limit or none, and remembers a layout given up on: go-graphviz is not
// safe for concurrent use, and a layout goes on, holding graphviz, until the
// process ends.
type turns struct {
	turn  chan struct{} // holds a token while a layout runs
	stuck chan struct{} // closed once a layout is given up on
}

func newTurns() *turns {
	return &turns{turn: make(chan struct{}, 1), stuck: make(chan struct{})}
}

// graphvizTurns are the turns of this process's graphviz.
var graphvizTurns = newTurns()

// draw refuses dot if it is not one graph (see gate.go), before it waits for
// a turn, and else lays out the graph with layout in its turn (see run).
func (t *turns) draw(dot []byte, timeout time.Duration, layout func([]byte) ([]byte, error)) ([]byte, error) {
	n, err := oneGraph(dot)
	if err != nil {
		return nil, err
	}
	return t.run(timeout, func() ([]byte, error) { return layout(dot[:n]) })
}

// run waits for its turn and runs layout; with a timeout other than 0 it
// gives up after timeout, and from then on every call fails at once with
// ErrStuck, as do those already waiting.
//
// The garbage collector is off while a layout with a timeout runs, and
// stays off after one is given up on. A collection waits for every
// goroutine to stop at a safe point, and code compiled from WebAssembly has
// none: one that started during a layout that never ends would stop the
// whole program, the timer included.
func (t *turns) run(timeout time.Duration, layout func() ([]byte, error)) ([]byte, error) {
	select {
	case t.turn <- struct{}{}:
	case <-t.stuck: // the turn stays taken once stuck, so this is the only way out
		return nil, ErrStuck
	}
	if timeout == 0 {
		defer func() { <-t.turn }()
		return layout()
	}
	gc := debug.SetGCPercent(-1) // returns once no collection runs
	type result struct {
		svg []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		svg, err := layout()
		done <- result{svg, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		debug.SetGCPercent(gc)
		<-t.turn
		return r.svg, r.err
	case <-timer.C:
		close(t.stuck) // the turn stays taken
		return nil, timeoutError(timeout)
	}
}
