package lite_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPart1InNode builds the browser kernel's WebAssembly module and runs
// every code cell of part 1 in it, under Node, as a web worker would:
// each cell's printed text, error and drawings must equal the outputs
// stored in the notebook, which came from the littlegrad GoNB kernel.
func TestPart1InNode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the WebAssembly module (about a minute)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH")
	}
	if _, err := os.Stat("js/node_modules/@hpcc-js/wasm-graphviz"); err != nil {
		run(t, "js", "npm", "ci", "--no-audit", "--no-fund")
	}
	dist := t.TempDir()
	run(t, ".", "./wasm/build.sh", dist)
	out := run(t, ".", node, "js/run-notebook.mjs", filepath.Join("..", "notebooks", "littlegrad-part1-engine.ipynb"), dist)
	t.Log(out[strings.LastIndex(strings.TrimRight(out, "\n"), "\n")+1:])
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
