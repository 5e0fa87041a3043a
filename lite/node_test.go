package lite_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// module builds the browser kernel's WebAssembly module once for the
// tests, and returns node and the folder the module is in.
var module = sync.OnceValues(func() (string, error) {
	dist, err := os.MkdirTemp("", "littlegrad-lite-")
	if err != nil {
		return "", err
	}
	if _, err := os.Stat("js/node_modules/@hpcc-js/wasm-graphviz"); err != nil {
		if out, err := command("js", "npm", "ci", "--no-audit", "--no-fund"); err != nil {
			return "", fmt.Errorf("npm ci: %v\n%s", err, out)
		}
	}
	if out, err := command(".", "./wasm/build.sh", dist); err != nil {
		return "", fmt.Errorf("wasm/build.sh: %v\n%s", err, out)
	}
	return dist, nil
})

// inNode skips the test where it cannot run the module under Node, and
// returns node's path and the module's folder.
func inNode(t *testing.T) (string, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the WebAssembly module (about a minute)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH")
	}
	dist, err := module()
	if err != nil {
		t.Fatal(err)
	}
	return node, dist
}

// TestPart1InNode runs every code cell of part 1 in the browser kernel's
// module, under Node, as a web worker would: each cell's printed text,
// error and drawings must equal the outputs stored in the notebook, which
// came from the littlegrad GoNB kernel.
func TestPart1InNode(t *testing.T) {
	node, dist := inNode(t)
	out, err := command(".", node, "js/run-notebook.mjs", filepath.Join("..", "notebooks", "littlegrad-part1-engine.ipynb"), dist)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Log(out[strings.LastIndex(strings.TrimRight(out, "\n"), "\n")+1:])
}

// TestWrittenDOTInNode: DOT a learner wrote gets the GoNB kernel's
// messages in the browser too (display/internal/render/scan.go), not
// graphviz's terse ones; display's TestShowDOTErrors has the cases.
func TestWrittenDOTInNode(t *testing.T) {
	node, dist := inNode(t)
	cases := []struct{ dot, want string }{
		{"graph { a -> b }", "display: DOT text, line 1: -> joins nodes in a digraph"},
		{"digraph {\n  a -> }", "display: DOT text, line 2: graphviz cannot read the text here (syntax error near \"}\")"},
		{"digraph { a -> b }\ndigraph { c }", "display: DOT text, line 2: a second graph starts here"},
		{"digraph {\n\t0xc000010000 -> b\n}", "0xc000010000 is not one ID"},
		{`digraph { a [label="x] }`, "this string has no closing quote"},
		{"digraph { rankdir=LR }", "display: the DOT text describes a graph with no nodes"},
	}
	var cells []string
	for _, c := range cases {
		cells = append(cells, "import \"github.com/littlegrad/littlegrad/display\"\n\n%%\ndisplay.ShowDOT("+strconvQuote(c.dot)+")")
	}
	cells = append(cells, "%%\ndisplay.ShowDOT(\"digraph { a -> b }\")") // and a good one draws
	script := `import { startKernel } from "./js/kernel.mjs";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [dist, cells] = [process.argv[1], JSON.parse(process.argv[2])];
const k = await startKernel({ wasm: readFileSync(dist + "/littlegrad.wasm"), wasmExec: pathToFileURL(dist + "/wasm_exec.js").href });
console.log(JSON.stringify(cells.map((c) => JSON.stringify(k.run(c).outputs))));
process.exit(0);`
	arg, _ := json.Marshal(cells)
	out, err := command(".", node, "--input-type=module", "-e", script, dist, string(arg))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	if err := json.Unmarshal([]byte(out[strings.LastIndex(strings.TrimRight(out, "\n"), "\n")+1:]), &got); err != nil || len(got) != len(cells) {
		t.Fatalf("node printed %q (%v)", out, err)
	}
	for i, c := range cases {
		if !strings.Contains(shown(t, got[i]), c.want) {
			t.Errorf("ShowDOT(%q) in the browser kernel: outputs %s\nwant a message with %q", c.dot, got[i], c.want)
		}
	}
	if !strings.Contains(got[len(cases)], "data:image/svg+xml;base64") {
		t.Errorf("ShowDOT of good DOT in the browser kernel: outputs %s, want a drawing", got[len(cases)])
	}
}

// strconvQuote quotes s as JSON does, which is also a Go string literal
// for the text here.
func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// shown returns the text of a cell's outputs, as JSON: what it printed,
// its displays' text and its error.
func shown(t *testing.T, outputs string) string {
	t.Helper()
	var os []struct {
		Text   string            `json:"text"`
		Data   map[string]string `json:"data"`
		Evalue string            `json:"evalue"`
	}
	if err := json.Unmarshal([]byte(outputs), &os); err != nil {
		t.Fatalf("outputs %s: %v", outputs, err)
	}
	var b strings.Builder
	for _, o := range os {
		b.WriteString(o.Text + o.Data["text/plain"] + o.Evalue)
	}
	return b.String()
}

func command(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}
