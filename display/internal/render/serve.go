//go:build !littlegrad_kernel

package render

import (
	"errors"
	"net"
	"time"
)

// Serve lays out the DOT text that clients of the kernel's renderer send on
// l (see wire.go), one layout at a time, until l is closed, or until a
// layout runs longer than timeout: then it answers that client with an
// error and returns ErrStuck.
func Serve(l net.Listener, timeout time.Duration) error {
	return serve(l, timeout, graphvizTurns, layout)
}

// serve is Serve with the turns and the layout it uses (tests give their
// own).
func serve(l net.Listener, timeout time.Duration, turns *turns, render func([]byte) ([]byte, error)) error {
	for {
		c, err := l.Accept()
		if err != nil {
			select {
			case <-turns.stuck:
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
			svg, err := turns.draw(dot, timeout, render)
			switch {
			case errors.Is(err, ErrStuck):
				if err == ErrStuck { // waited behind the layout given up on
					err = errors.New("display: the kernel's renderer was stuck in another cell's layout, and restarts; run the cell again")
				}
				writeFrame(c, []byte("E"), []byte(err.Error()))
				l.Close() // Accept fails, and serve returns ErrStuck
			case err != nil:
				writeFrame(c, []byte("E"), []byte(err.Error()))
			default:
				writeFrame(c, []byte("S"), svg)
			}
		}()
	}
}
