//go:build !littlegrad_kernel

// Built with the tag littlegrad_kernel, SVG is remote.go's; display's tests
// check that path through a renderer (display/kernelbuild_test.go).

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

// graphviz's scanner keeps what it has not read for its next call (see
// gate.go): after each of these, the next graph must draw as itself.
func TestSVGLeavesNothingBehind(t *testing.T) {
	tests := []struct{ name, dot, err string }{
		{"empty", "", "holds no graph"},
		{"blank", " \n\t", "holds no graph"},
		{"a comment", "/* a graph comes later */", "holds no graph"},
		{"NUL", "digraph { a }\x00digraph { b }", "NUL"},
		{"two graphs", "digraph A { stale1 } digraph B { stale2 }", "goes on after"},
		{"text after the graph", "graph { stale1 -- stale2 } stale3", "goes on after"},
		{"a brace too many", "digraph { stale1 } }", "goes on after"},
		{"an open string", `digraph { stale1 [label="x`, "no closing quote"},
		{"an open string, alone", `"stale1`, "no closing quote"},
		{"an open comment", "digraph { stale1 } /* stale2", "no */"},
		{"an open HTML label", "digraph { stale1 [label=<<b>x</b>] }", "no matching >"},
		{"an unclosed graph", "digraph { stale1 -> ", "has no }"},
		{"a closing brace first", "} digraph { stale1 }", "never opened"},
		{"a syntax error graphviz finds", "digraph { stale1 -> -> stale2 }", "cannot parse"},
		{"an HTML label closed twice", "digraph { stale1 [label=<x>>] }", "cannot parse"},
		{"a comment after the graph is fine", "digraph { fine1 } // done", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := SVG([]byte(tt.dot))
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "display: ")):
				t.Fatalf("error %v, want one that starts with display: and says %q (drew %d bytes)", err, tt.err, len(svg))
			}
			svg, err = SVG([]byte(`digraph { next }`))
			if err != nil || !bytes.Contains(svg, []byte("<title>next</title>")) || bytes.Contains(svg, []byte("stale")) {
				t.Fatalf("the next graph, digraph { next }, then: error %v, SVG:\n%s", err, svg)
			}
		})
	}
}

func TestOneGraph(t *testing.T) {
	tests := []struct{ dot, graph string }{
		{"digraph { a -> b }", "digraph { a -> b }"},
		{"strict graph G {\n a -- b; subgraph { c } }\n\n# end\n", "strict graph G {\n a -- b; subgraph { c } }"},
		{`digraph { a [label="{ x | } \" {" ] }`, `digraph { a [label="{ x | } \" {" ] }`},
		{`digraph { a [label="ends in \\"] } // }`, `digraph { a [label="ends in \\"] }`},
		{"digraph { a [label=<<b>}</b>>] } /* } */", "digraph { a [label=<<b>}</b>>] }"},
		{`digraph { "a" + "}" }`, `digraph { "a" + "}" }`},
		{"digraph { a # } \n }", "digraph { a # } \n }"},
	}
	for _, tt := range tests {
		n, err := oneGraph([]byte(tt.dot))
		if err != nil || tt.dot[:n] != tt.graph {
			t.Errorf("oneGraph(%q) = %q, %v; want %q", tt.dot, tt.dot[:n], err, tt.graph)
		}
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

// FuzzSVG checks that whatever text SVG is given, the next graph draws as
// itself: go test -fuzz=FuzzSVG -fuzztime=2m ./display/internal/render.
func FuzzSVG(f *testing.F) {
	for _, s := range []string{"digraph { a -> b }", `digraph { a [label="x`, "graph { a } b", "<<a>", `"a`, "/*", "digraph { a } digraph { b }"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dot string) {
		if len(dot) > 2000 || strings.Contains(dot, "layout") {
			t.Skip() // other layout engines can take long on purpose
		}
		if _, err := SVG([]byte(dot)); err != nil && !strings.HasPrefix(err.Error(), "display: ") {
			t.Fatalf("error %q does not start with display:", err)
		}
		svg, err := SVG([]byte(`digraph { next }`))
		if err != nil || !bytes.Contains(svg, []byte("<title>next</title>")) || bytes.Count(svg, []byte(`class="node"`)) != 1 {
			t.Fatalf("after %q, digraph { next } gives: error %v, SVG:\n%s", dot, err, svg)
		}
	})
}
