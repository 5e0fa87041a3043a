//go:build !littlegrad_kernel

package render

import (
	"errors"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// Layouts take turns; one given up on leaves every later call, and every
// call waiting, failing at once with ErrStuck, not waiting for graphviz.
func TestTurns(t *testing.T) {
	turns := newTurns()
	debug.SetGCPercent(100) // as at start: an earlier test gave up on a layout
	svg, err := turns.run(time.Minute, func() ([]byte, error) { return []byte("<svg/>"), nil })
	if string(svg) != "<svg/>" || err != nil {
		t.Fatalf("a layout in time: %q, %v", svg, err)
	}
	gc := debug.SetGCPercent(100)
	debug.SetGCPercent(gc)
	if gc != 100 {
		t.Errorf("the garbage collector's setting after a layout in time: %d, want 100", gc)
	}

	block := make(chan struct{})
	defer close(block)
	started := make(chan struct{})
	waiter := make(chan error, 1)
	go func() {
		<-started
		_, err := turns.run(0, func() ([]byte, error) { return nil, nil })
		waiter <- err
	}()
	_, err = turns.run(100*time.Millisecond, func() ([]byte, error) {
		close(started)
		<-block
		return nil, nil
	})
	if !errors.Is(err, ErrStuck) || !strings.Contains(err.Error(), "has not finished laying out the graph after 100ms") {
		t.Errorf("a layout past its time: %v", err)
	}
	select {
	case err := <-waiter:
		if err != ErrStuck {
			t.Errorf("a layout waiting behind: %v, want ErrStuck", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a layout waiting behind the one given up on still waits")
	}
	if _, err := turns.run(0, func() ([]byte, error) { return nil, nil }); err != ErrStuck {
		t.Errorf("a layout after: %v, want ErrStuck", err)
	}
	debug.SetGCPercent(100) // run left it off, as after a real timeout
}
