package render

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

func TestSVG(t *testing.T) {
	tests := []struct {
		name, dot string
		ok        bool
	}{
		{"graph", `digraph { a -> b }`, true},
		{"record", `digraph { a [shape=record, label="{ a | data 1.0000 }"] }`, true},
		{"syntax error", `digraph { a -> `, false},
		{"not DOT", `hello`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := SVG([]byte(tt.dot))
			if tt.ok != (err == nil) {
				t.Fatalf("error %v, want ok %v", err, tt.ok)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "display: ") {
				t.Errorf("error %q does not start with display:", err)
			}
			if tt.ok && !bytes.Contains(svg, []byte("</svg>")) {
				t.Errorf("not an SVG document: %s", svg)
			}
		})
	}
	// A failure leaves the renderer usable.
	if _, err := SVG([]byte(`digraph { ok }`)); err != nil {
		t.Fatal(err)
	}
}

func TestSVGConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			dot := `digraph { a -> b }`
			if i%4 == 0 {
				dot = `digraph { a -> ` // failures mixed in
			}
			for range 10 {
				_, err := SVG([]byte(dot))
				if (err == nil) != (i%4 != 0) {
					t.Errorf("goroutine %d: error %v", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
