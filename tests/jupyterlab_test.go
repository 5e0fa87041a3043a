package tests

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The JupyterLab tests look at the notebooks in JupyterLab's own notebook
// view, which renders outputs with its own code (its HTML sanitizer for
// untrusted notebooks, its ranking of MIME types, its rules for scripts).
// JupyterLab the application comes from PyPI, which CI cannot reach, so the
// view comes from JupyterLab's npm packages instead: tests/jupyterlab is a
// page built from them (pinned by its package-lock.json, bundled by esbuild)
// and served by the Jupyter Notebook server the browser tests start, whose
// REST and websocket APIs are the ones JupyterLab's services speak.

// labDir is the page's npm project; it builds into labDir/build.
func labDir() string { return filepath.Join(root, "tests", "jupyterlab") }

var labBuild struct {
	once sync.Once
	err  error
}

// buildLabPage installs the page's npm packages, exactly as the lockfile
// pins them, when they are missing or the lockfile changed, and bundles the
// page. npm's cache is kept in the checkout's out/, so nothing is cached
// elsewhere. It returns the folder to serve as static files.
func buildLabPage(t *testing.T) string {
	t.Helper()
	labBuild.once.Do(func() { labBuild.err = npmBuild() })
	if labBuild.err != nil {
		t.Fatal(labBuild.err)
	}
	return filepath.Join(labDir(), "build")
}

func npmBuild() error {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is missing: apt-get install nodejs npm (./test.sh does)", tool)
		}
	}
	lock, err := os.ReadFile(filepath.Join(labDir(), "package-lock.json"))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(lock)
	stamp := filepath.Join(labDir(), "node_modules", ".littlegrad-lock-sha256")
	if have, _ := os.ReadFile(stamp); string(have) != hex.EncodeToString(sum[:]) {
		// --ignore-scripts: nothing the packages would run at install
		// time is needed (esbuild finds its binary in its platform package).
		if err := npm("ci", "--ignore-scripts", "--no-audit", "--no-fund"); err != nil {
			return err
		}
		if err := os.WriteFile(stamp, []byte(hex.EncodeToString(sum[:])), 0o644); err != nil {
			return err
		}
	}
	return npm("run", "--silent", "build")
}

func npm(args ...string) error {
	cmd := exec.Command("npm", args...)
	cmd.Dir = labDir()
	cmd.Env = append(os.Environ(),
		"npm_config_cache="+filepath.Join(root, "out", "npm-cache"),
		"npm_config_update_notifier=false")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("npm %s in %s: %v\n%s", strings.Join(args, " "), labDir(), err, out)
	}
	return nil
}

// labServer starts the Jupyter server of the browser tests, serving the
// page too, at base+"/static/littlegrad-lab/index.html".
func labServer(t *testing.T) (base, token, dir string) {
	t.Helper()
	static := buildLabPage(t)
	return notebookServer(t, "--NotebookApp.extra_static_paths=['"+static+"']")
}

// openLab opens the notebook name in JupyterLab's notebook view and waits
// until every cell is rendered.
func openLab(t *testing.T, browser context.Context, base, token, name string, cells int) *page {
	t.Helper()
	q := url.Values{"path": {name}, "token": {token}}
	p := openPage(t, browser, base+"/static/littlegrad-lab/index.html?"+q.Encode())
	waitFor(t, p, "the notebook to open",
		fmt.Sprintf(`window.lab && (lab.failed || lab.ready && lab.notebook.widgets.length === %d && lab.notebook.widgets.every(c => !c.isPlaceholder()))`, cells),
		time.Minute)
	if failed := eval[string](t, p, `lab.failed || ''`); failed != "" {
		t.Fatalf("the page could not open %s: %s", name, failed)
	}
	p.state = labState
	return p
}

// labCell is what a stored code cell says its outputs should show.
type labCell struct {
	index    int    // in the notebook, counting every cell
	drawings int    // SVG <img>s in its stored outputs
	widget   bool   // a ShowBackward widget is one of them
	raises   bool   // tagged raises-exception: it is meant to fail
	source   string // for messages
}

// labCells reads the expectations from a notebook's stored outputs and tags.
func labCells(nb notebook) []labCell {
	var cells []labCell
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		lc := labCell{index: i, raises: c.tagged("raises-exception"), source: string(c.Source)}
		for _, o := range c.Outputs {
			html := string(o.Data["text/html"])
			lc.drawings += len(svgImage.FindAllString(html, -1))
			lc.widget = lc.widget || strings.Contains(html, `class="lg-backward"`)
		}
		cells = append(cells, lc)
	}
	return cells
}

func (c labCell) String() string {
	first, _, _ := strings.Cut(strings.TrimSpace(c.source), "\n")
	return fmt.Sprintf("cell %d (%.40s)", c.index, first)
}

// imageState is how one SVG <img> of a cell's outputs shows in the page.
type imageState struct {
	Loaded        bool    `json:"loaded"` // decoded, with a natural size
	Width, Height float64 // laid out
	Hidden        bool    `json:"hidden"` // in a closed <details>, or a frame the widget hides
	Size          string  `json:"size"`   // what is wrong with its size (sizeJS), or ""
}

// labImagesJS returns the imageStates of the outputs of cell CELL.
const labImagesJS = `Array.from(lab.notebook.widgets[CELL].node.querySelectorAll('.jp-OutputArea img[src^="data:image/svg+xml"]')).map(img => {
	const r = img.getBoundingClientRect();
	const frame = img.closest('.lg-frame');
	const hidden = !!img.closest('details:not([open])') || (!!frame && getComputedStyle(frame).display === 'none');
	const loaded = img.complete && img.naturalWidth > 0;
	return {loaded: loaded, width: r.width, height: r.height, hidden: hidden,
		size: loaded && !hidden && r.width > 0 ? (` + sizeJS + `)(img) : ''};
})`

// cellJS puts the index of a cell in js for CELL.
func cellJS(js string, index int) string { return strings.ReplaceAll(js, "CELL", fmt.Sprint(index)) }

// showCell scrolls cell index of the notebook so that its outputs show, as
// a reader scrolling there would, and waits for its images to decode.
func showCell(t *testing.T, p *page, index int) {
	t.Helper()
	eval[bool](t, p, fmt.Sprintf(`lab.notebook.scrollToItem(%d, 'start').then(() => true)`, index))
	// Bring the outputs up to a little below the top, when the input is
	// taller than the window.
	eval[bool](t, p, cellJS(`(() => {
		const outer = lab.notebook.outerNode, out = lab.notebook.widgets[CELL].node.querySelector('.jp-Cell-outputWrapper');
		const below = out.getBoundingClientRect().bottom - outer.getBoundingClientRect().bottom;
		if (below > 0) outer.scrollTop += Math.min(below, out.getBoundingClientRect().top - outer.getBoundingClientRect().top - 80);
		return true;
	})()`, index))
	waitFor(t, p, fmt.Sprintf("the images of cell %d to load", index),
		cellJS(`Array.from(lab.notebook.widgets[CELL].node.querySelectorAll('.jp-OutputArea img')).every(i => i.complete)`, index),
		30*time.Second)
}

// checkDrawingCells shows each cell that draws, checks that it shows as
// many SVG images as c.drawings says, each loaded and of non-zero size
// unless hidden on purpose, and saves a screenshot of the window named
// prefix-cellN, unless prefix is "". It returns what is wrong, for the
// caller to report, including what is wrong with the drawings' sizes
// (sizeJS).
func checkDrawingCells(t *testing.T, p *page, cells []labCell, prefix string) (problems []string) {
	t.Helper()
	for _, c := range cells {
		if c.drawings == 0 {
			continue
		}
		showCell(t, p, c.index)
		imgs := eval[[]imageState](t, p, cellJS(labImagesJS, c.index))
		if len(imgs) != c.drawings {
			problems = append(problems, fmt.Sprintf("%v shows %d drawings, want %d", c, len(imgs), c.drawings))
		}
		for k, img := range imgs {
			switch {
			case !img.Loaded:
				problems = append(problems, fmt.Sprintf("%v: drawing %d did not load (the browser could not decode it)", c, k))
			case !img.Hidden && (img.Width == 0 || img.Height == 0):
				problems = append(problems, fmt.Sprintf("%v: drawing %d is laid out %gx%g", c, k, img.Width, img.Height))
			case img.Size != "":
				problems = append(problems, fmt.Sprintf("%v: drawing %d: %s", c, k, img.Size))
			}
		}
		if prefix != "" {
			captureWindow(t, p, fmt.Sprintf("%s-cell%02d", prefix, c.index))
		}
	}
	return problems
}

// checkDegradedWidget checks the ShowBackward widget of cell c as an
// untrusted notebook shows it (see display.BackwardHTML): its script did not
// run, so it is a list of <details>, one a step, each titled by its caption,
// the last one open; opened, each shows its drawing.
func checkDegradedWidget(t *testing.T, p *page, c labCell) {
	t.Helper()
	var w struct {
		Widgets, Controls, Ready int
		Open                     []bool
		Captions                 []string
	}
	data := eval[json.RawMessage](t, p, cellJS(`(() => {
		const node = lab.notebook.widgets[CELL].node, frames = Array.from(node.querySelectorAll('.lg-backward details'));
		return {widgets: node.querySelectorAll('.lg-backward').length, controls: node.querySelectorAll('.lg-controls').length,
			ready: node.querySelectorAll('.lg-backward[data-ready]').length, open: frames.map(d => d.open),
			captions: frames.map(d => d.querySelector('summary') ? d.querySelector('summary').textContent : '')};
	})()`, c.index))
	if err := json.Unmarshal(data, &w); err != nil {
		t.Fatal(err)
	}
	if w.Widgets == 0 {
		t.Errorf("%v: no .lg-backward widget shows", c)
		return
	}
	if w.Controls > 0 || w.Ready > 0 {
		t.Errorf("%v: the widget's script ran in an untrusted notebook (%d control bars)", c, w.Controls)
	}
	if len(w.Open) != c.drawings {
		t.Errorf("%v: %d steps as <details>, want %d", c, len(w.Open), c.drawings)
	}
	for k, open := range w.Open {
		if last := k == len(w.Open)-1; open != last {
			t.Errorf("%v: step %d of %d open: %v, want %v (the last step alone open)", c, k, len(w.Open), open, last)
		}
	}
	for k, caption := range w.Captions {
		if !strings.HasPrefix(caption, fmt.Sprintf("step %d of ", k)) {
			t.Errorf("%v: step %d is titled %q", c, k, caption)
		}
	}
	// A reader opens the steps one by one; open them all at once.
	eval[bool](t, p, cellJS(`(lab.notebook.widgets[CELL].node.querySelectorAll('.lg-backward details').forEach(d => d.open = true), true)`, c.index))
	for k, img := range eval[[]imageState](t, p, cellJS(labImagesJS, c.index)) {
		if !img.Loaded || img.Hidden || img.Width == 0 || img.Height == 0 {
			t.Errorf("%v: opened, step %d does not show its drawing: %+v", c, k, img)
		}
	}
	eval[bool](t, p, cellJS(`(lab.notebook.widgets[CELL].node.querySelectorAll('.lg-backward details').forEach((d, k, all) => d.open = k === all.length - 1), true)`, c.index))
}

// captureWindow saves a screenshot of the window: JupyterLab scrolls the
// notebook inside it, not the page.
func captureWindow(t *testing.T, p *page, name string) {
	t.Helper()
	size := eval[[]float64](t, p, `[window.innerWidth, window.innerHeight]`)
	capture(t, p, name, size[0], size[1])
}

func checkConsole(t *testing.T, p *page) {
	t.Helper()
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("the browser console shows errors:\n%s", strings.Join(errs, "\n"))
	}
}

// clickToolbar clicks the notebook toolbar's button labelled label. (In a
// window too narrow for its buttons, JupyterLab moves some into a "more"
// menu; the tests' window is wide enough, and if a button is not there,
// the failure says where it is: see labState.)
func clickToolbar(t *testing.T, p *page, label string) {
	t.Helper()
	click(t, p, fmt.Sprintf("the toolbar's %q", label), fmt.Sprintf(`.jp-NotebookPanel-toolbar [title=%q]`, label))
}

// labState says what a failing test on the JupyterLab page should show:
// the toolbar's buttons and where they are, and what the page saw of its
// kernel.
func labState(t *testing.T, p *page) string {
	return eval[string](t, p, `(() => {
		const bar = document.querySelector('.jp-NotebookPanel-toolbar');
		const items = Array.from(document.querySelectorAll('.jp-NotebookPanel-toolbar [title], .jp-Toolbar-responsive-popup [title]'));
		return 'the toolbar: ' + (bar ? bar.clientWidth + ' px wide; ' : 'none; ') +
			items.map(e => JSON.stringify(e.title) + ' ' + e.offsetWidth + 'x' + e.offsetHeight +
				(e.closest('.jp-Toolbar-responsive-popup') ? ' in the popup' : '')).join(', ') +
			'\nwhat the page saw of its kernel:\n' + (lab.kernelLog || ['nothing: no session']).join('\n');
	})()`)
}

// labKernel is the notebook's kernel connection, or null.
const labKernel = `(lab.panel.sessionContext.session && lab.panel.sessionContext.session.kernel)`

// kernelIdle holds when the notebook's kernel is connected and idle.
const kernelIdle = `(k => !!k && k.connectionStatus === 'connected' && k.status === 'idle')` + labKernel

// kernelStarted holds when the notebook's kernel is connected and has
// answered the page's kernel_info request, and is idle or its status is
// unknown. Unknown can last: Notebook 6.4's server (kernels/handlers.py)
// skips its "nudge" of a new websocket's channels when it sees the kernel
// busy, as it can while its own kernel_info request (made as it opens the
// websocket) ends; then the status messages of the page's kernel_info
// request can be sent before the server's new IOPub subscription is in
// place, and are lost. The page learns the status when the kernel next
// sends one, as it does when a cell runs; JupyterLab runs cells all the
// same, and a user sees "Unknown" until then. (A test that waited for
// "idle" waited a minute in vain once in about 40 runs.)
const kernelStarted = `(k => !!k && k.connectionStatus === 'connected' && lab.kernelInfo === k.id && (k.status === 'idle' || k.status === 'unknown'))` + labKernel

// waitRun waits until the run of cells that the last click started has
// ended (every one of them has run or been refused, and the kernel is idle)
// and fails the test for each that did not run.
func waitRun(t *testing.T, p *page, what string, cells []labCell) {
	t.Helper()
	var list []string
	for _, c := range cells {
		list = append(list, fmt.Sprint(c.index))
	}
	js := strings.Replace(`[LIST].every(i => lab.ended.has(lab.notebook.widgets[i].model.id)) && `+kernelIdle, "LIST", strings.Join(list, ","), 1)
	waitFor(t, p, what, js, 5*time.Minute)
	for _, c := range cells {
		if eval[bool](t, p, fmt.Sprintf(`lab.notebook.widgets[%d].model.executionCount === null`, c.index)) {
			t.Errorf("%v did not run", c)
		}
	}
}

// TestJupyterLab opens every committed notebook in JupyterLab's notebook
// view, untrusted and not run, and checks its drawings and its widgets;
// runs part 1 from that view; runs a ShowBackward widget's cell and moves
// the widget; and shows that a broken drawing fails the checks.
func TestJupyterLab(t *testing.T) {
	base, token, dir := labServer(t)
	browser := newBrowser(t)
	shortName := func(name string) string {
		return "jupyterlab-" + strings.TrimPrefix(strings.TrimSuffix(name, ".ipynb"), "littlegrad-")
	}

	for _, path := range notebookPaths(t) {
		name := filepath.Base(path)
		t.Run("untrusted/"+name, func(t *testing.T) {
			nb := readNotebook(t, path)
			cells := labCells(nb)
			p := openLab(t, browser, base, token, name, len(nb.Cells))
			if n := eval[int](t, p, `lab.notebook.widgets.filter(c => c.model.type === 'code' && c.model.trusted).length`); n > 0 {
				t.Errorf("%d code cells opened as trusted; a fresh clone's are not", n)
			}
			for _, problem := range checkDrawingCells(t, p, cells, shortName(name)+"-untrusted") {
				t.Error(problem)
			}
			for _, c := range cells {
				if c.widget {
					checkDegradedWidget(t, p, c)
				}
			}
			checkConsole(t, p)
		})
	}

	t.Run("run part 1", func(t *testing.T) {
		name := "littlegrad-part1-engine.ipynb"
		nb := readNotebook(t, filepath.Join(root, "notebooks", name))
		cells := labCells(nb)
		p := openLab(t, browser, base, token, name, len(nb.Cells))
		waitFor(t, p, "the kernel to start", kernelStarted, time.Minute)
		clickToolbar(t, p, "Clear Outputs of All Cells")
		if n := eval[int](t, p, `lab.notebook.widgets.filter(c => c.model.type === 'code' && c.model.outputs.length > 0).length`); n > 0 {
			t.Fatalf("%d cells still have outputs after Clear Outputs of All Cells", n)
		}
		clickToolbar(t, p, "Run All Cells")
		waitRun(t, p, "Run All Cells to end", cells)
		for _, problem := range checkDrawingCells(t, p, cells, shortName(name)+"-run") {
			t.Error(problem)
		}
		checkRunOutputs(t, p, cells)
		for _, c := range cells {
			if c.raises {
				showCell(t, p, c.index)
				captureWindow(t, p, fmt.Sprintf("%s-run-cell%02d-error", shortName(name), c.index))
			}
		}
		text := eval[string](t, p, `Array.from(document.querySelectorAll('.jp-OutputArea')).map(o => o.textContent).join('\n')`)
		for _, fig := range figures[name] {
			if !strings.Contains(text, fig) {
				t.Errorf("after Run All Cells, the outputs do not show %q", fig)
			}
		}
		checkConsole(t, p)
	})

	t.Run("ShowBackward", func(t *testing.T) {
		name, cell, cells := firstWidget(t)
		nb := readNotebook(t, filepath.Join(root, "notebooks", name))
		p := openLab(t, browser, base, token, name, len(nb.Cells))
		waitFor(t, p, "the kernel to start", kernelStarted, time.Minute)
		// Select the widget's cell, run the cells above it, then run it.
		eval[bool](t, p, fmt.Sprintf(`lab.notebook.scrollToItem(%d, 'start').then(() => true)`, cell.index))
		click(t, p, fmt.Sprintf("cell %d's prompt", cell.index), fmt.Sprintf(`.jp-Cell[data-windowed-list-index="%d"] .jp-InputPrompt`, cell.index))
		if got := eval[int](t, p, `lab.notebook.activeCellIndex`); got != cell.index {
			t.Fatalf("clicking cell %d selected cell %d", cell.index, got)
		}
		clickToolbar(t, p, "Run All Above Selected Cell")
		var above []labCell
		for _, c := range cells {
			if c.index < cell.index {
				above = append(above, c)
			}
		}
		waitRun(t, p, "the cells above to run", above)
		clickToolbar(t, p, "Run this cell and advance")
		waitRun(t, p, "the widget's cell to run", []labCell{cell})
		checkRunOutputs(t, p, above)
		if n := eval[int](t, p, fmt.Sprintf(`lab.notebook.widgets[%d].node.querySelectorAll('.lg-backward').length`, cell.index)); n != 1 {
			t.Fatalf("after running %v, it shows %d widgets, want 1", cell, n)
		}
		// Scroll the widget into view first: checkWidget moves the first widget of the page.
		showCell(t, p, cell.index)
		checkWidget(t, p)
		captureWindow(t, p, shortName(name)+"-widget-run")
		checkConsole(t, p)
	})

	t.Run("a broken drawing fails", func(t *testing.T) {
		name := "broken-drawing.ipynb"
		cells, n, broken := writeBrokenDrawing(t, filepath.Join(dir, name))
		p := openLab(t, browser, base, token, name, n)
		problems := checkDrawingCells(t, p, cells, "")
		if len(problems) == 0 {
			t.Fatal("a notebook with a broken drawing passed the drawing checks")
		}
		showCell(t, p, broken)
		captureWindow(t, p, fmt.Sprintf("jupyterlab-broken-drawing-cell%02d", broken))
		for _, problem := range problems {
			t.Logf("as it should, the checks found: %s", problem)
		}
	})
}

// checkRunOutputs checks that each of the cells ran: the cells meant to fail
// show their error, and no other cell shows one.
func checkRunOutputs(t *testing.T, p *page, cells []labCell) {
	t.Helper()
	for _, c := range cells {
		var errs []string
		data := eval[json.RawMessage](t, p, fmt.Sprintf(`lab.notebook.widgets[%d].model.outputs.toJSON().filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue)`, c.index))
		if err := json.Unmarshal(data, &errs); err != nil {
			t.Fatal(err)
		}
		shown := eval[string](t, p, fmt.Sprintf(`lab.notebook.widgets[%d].node.querySelector('.jp-OutputArea').textContent`, c.index))
		switch {
		case c.raises && len(errs) == 0:
			t.Errorf("%v is tagged raises-exception, but ran without error", c)
		case !c.raises && len(errs) > 0:
			t.Errorf("%v failed: %s", c, strings.Join(errs, "\n"))
		}
		for _, e := range errs {
			if _, evalue, _ := strings.Cut(e, ": "); !strings.Contains(shown, firstLine(evalue)) {
				t.Errorf("%v: its error %q is not shown", c, e)
			}
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// firstWidget finds the first cell of the committed notebooks whose stored
// outputs hold a ShowBackward widget.
func firstWidget(t *testing.T) (name string, cell labCell, cells []labCell) {
	t.Helper()
	for _, path := range notebookPaths(t) {
		all := labCells(readNotebook(t, path))
		for _, c := range all {
			if c.widget {
				return filepath.Base(path), c, all
			}
		}
	}
	t.Fatal("no committed notebook shows a ShowBackward widget")
	return
}

// writeBrokenDrawing writes to path a copy of part 1 whose first drawing is
// an SVG that is not well-formed, which no browser can show, and returns the
// copy's expectations, its number of cells and the index of the cell broken.
func writeBrokenDrawing(t *testing.T, path string) (cells []labCell, n, broken int) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "notebooks", "littlegrad-part1-engine.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb map[string]any
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatal(err)
	}
	bad := base64.StdEncoding.EncodeToString([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><text>not closed`))
	broken = -1
	all, _ := nb["cells"].([]any)
	for i, c := range all {
		outputs, _ := c.(map[string]any)["outputs"].([]any)
		for _, o := range outputs {
			bundle, _ := o.(map[string]any)["data"].(map[string]any)
			html := htmlText(bundle["text/html"])
			if m := svgImage.FindStringSubmatchIndex(html); m != nil && broken < 0 {
				bundle["text/html"] = html[:m[2]] + bad + html[m[3]:]
				broken = i
			}
		}
	}
	if broken < 0 {
		t.Fatal("part 1 stores no drawing to break")
	}
	if data, err = json.Marshal(nb); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	copied := readNotebook(t, path)
	return labCells(copied), len(copied.Cells), broken
}

// htmlText joins a notebook string, stored whole or as a list of lines.
func htmlText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, line := range v {
			s, _ := line.(string)
			b.WriteString(s)
		}
		return b.String()
	}
	return ""
}
