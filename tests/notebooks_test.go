package tests

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/tests/internal/jupyter"
)

// notebook is the part of an .ipynb file the tests read.
type notebook struct {
	Cells []cell `json:"cells"`
}

type cell struct {
	CellType string         `json:"cell_type"`
	Source   multiline      `json:"source"`
	Metadata cellMetadata   `json:"metadata"`
	Outputs  []storedOutput `json:"outputs"`
}

type cellMetadata struct {
	Tags    []string `json:"tags"`
	Jupyter struct {
		SourceHidden bool `json:"source_hidden"`
	} `json:"jupyter"`
}

type storedOutput struct {
	OutputType string               `json:"output_type"`
	Name       string               `json:"name"`
	Text       multiline            `json:"text"`
	Data       map[string]multiline `json:"data"`
}

// multiline is a notebook string, stored either whole or as a list of lines.
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		// Not text (a JSON MIME bundle): keep it raw.
		*m = multiline(b)
		return nil
	}
	*m = multiline(strings.Join(lines, ""))
	return nil
}

func (c cell) tagged(tag string) bool { return slices.Contains(c.Metadata.Tags, tag) }

// text returns what a plain-text reader sees of c's outputs: what the cell
// printed on its standard output and the text of what it displayed, in
// their order, then what it printed on its standard error. The kernel
// keeps a cell's drawings in order with its standard output (package
// inband); standard error comes through a pipe of its own, so its place
// among the rest is not fixed.
func (c cell) text() string {
	var out, errs strings.Builder
	for _, o := range c.Outputs {
		if o.Name == "stderr" {
			errs.WriteString(string(o.Text))
			continue
		}
		out.WriteString(string(o.Text))
		out.WriteString(string(o.Data["text/plain"]))
	}
	return out.String() + errs.String()
}

func readNotebook(t *testing.T, path string) notebook {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return nb
}

func notebookPaths(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb"))
	if err != nil || len(paths) < 3 {
		t.Fatalf("want the three tutorial notebooks in notebooks/, found %v (%v)", paths, err)
	}
	sort.Strings(paths)
	return paths
}

// figures are texts each notebook must print: the tutorial's numbers. Part
// 1 prints them from the learner's own engine; engineFigures checks that it
// prints them from littlegrad's too.
var figures = map[string][]string{
	"littlegrad-part1-engine.ipynb": {
		"Value(data=-8",  // L
		"dL/da ≈ 6.0000", // measured by nudging a
		"dL/da = 6", "dL/db = -4", "dL/dc = -2", "dL/de = -2", "dL/dd = -2", "dL/df = 4",
		"with  =: db/da = 1", "with +=: db/da = 2",
		"after Backward twice, a.grad = 24", "zeroed, then Backward: a.grad = 6",
		"g = 24.7041, a.grad = 138.8338, b.grad = 645.5773", // micrograd's README
		"o = 0.7071",
		"n.grad = 0.5000", "x1.grad = -1.5000", "w1.grad = 1.0000",
		"x2.grad = 0.5000", "w2.grad = 0.0000", "b.grad = 0.5000",
	},
	"littlegrad-part2-training.ipynb": {"accuracy 100%"},
	"littlegrad-part3-beyond.ipynb":   {"GradCheck: all gradients agree"},
}

// draws reports whether a cell's code puts a drawing in its output: Show,
// ShowDOT, ShowBackward, ShowGradCheck, a plot's or a training's Show.
var draws = regexp.MustCompile(`\.Show[A-Za-z]*\(`)

// engineRow is a line of part 1's table of figures from both engines:
// name, ours, autograd's, and the verdict: identical, equal to rounding, or
// differ.
var engineRow = regexp.MustCompile(`(?m)^(\S+) +(-?[0-9]+\.[0-9]{4}) +(-?[0-9]+\.[0-9]{4}) +(.+)$`)

// engineFigures are the rows part 1's table must show, in order: every
// figure of the tutorial and micrograd's README (the tutorial's seed text).
var engineFigures = [][2]string{
	{"L", "-8.0000"}, {"a.grad", "6.0000"}, {"b.grad", "-4.0000"}, {"c.grad", "-2.0000"},
	{"e.grad", "-2.0000"}, {"d.grad", "-2.0000"}, {"f.grad", "4.0000"},
	{"o", "0.7071"}, {"n.grad", "0.5000"}, {"x1.grad", "-1.5000"}, {"w1.grad", "1.0000"},
	{"x2.grad", "0.5000"}, {"w2.grad", "0.0000"}, {"b.grad", "0.5000"},
	{"g", "24.7041"}, {"a.grad", "138.8338"}, {"b.grad", "645.5773"},
}

// checkEngines returns what is wrong with the table in text in which part 1
// prints every figure from its home-made engine and from autograd.
func checkEngines(text string) []string {
	var problems []string
	rows := engineRow.FindAllStringSubmatch(text, -1)
	for i, want := range engineFigures {
		if i >= len(rows) {
			problems = append(problems, fmt.Sprintf("the table of both engines has no row for %s (%s)", want[0], want[1]))
			continue
		}
		r := rows[i]
		if r[1] != want[0] || r[2] != want[1] || r[3] != want[1] || r[4] != "identical" && r[4] != "equal to rounding" {
			problems = append(problems, fmt.Sprintf("row %d of the table of both engines is %q, want %s %s %s, identical or equal to rounding", i, r[0], want[0], want[1], want[1]))
		}
	}
	if len(rows) > len(engineFigures) {
		problems = append(problems, fmt.Sprintf("the table of both engines has %d rows, want %d", len(rows), len(engineFigures)))
	}
	return problems
}

// checkPassed returns a problem if text, what an exercise's check cell
// printed, does not say PASS, or says FAIL.
func checkPassed(text string) string {
	if !strings.Contains(text, "PASS") || strings.Contains(text, "FAIL") {
		return fmt.Sprintf("the exercise check prints %q, want PASS and no FAIL", text)
	}
	return ""
}

// svgImage matches the form drawings take: an SVG in an <img>, the one form
// untrusted notebooks show.
var svgImage = regexp.MustCompile(`<img [^>]*src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"`)

// checkDrawings checks that html holds at least one SVG image and that
// every one of them is well-formed XML with an <svg> root.
func checkDrawings(html []string) error {
	n := 0
	for _, h := range html {
		for _, m := range svgImage.FindAllStringSubmatch(h, -1) {
			svg, err := base64.StdEncoding.DecodeString(m[1])
			if err != nil {
				return fmt.Errorf("bad base64 in drawing: %v", err)
			}
			if err := wellFormedSVG(svg); err != nil {
				return err
			}
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("no <img> with an SVG in the cell's HTML outputs (%d of them)", len(html))
	}
	return nil
}

func wellFormedSVG(svg []byte) error {
	d := xml.NewDecoder(bytes.NewReader(svg))
	first := ""
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return fmt.Errorf("drawing is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && first == "" {
			first = se.Name.Local
		}
	}
	if first != "svg" {
		return fmt.Errorf("drawing's root element is <%s>, want <svg>", first)
	}
	return nil
}

// cellProblem says what is wrong with r, the result of running c, or "":
// a cell tagged raises-exception must fail, any other must not.
func cellProblem(c cell, r jupyter.Result) string {
	e := r.Error()
	switch {
	case c.tagged("raises-exception") && (r.Status != "error" || e == nil):
		return "is tagged raises-exception but ran without error"
	case !c.tagged("raises-exception") && (r.Status != "ok" || e != nil):
		msg := r.Status
		if e != nil {
			msg = e.Ename + ": " + e.Evalue + "\n" + strings.Join(e.Traceback, "\n")
		}
		return "failed: " + msg
	}
	return ""
}

// TestNotebooksThroughZMQ runs every code cell of every notebook, in order,
// through the Go client, and checks errors, figures and drawings. It logs
// each cell's latency: the time from request to idle, build included.
func TestNotebooksThroughZMQ(t *testing.T) {
	var latencies []string
	times := map[bool][]time.Duration{} // by whether the cell draws
	for _, path := range notebookPaths(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			nb := readNotebook(t, path)
			k := startKernel(t, filepath.Dir(path))
			var all strings.Builder
			for i, c := range nb.Cells {
				if c.CellType != "code" {
					continue
				}
				r := execute(t, k, string(c.Source))
				all.WriteString(r.Text())
				latencies = append(latencies, fmt.Sprintf("%-34s cell %2d  %6.2fs%s", name, i, r.Elapsed.Seconds(),
					map[bool]string{true: "  (draws)"}[draws.MatchString(string(c.Source))]))
				times[draws.MatchString(string(c.Source))] = append(times[draws.MatchString(string(c.Source))], r.Elapsed)
				if problem := cellProblem(c, r); problem != "" {
					t.Errorf("cell %d %s\n%s", i, problem, c.Source)
					continue
				}
				if c.tagged("raises-exception") {
					continue
				}
				if draws.MatchString(string(c.Source)) {
					if err := checkDrawings(r.HTML()); err != nil {
						t.Errorf("cell %d draws, but: %v", i, err)
					}
				}
				if c.tagged("check") {
					if problem := checkPassed(r.Text()); problem != "" {
						t.Errorf("cell %d: %s", i, problem)
					}
				}
			}
			for _, want := range figures[name] {
				if !strings.Contains(all.String(), want) {
					t.Errorf("no cell printed %q", want)
				}
			}
			if strings.Contains(name, "part1") {
				for _, problem := range checkEngines(all.String()) {
					t.Error(problem)
				}
			}
		})
	}
	report := "per-cell latency through the Go client, from execute_request to idle (build included):\n" +
		summary("drawing cells", times[true]) + summary("other cells  ", times[false]) +
		strings.Join(latencies, "\n") + "\n"
	t.Log(report)
	if err := os.WriteFile(filepath.Join(artifactDir(t, ""), "latency.txt"), []byte(report), 0o644); err != nil {
		t.Error(err)
	}
}

// summary gives the median and the slowest of d, in a line.
func summary(what string, d []time.Duration) string {
	if len(d) == 0 {
		return ""
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return fmt.Sprintf("%s median %.2fs, slowest %.2fs, of %d\n", what, s[len(s)/2].Seconds(), s[len(s)-1].Seconds(), len(s))
}

// nbconvert runs Jupyter's nbconvert with the test's Jupyter data dir.
func nbconvert(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "jupyter", append([]string{"nbconvert", "--log-level=WARN"}, args...)...)
	cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+dataDir)
	return cmd.CombinedOutput()
}

func executeWithNbconvert(t *testing.T, path, outDir string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	out, err := nbconvert(ctx, "--to", "notebook", "--execute",
		"--ExecutePreprocessor.kernel_name=littlegrad", "--ExecutePreprocessor.timeout=600",
		"--ExecutePreprocessor.record_timing=False", "--output-dir", outDir, path)
	if err != nil {
		return fmt.Errorf("%v\n%s", err, out)
	}
	return nil
}

// TestNotebooksThroughNbconvert executes every notebook with nbconvert, the
// second client, and checks that the committed outputs are the ones the
// notebooks print today: stale outputs fail. Cells tagged "volatile" (timings)
// are not compared.
func TestNotebooksThroughNbconvert(t *testing.T) {
	for _, path := range notebookPaths(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			executedPath := executed(t, path, 1)[0]
			for _, p := range []string{path, executedPath} {
				data, _ := os.ReadFile(p)
				if paths := machinePath.FindAllString(string(data), -1); len(paths) > 0 {
					t.Errorf("%s names paths of the machine that ran it: %q", p, paths)
				}
			}
			committed := readNotebook(t, path)
			fresh := readNotebook(t, executedPath)
			if len(committed.Cells) != len(fresh.Cells) {
				t.Fatalf("%d cells committed, %d executed", len(committed.Cells), len(fresh.Cells))
			}
			for i, c := range committed.Cells {
				if c.CellType != "code" || c.tagged("volatile") {
					continue
				}
				if got, want := fresh.Cells[i].text(), c.text(); got != want {
					t.Errorf("cell %d: committed output is stale; run ./tutorial.sh --update\ncommitted:\n%s\nnow:\n%s", i, want, got)
				}
				if c.tagged("check") {
					if problem := checkPassed(c.text()); problem != "" {
						t.Errorf("cell %d: committed output: %s", i, problem)
					}
				}
				if draws.MatchString(string(c.Source)) {
					var html []string
					for _, o := range c.Outputs {
						html = append(html, string(o.Data["text/html"]))
					}
					if err := checkDrawings(html); err != nil {
						t.Errorf("cell %d draws, but its committed output: %v", i, err)
					}
				}
			}
		})
	}
}

// machinePath matches an absolute path into the folders where a machine
// keeps users, programs and scratch files, as a notebook's outputs could
// show them.
var machinePath = regexp.MustCompile(`(?:^|[\s"'=(:\[/])/(?:root|home|Users|tmp|var|usr|opt|srv|mnt|private|nix|work|builds|runner)/[^\s"'<>)\]\\]*`)

// A notebook with a panicking cell must fail nbconvert: otherwise a broken
// tutorial would export without complaint.
func TestNbconvertFailsOnPanic(t *testing.T) {
	err := executeWithNbconvert(t, filepath.Join(root, "tests", "testdata", "panics.ipynb"), t.TempDir())
	if err == nil {
		t.Fatal("nbconvert --execute succeeded on a notebook whose cell panics")
	}
	if msg := err.Error(); !strings.Contains(msg, "CellExecutionError") || !strings.Contains(msg, "fmt.Println(s[3])") {
		t.Errorf("nbconvert failed, but not because of the panic: %v", err)
	}
}

// Code cells indent with spaces: Jupyter Notebook 6 draws every tab as an
// arrow, and it and JupyterLab indent with spaces when you press Tab.
func TestNoTabs(t *testing.T) {
	for _, path := range notebookPaths(t) {
		for i, c := range readNotebook(t, path).Cells {
			if c.CellType == "code" && strings.Contains(string(c.Source), "\t") {
				t.Errorf("%s: cell %d indents with tabs", filepath.Base(path), i)
			}
		}
	}
}

// exercise is where an exercise is.
type exercise struct {
	notebook string
	cell     int // the exercise cell's index
}

// TestExercises checks the layout of the exercises in parts 1 and 2: at
// least three, each a cell tagged "exercise" for the learner's answer,
// followed by a cell tagged "solution" (an answer, folded away in the HTML
// export and in JupyterLab) and a cell tagged "check" that prints PASS or FAIL.
func TestExercises(t *testing.T) {
	var all []exercise
	for _, path := range notebookPaths(t) {
		name := filepath.Base(path)
		nb := readNotebook(t, path)
		for i, c := range nb.Cells {
			if !c.tagged("exercise") {
				continue
			}
			all = append(all, exercise{name, i})
			if i+2 >= len(nb.Cells) || !nb.Cells[i+1].tagged("solution") || !nb.Cells[i+2].tagged("check") {
				t.Errorf("%s: the exercise in cell %d is not followed by a cell tagged solution and a cell tagged check", name, i)
				continue
			}
			if !nb.Cells[i+1].Metadata.Jupyter.SourceHidden {
				t.Errorf("%s: the solution in cell %d is not folded (metadata jupyter.source_hidden)", name, i+1)
			}
			// Jupyter Notebook 6 cannot fold a cell: there the answer
			// shows under the exercise, and must say what it is.
			if !strings.HasPrefix(string(nb.Cells[i+1].Source), "// ANSWER") {
				t.Errorf("%s: the solution in cell %d does not start with // ANSWER", name, i+1)
			}
		}
		for i, c := range nb.Cells {
			if (c.tagged("solution") || c.tagged("check")) && !slices.ContainsFunc(all, func(e exercise) bool {
				return e.notebook == name && (i == e.cell+1 || i == e.cell+2)
			}) {
				t.Errorf("%s: cell %d is tagged solution or check, but follows no exercise", name, i)
			}
		}
	}
	if len(all) < 3 {
		t.Errorf("%d exercises in the notebooks, want at least 3: %v", len(all), all)
	}
}

// goFunc matches a Go function or method declaration and captures its
// name, receiver type included: "Value.Pow", "checkOp".
var goFunc = regexp.MustCompile(`(?m)^func (?:\(\w+ \*?(\w+)\) )?(\w+)\(`)

// TestExerciseAnswersKept checks that no cell of part 1 after an exercise
// declares again a function the exercise declares: the kernel keeps the
// latest declaration, so such a cell would silently replace the learner's
// answer, and the rest of the notebook would never run it.
func TestExerciseAnswersKept(t *testing.T) {
	name := "littlegrad-part1-engine.ipynb"
	nb := readNotebook(t, filepath.Join(root, "notebooks", name))
	declared := func(c cell) []string {
		var names []string
		for _, m := range goFunc.FindAllStringSubmatch(string(c.Source), -1) {
			names = append(names, strings.TrimPrefix(m[1]+"."+m[2], "."))
		}
		return names
	}
	exercises := 0
	for i, c := range nb.Cells {
		if !c.tagged("exercise") {
			continue
		}
		exercises++
		mine := declared(c)
		if len(mine) == 0 {
			t.Errorf("%s: the exercise in cell %d declares no function", name, i)
		}
		for j := i + 1; j < len(nb.Cells); j++ {
			if nb.Cells[j].tagged("solution") || nb.Cells[j].CellType != "code" {
				continue
			}
			for _, f := range declared(nb.Cells[j]) {
				if slices.Contains(mine, f) {
					t.Errorf("%s: cell %d declares %s again, replacing the answer to the exercise in cell %d", name, j, f, i)
				}
			}
		}
	}
	if exercises == 0 {
		t.Fatalf("%s has no exercise", name)
	}
}
