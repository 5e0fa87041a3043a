//go:build !littlegrad_kernel

package render

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestVisible(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "x1*w1 + b", "x1*w1 + b"},
		{"non-ASCII", "é 日本 ∂L/∂w", "é 日本 ∂L/∂w"},
		{"newline and tab", "a\nb\tc\r", `a\nb\tc\r`},
		{"escape", "\x1b[31m", `\x1b[31m`},
		{"C1 control", "a\u0085b", `a\u0085b`},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"non-character", "a\uFFFEb\uFFFF", "a\uFFFDb\uFFFD"},
		{"NUL", "a\x00b", `a\x00b`},
	}
	for _, tt := range tests {
		if got := Visible(tt.in); got != tt.want {
			t.Errorf("%s: Visible(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// drawsNext checks that graphviz draws digraph { next } as itself: nothing
// of an earlier text is left in its scanner.
func drawsNext(t *testing.T, after string) {
	t.Helper()
	svg, err := SVG("digraph { next }")
	if err != nil || !strings.Contains(string(svg), "<title>next</title>") || strings.Count(string(svg), `class="node"`) != 1 {
		t.Fatalf("after %q, digraph { next } gives: error %v, SVG:\n%s", after, err, svg)
	}
}

// graphviz's scanner keeps what it has not read for its next call (see
// written.go): written DOT that would leave something there is refused.
func TestWrittenLeavesNothingBehind(t *testing.T) {
	tests := []struct{ name, dot, err string }{
		{"empty", "", "empty"},
		{"blank", " \n\t", "empty"},
		{"a comment", "/* a graph comes later */", "empty"},
		{"NUL", "digraph { a }\x00digraph { b }", `'\x00'`},
		{"two graphs", "digraph A { stale1 } digraph B { stale2 }", "a second graph"},
		{"text after the graph", "graph { stale1 -- stale2 } stale3", "nothing may follow"},
		{"a brace too many", "digraph { stale1 } }", "nothing may follow"},
		{"an open string", `digraph { stale1 [label="x`, "no closing quote"},
		{"an open string, alone", `"stale1`, "no closing quote"},
		{"an open comment", "digraph { stale1 } /* stale2", "no */"},
		{"an open HTML label", "digraph { stale1 [label=<<b>x</b>] }", "no matching >"},
		{"an unclosed graph", "digraph { stale1 -> ", "ends before the }"},
		{"a closing brace first", "digraph } { stale1 }", "closes no {"},
		{"a syntax error graphviz finds", "digraph { stale1 -> -> stale2 }", `syntax error near "->"`},
		{"an HTML label closed twice", "digraph { stale1 [label=<x>>] }", `syntax error near ">"`},
		{"a comment after the graph is fine", "digraph { fine1 } // done", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Draw(Job{DOT: tt.dot, Written: true, MaxNodes: 10})
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "display: ")):
				t.Fatalf("error %v, want one that starts with display: and says %q", err, tt.err)
			}
			drawsNext(t, tt.dot)
		})
	}
}

func TestDrawConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			job := Job{DOT: `digraph { a -> b }`}
			if i%4 == 0 {
				job = Job{DOT: `digraph { a -> }`, Written: true} // failures mixed in
			}
			for range 10 {
				if _, err := Draw(job); (err == nil) != (i%4 != 0) {
					t.Errorf("goroutine %d: error %v", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// FuzzWritten checks that whatever text is written, Draw draws it or says
// why in an error that starts with display:, and the next graph draws as
// itself: go test -fuzz=FuzzWritten -fuzztime=2m ./display/internal/render.
func FuzzWritten(f *testing.F) {
	for _, s := range []string{"digraph { a -> b }", `digraph { a [label="x`, "graph { a } b", "<<a>", `"a`, "/*",
		"digraph { a } digraph { b }", `digraph { a [shape=record, label="{a|b}"] }`, "digraph { a -> }", "hello"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dot string) {
		if len(dot) > 2000 || strings.Contains(strings.ToLower(dot), "layout") {
			t.Skip() // other layout engines can take long on purpose
		}
		ds, err := Draw(Job{DOT: dot, Written: true, MaxNodes: 1500})
		if err != nil && !strings.HasPrefix(err.Error(), "display: ") {
			t.Fatalf("error %q does not start with display:", err)
		}
		if err == nil && !strings.Contains(ds[0].SVG, "</svg>") {
			t.Fatalf("no drawing and no error: %q", ds[0].SVG)
		}
		drawsNext(t, dot)
	})
}

// graphvizReads reports whether graphviz draws the record label as its
// fields, rather than falling back to the node's name.
func graphvizReads(t *testing.T, label string) bool {
	t.Helper()
	svg, err := SVG(`digraph { node [shape=record]; FALLBACK [label="` + strings.ReplaceAll(label, `"`, `\"`) + `"] }`)
	if err != nil {
		t.Fatalf("label %q: %v", label, err)
	}
	return !strings.Contains(string(svg), ">FALLBACK</text>")
}

var recordLabels = []string{
	"{ a | data 2.0000 | grad 0.0000 }", "{ a | b", "a | b", "{ a | b } }", "{a}b", `{a}\nb`, `{a} \|`,
	"<p> a | <q> b", "<p> <q> a", "a <p>", "{a} <p>", "<p", "p>", "{", "{}", "{ }", "|", "||", "{|}",
	`\ `, `a\\`, `{a}\ `, `{a}\\`, "x{y}", "{x}{y}", "{x}|{y}", `\{`, `a\>b`, "<a>{b}", "{<a>b}",
	"\x01{", "{\x01}", "{a}\x01", "{{{a}}}", "{{{a}}", "{a|{b|{c|d}}|e}", "< a b >x", "<>", "{<>}",
}

// recordFields says that a label is broken exactly when graphviz cannot
// read it (a stray } aside: graphviz draws the label up to it).
func TestRecordFieldsAgreesWithGraphviz(t *testing.T) {
	for _, label := range recordLabels {
		checkRecordAgreement(t, label)
	}
}

func checkRecordAgreement(t *testing.T, label string) {
	t.Helper()
	_, problem := recordFields(label, 0, true)
	if problem == strayClose {
		return
	}
	if reads := graphvizReads(t, label); reads != (problem == "") {
		t.Errorf("label %q: graphviz reads it: %v; recordFields: %q", label, reads, problem)
	}
}

// FuzzRecordFields compares recordFields with graphviz on any label: run it
// with go test -fuzz=FuzzRecordFields -fuzztime=2m ./display/internal/render.
func FuzzRecordFields(f *testing.F) {
	for _, l := range recordLabels {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, label string) {
		// Labels that DOT cannot hold as written, or that graphviz
		// replaces by the name for being empty, are not the point.
		if len(label) > 200 || strings.ContainsAny(label, "\n\"") || strings.HasSuffix(label, `\`) || !utf8.ValidString(label) ||
			strings.ContainsFunc(label, func(r rune) bool { return r < ' ' || r == 0xFFFE || r == 0xFFFF }) ||
			strings.TrimFunc(label, func(r rune) bool { return r < ' ' }) == "" {
			t.Skip()
		}
		checkRecordAgreement(t, label)
	})
}

// renderer builds the renderer command once, for the tests that run it.
var renderer = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "littlegrad-render-test-")
	if err != nil {
		return "", err
	}
	build := exec.Command("go", "build", "-o", dir, "./"+Command)
	build.Env = append(os.Environ(), "GOFLAGS=") // not the cells' tag, wherever it came from
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./%s: %v\n%s", Command, err, out)
	}
	return filepath.Join(dir, Command), nil
})

func rendererPath(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: builds the renderer command")
	}
	path, err := renderer()
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// The renderer draws as this process does, and its errors come back.
func TestRun(t *testing.T) {
	path := rendererPath(t)
	jobs := []Job{
		{DOT: "digraph { a -> b }"},
		{DOT: `digraph "g" { a [shape=record, label="{ a | grad 2.0000 }"]; a -> b }`, Written: true, MaxNodes: 10, Grads: true},
	}
	got, err := Run(path, jobs, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Draw(jobs...)
	if err != nil {
		t.Fatal(err)
	}
	for i := range jobs {
		if got[i] != want[i] {
			t.Errorf("job %d: the renderer drew\n%+v\nthis process\n%+v", i, got[i], want[i])
		}
	}
	if got[1].Name != "g" || got[1].Nodes != 2 || got[1].Edges != 1 {
		t.Errorf("written DOT's name and counts: %+v", got[1])
	}
	ds, err := Run(path, []Job{{DOT: "digraph { a -> }", Written: true, MaxNodes: 10}}, time.Minute)
	if err != nil || !strings.HasPrefix(ds[0].Err, "display: DOT text, line 1: ") {
		t.Errorf("a syntax error through the renderer: %+v, %v", ds, err)
	}
}

// slowGraph is DOT whose layout takes hours.
func slowGraph() string {
	var b strings.Builder
	b.WriteString("graph { layout=fdp; maxiter=100000000;")
	for i := range 300 {
		fmt.Fprintf(&b, " n%d -- n%d; n%d -- n%d;", i, (i+1)%300, i, (i*7+3)%300)
	}
	b.WriteString(" }")
	return b.String()
}

// A layout that does not end is stopped: the renderer is killed, and the
// caller says why.
func TestRunTimeout(t *testing.T) {
	path := rendererPath(t)
	start := time.Now()
	_, err := Run(path, []Job{{DOT: slowGraph(), Written: true, MaxNodes: 1500}}, 2*time.Second)
	if err == nil || !strings.Contains(err.Error(), "has not finished laying out the graph after 2s") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("gave up after %v", d)
	}
}

// The renderer exits when its standard input closes, as when the cell that
// runs it is killed: a layout that does not end does not outlive it.
func TestRendererExitsWithItsCaller(t *testing.T) {
	cmd := exec.Command(rendererPath(t))
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(in, `[{"dot": %q, "written": true, "max_nodes": 1500}]`, slowGraph())
	time.Sleep(time.Second) // into the layout
	in.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the renderer went on for 30 s after its standard input closed")
	}
}
