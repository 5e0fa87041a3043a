//go:build !littlegrad_kernel

package render

import (
	"errors"
	"fmt"
	"net"
	"runtime/debug"
	"sync"
	"time"
)

// ErrStuck is what Serve returns when a layout ran past its time: graphviz
// cannot be stopped, so the process must exit to be rid of it.
var ErrStuck = errors.New("display: graphviz is stuck in a layout")

// Serve lays out the DOT text that clients of the kernel's renderer send on
// l (see wire.go), one layout at a time, until l is closed, or until a
// layout runs longer than timeout: then it answers that client with an
// error and returns ErrStuck.
func Serve(l net.Listener, timeout time.Duration) error {
	return serve(l, timeout, SVG)
}

func serve(l net.Listener, timeout time.Duration, render func([]byte) ([]byte, error)) error {
	var one sync.Mutex // the garbage collector's setting is the process's
	stuck := make(chan struct{})
	var once sync.Once
	go func() {
		<-stuck
		l.Close()
	}()
	for {
		c, err := l.Accept()
		if err != nil {
			select {
			case <-stuck:
				return ErrStuck
			default:
				return err
			}
		}
		go func() {
			defer c.Close()
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			dot, err := readFrame(c)
			if err != nil {
				return
			}
			one.Lock()
			defer one.Unlock()
			// As display's renderWithin: no collection while graphviz runs,
			// whose compiled code has no safe point for one to stop it at,
			// so that the timer below can fire.
			gc := debug.SetGCPercent(-1)
			type result struct {
				svg []byte
				err error
			}
			done := make(chan result, 1)
			go func() {
				svg, err := render(dot)
				done <- result{svg, err}
			}()
			timer := time.NewTimer(timeout)
			defer timer.Stop()
			var r result
			select {
			case r = <-done:
				debug.SetGCPercent(gc)
			case <-timer.C:
				writeFrame(c, []byte("E"), fmt.Appendf(nil, "display: graphviz has not finished laying out the graph after %v, so the kernel's renderer gives up on it; "+
					"draw fewer nodes or edges, and remove layout options such as maxiter, nslimit, mclimit or searchsize if the text sets them", timeout))
				once.Do(func() { close(stuck) })
				return
			}
			if r.err != nil {
				writeFrame(c, []byte("E"), []byte(r.err.Error()))
				return
			}
			writeFrame(c, []byte("S"), r.svg)
		}()
	}
}
