//go:build !littlegrad_kernel

package render

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// listen starts serve with turns and render on a Unix socket and returns
// its address and what serve returned, once it does.
func listen(t *testing.T, timeout time.Duration, turns *turns, render func([]byte) ([]byte, error)) (string, <-chan error) {
	t.Helper()
	addr := filepath.Join(t.TempDir(), "render.sock")
	l, err := net.Listen("unix", addr)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve(l, timeout, turns, render) }()
	t.Cleanup(func() { l.Close() })
	return addr, done
}

// The kernel's renderer gives what SVG gives, errors included, to clients
// drawing at once.
func TestServe(t *testing.T) {
	addr, _ := listen(t, time.Minute, graphvizTurns, layout)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			dot := `digraph { a -> b }`
			if i%2 == 1 {
				dot = `digraph { a -> `
			}
			got, err := remoteSVG(addr, []byte(dot))
			want, wantErr := SVG([]byte(dot))
			if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
				t.Errorf("%s: error %v, want %v", dot, err, wantErr)
			}
			if err == nil && (!bytes.Contains(got, []byte("</svg>")) || len(got) != len(want)) {
				t.Errorf("%s: %d bytes of SVG, want %d", dot, len(got), len(want))
			}
		})
	}
	wg.Wait()
}

// A layout that does not end is given up: its client hears why, a client
// waiting behind it hears to run its cell again, and serve returns ErrStuck
// so that its process exits.
func TestServeStuck(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	started := make(chan struct{}, 2)
	addr, done := listen(t, 500*time.Millisecond, newTurns(), func([]byte) ([]byte, error) {
		started <- struct{}{}
		<-block
		return nil, nil
	})
	errs := make(chan error, 2)
	go func() {
		_, err := remoteSVG(addr, []byte(`digraph { a }`))
		errs <- err
	}()
	<-started
	go func() {
		_, err := remoteSVG(addr, []byte(`digraph { b }`))
		errs <- fmt.Errorf("waiting: %w", err)
	}()
	got := []string{(<-errs).Error(), (<-errs).Error()}
	slices.Sort(got)
	if !strings.Contains(got[0], "has not finished laying out the graph after 500ms") {
		t.Errorf("client of a stuck layout: %v", got[0])
	}
	if !strings.HasPrefix(got[1], "waiting: ") || !strings.Contains(got[1], "run the cell again") {
		t.Errorf("client waiting behind a stuck layout: %v", got[1])
	}
	select {
	case err := <-done:
		if !errors.Is(err, ErrStuck) {
			t.Errorf("serve returned %v, want ErrStuck", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve went on after a stuck layout")
	}
	if len(started) > 0 {
		t.Error("the layout behind the stuck one ran")
	}
	debug.SetGCPercent(100) // serve left it off, as after a real timeout
}

func TestRemoteWithoutRenderer(t *testing.T) {
	if _, err := remoteSVG("", []byte(`digraph { a }`)); err == nil || !strings.Contains(err.Error(), "LITTLEGRAD_RENDER") {
		t.Errorf("no renderer named: %v", err)
	}
	defer func(d time.Duration) { dialPatience = d }(dialPatience)
	dialPatience = 200 * time.Millisecond
	if _, err := remoteSVG(filepath.Join(t.TempDir(), "none"), []byte(`digraph { a }`)); err == nil || !strings.Contains(err.Error(), "restart the kernel") {
		t.Errorf("no renderer there: %v", err)
	}
}

// A client that comes while the renderer restarts waits for it.
func TestRemoteWaitsForRenderer(t *testing.T) {
	addr := filepath.Join(t.TempDir(), "render.sock")
	go func() {
		time.Sleep(300 * time.Millisecond)
		l, err := net.Listen("unix", addr)
		if err != nil {
			t.Error(err)
			return
		}
		t.Cleanup(func() { l.Close() })
		serve(l, time.Minute, graphvizTurns, layout)
	}()
	if _, err := remoteSVG(addr, []byte(`digraph { a }`)); err != nil {
		t.Errorf("a client before the renderer listens: %v", err)
	}
}
