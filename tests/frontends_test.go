package tests

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The front-end tests open the notebooks in the applications learners use:
// JupyterLab 4 and Notebook 7 (built from JupyterLab's components), from the
// jupyter on PATH (./test.sh puts the pinned one there: scripts/jupyter.sh),
// in Chromium. The page's own JupyterLab application object
// (window.jupyterapp, which the server puts there when asked to expose it)
// is how the tests read the notebook's state; what they do, they do as a
// user does: clicks on the toolbar and keys in the editor.

// frontend is an application in which learners open the notebooks.
type frontend struct {
	name   string // in test names and screenshots
	app    string // the jupyter subcommand that starts it
	expose string // its option that puts window.jupyterapp in the page
	tree   string // the URL path that opens a notebook, before its name; WORKSPACE stands for a new workspace's name
}

// notebook7Error is the console error that every page of Notebook 7.6.5
// logs, with or without a notebook, and with only the notebook package
// installed: the shortcuts extension's pluginChanged handler
// (@jupyterlab/shortcuts-extension, packages/shortcuts-extension/src/index.ts)
// reads the schema of a plugin that Notebook's setting registry did not
// load. The tests leave it out of the console errors on Notebook 7; and
// TestNotebook7Error fails once Notebook no longer logs it.
const notebook7Error = "exception: Uncaught (in promise) TypeError: Cannot read properties of undefined (reading 'schema')"

var (
	// Each page of JupyterLab's opens in a workspace of its own: in the
	// default one it would also open what the pages before it had open.
	jupyterLab = frontend{"jupyterlab", "lab", "--LabApp.expose_app_in_browser=True", "/lab/workspaces/WORKSPACE/tree/"}
	notebook7  = frontend{"notebook7", "notebook", "--JupyterNotebookApp.expose_app_in_browser=True", "/notebooks/"}
)

// server is a Jupyter server that a test started.
type server struct {
	fe          frontend
	base, token string
	dir         string // the folder it serves: a copy of the notebooks
}

func newToken() string { return rand.Text() }

// url is the address that opens the notebook name. A server without a
// token (a JupyterHub's) knows the browser by its cookie.
func (s server) url(name string) string {
	u := s.base + strings.Replace(s.fe.tree, "WORKSPACE", "w"+newToken(), 1) + name
	if s.token != "" {
		u += "?token=" + s.token
	}
	return u
}

// startServer starts fe's server on loopback with a random token, serving a
// copy of the notebooks, with Jupyter config, data and runtime folders of
// its own (so nothing is trusted and no workspace is restored), the kernel
// from the test's install, and stops it when the test ends.
func startServer(t *testing.T, fe frontend, extra ...string) server {
	t.Helper()
	return startServerWith(t, fe, dataDir, extra...)
}

// startServerWith is startServer with the kernels of the Jupyter data dir
// kernels.
func startServerWith(t *testing.T, fe frontend, kernels string, extra ...string) server {
	t.Helper()
	s := server{fe: fe, dir: t.TempDir(), token: newToken()}
	for _, path := range notebookPaths(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(s.dir, filepath.Base(path)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	config := t.TempDir()
	args := []string{fe.app, "--no-browser", "--ServerApp.ip=127.0.0.1", fmt.Sprintf("--ServerApp.port=%d", port),
		"--ServerApp.port_retries=0", "--IdentityProvider.token=" + s.token, "--ServerApp.root_dir=" + s.dir, fe.expose}
	if os.Getuid() == 0 {
		args = append(args, "--allow-root")
	}
	args = append(args, extra...)
	cmd := exec.Command("jupyter", args...)
	cmd.Env = append(os.Environ(),
		"JUPYTER_CONFIG_DIR="+config, "JUPYTER_DATA_DIR="+t.TempDir(),
		"JUPYTER_RUNTIME_DIR="+t.TempDir(), "JUPYTER_PATH="+kernels) // the kernel, from the test's install
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logFile, err := os.Create(filepath.Join(t.TempDir(), "jupyter.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopGroup(cmd, 15*time.Second) // Jupyter, its kernels and their children
		if t.Failed() {
			logFile.Seek(0, 0)
			sc := bufio.NewScanner(logFile)
			var tail []string
			for sc.Scan() {
				tail = append(tail, sc.Text())
			}
			if len(tail) > 40 {
				tail = tail[len(tail)-40:]
			}
			t.Logf("Jupyter's log ends:\n%s", strings.Join(tail, "\n"))
		}
		logFile.Close()
	})
	s.base = fmt.Sprintf("http://127.0.0.1:%d", port)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, code := waitHTTP(ctx, s.base+"/api/status?token="+s.token); code != http.StatusOK {
		t.Fatalf("Jupyter (%s) did not come up on %s (status %d)", fe.app, s.base, code)
	}
	return s
}

// copyFile copies the file at from into the folder dir, under the name
// name ("" keeps its own).
func copyFile(t *testing.T, from, dir, name string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if name == "" {
		name = filepath.Base(from)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// bridgeJS defines window.lab, the tests' view of the notebook open in the
// page, from the application object: lab.panel (the notebook's panel, with
// its session), lab.notebook (its cells), lab.kernel (the kernel's
// connection, or null), and lab.log, what the page saw of its kernel:
// every status and connection change and every message, for a failing
// test to show.
const bridgeJS = `(() => {
	if (window.lab) return true;
	const t0 = Date.now(), log = [], note = s => log.push(((Date.now() - t0) / 1000).toFixed(2) + ' s: ' + s);
	const panel = () => { const w = jupyterapp.shell.currentWidget; return w && w.content && w.sessionContext ? w : null; };
	window.lab = {log, statuses: [], sent: 0, replied: 0,
		get panel() { return panel(); },
		get notebook() { const p = panel(); return p && p.content; },
		get kernel() { const p = panel(), s = p && p.sessionContext.session; return s ? s.kernel : null; }};
	const watched = new Set();
	const watch = () => {
		const p = panel();
		if (!p) return setTimeout(watch, 50);
		const sc = p.sessionContext;
		sc.statusChanged.connect((_, s) => { lab.statuses.push(s); note('status ' + s); });
		sc.connectionStatusChanged.connect((_, s) => note('connection ' + s));
		const hook = () => {
			const k = sc.session && sc.session.kernel;
			if (!k || watched.has(k.id)) return;
			watched.add(k.id);
			note('kernel ' + k.id + ', status ' + k.status);
			k.anyMessage.connect((_, a) => {
				const type = a.msg.header.msg_type;
				if (type === 'execute_request') lab.sent++;
				if (type === 'execute_reply') lab.replied++;
			});
			k.anyMessage.connect((_, a) => note(a.direction + ' ' + a.msg.channel + ' ' + a.msg.header.msg_type +
				(a.msg.header.msg_type === 'status' ? ' ' + a.msg.content.execution_state : '') +
				' (parent ' + ((a.msg.parent_header || {}).msg_type || 'none') + ')'));
		};
		sc.kernelChanged.connect(hook);
		hook();
	};
	watch();
	return true;
})()`

// openNotebook opens the notebook name of s's folder in a new tab, and
// waits until it shows all its cells: cells of them.
func openNotebook(t *testing.T, browser context.Context, s server, name string, cells int) *page {
	t.Helper()
	p := openPage(t, browser, s.url(name))
	if s.fe == notebook7 {
		p.known = notebook7Error
	}
	waitFor(t, p, "the application to start", `window.jupyterapp && jupyterapp.shell`, time.Minute)
	eval[bool](t, p, bridgeJS)
	p.state = labState
	waitFor(t, p, name+" to open", fmt.Sprintf(`lab.panel && lab.panel.context.path === %q && lab.panel.context.isReady && lab.notebook.widgets.length === %d`, name, cells), time.Minute)
	return p
}

// labState says what a failing test in a front end should show: the
// toolbar's buttons and where they are, and what the page saw of its
// kernel.
func labState(t *testing.T, p *page) string {
	return eval[string](t, p, `(() => {
		const bar = document.querySelector('.jp-NotebookPanel-toolbar');
		const items = Array.from(document.querySelectorAll('.jp-NotebookPanel-toolbar [title], .jp-Toolbar-responsive-popup [title]'));
		return 'the toolbar: ' + (bar ? bar.clientWidth + ' px wide; ' : 'none; ') +
			items.map(e => JSON.stringify(e.title) + ' ' + e.offsetWidth + 'x' + e.offsetHeight +
				(e.closest('.jp-Toolbar-responsive-popup') ? ' in the popup' : '')).join(', ') +
			'\nexecute requests sent ' + lab.sent + ', replies ' + lab.replied +
			'\nwhat the page saw of its kernel:\n' + (window.lab ? lab.log.join('\n') : 'nothing: no notebook');
	})()`)
}

// kernelIdle holds when the notebook's kernel is connected and idle.
const kernelIdle = `(k => !!k && k.connectionStatus === 'connected' && k.status === 'idle')(lab.kernel)`

// clickToolbar clicks the notebook toolbar's button whose title starts
// with title. (In a window too narrow for its buttons, JupyterLab moves
// some into a "more" menu; the tests' window is wide enough, and if a
// button is not there, the failure says where it is: see labState.)
func clickToolbar(t *testing.T, p *page, title string) {
	t.Helper()
	click(t, p, fmt.Sprintf("the toolbar's %q", title), fmt.Sprintf(`.jp-NotebookPanel-toolbar [title^=%q]`, title))
}

// clickMenu opens the menu bar's menu, then clicks its item that runs
// command, as a learner picks Run > Run All Cells.
func clickMenu(t *testing.T, p *page, menu, command string) {
	t.Helper()
	clickText(t, p, "the menu "+menu, ".lm-MenuBar-item", menu)
	click(t, p, fmt.Sprintf("%s > %s", menu, command), fmt.Sprintf(`.lm-Menu-item[data-command=%q]`, command))
}

// run runs cells as start, a function of clicks, makes the page run them,
// and waits until the run has ended: the page has sent as many execute
// requests, each has its reply, no cell is running and the kernel is idle.
// It fails the test for each of cells that did not run.
func run(t *testing.T, p *page, what string, cells []labCell, start func()) {
	t.Helper()
	runFor(t, p, what, cells, 5*time.Minute, start)
}

// runFor is run, waiting at most limit for the cells to be run.
func runFor(t *testing.T, p *page, what string, cells []labCell, limit time.Duration, start func()) {
	t.Helper()
	eval[bool](t, p, `(lab.sent = lab.replied = 0, true)`)
	start()
	waitFor(t, p, what, fmt.Sprintf(`lab.sent >= %d && lab.replied >= lab.sent &&
		lab.notebook.widgets.every(c => c.model.type !== 'code' || c.model.executionState !== 'running') && `+kernelIdle, len(cells)),
		limit)
	for _, c := range cells {
		if eval[bool](t, p, fmt.Sprintf(`lab.notebook.widgets[%d].model.executionCount === null`, c.index)) {
			t.Errorf("%v did not run", c)
		}
	}
}

// selectCell scrolls to cell index and clicks its prompt, selecting it.
func selectCell(t *testing.T, p *page, index int) {
	t.Helper()
	eval[bool](t, p, fmt.Sprintf(`lab.notebook.scrollToItem(%d, 'start').then(() => true)`, index))
	click(t, p, fmt.Sprintf("cell %d's prompt", index), fmt.Sprintf(`.jp-Cell[data-windowed-list-index="%d"] .jp-InputPrompt`, index))
	if got := eval[int](t, p, `lab.notebook.activeCellIndex`); got != index {
		t.Fatalf("clicking cell %d selected cell %d", index, got)
	}
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

// TestJupyterLab and TestNotebook7 open the committed notebooks in each
// front end, untrusted as a clone has them, and check their drawings and
// widgets; run part 1 with Run All Cells; complete, ask for help, interrupt
// and restart the kernel as a learner does; play the widgets once trusted;
// and show that a broken drawing fails the checks.
func TestJupyterLab(t *testing.T) { testFrontend(t, jupyterLab) }

func TestNotebook7(t *testing.T) { testFrontend(t, notebook7) }

func testFrontend(t *testing.T, fe frontend) {
	s := startServer(t, fe)
	browser := newBrowser(t)
	shot := func(name string) string {
		return fe.name + "-" + strings.TrimPrefix(strings.TrimSuffix(name, ".ipynb"), "littlegrad-")
	}

	for _, path := range notebookPaths(t) {
		name := filepath.Base(path)
		t.Run("untrusted/"+name, func(t *testing.T) {
			nb := readNotebook(t, path)
			cells := labCells(nb)
			p := openNotebook(t, browser, s, name, len(nb.Cells))
			if n := eval[int](t, p, `lab.notebook.widgets.filter(c => c.model.type === 'code' && c.model.trusted).length`); n > 0 {
				t.Errorf("%d code cells opened as trusted; a fresh clone's are not", n)
			}
			for _, problem := range checkDrawingCells(t, p, cells, shot(name)+"-untrusted") {
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

	t.Run("run part 1", func(t *testing.T) { runPart1(t, browser, s, "", fe.name) })

	t.Run("kernel", func(t *testing.T) { checkKernelUI(t, browser, s) })

	t.Run("ShowBackward run", func(t *testing.T) {
		name, cell, cells := firstWidget(t)
		nb := readNotebook(t, filepath.Join(root, "notebooks", name))
		p := openNotebook(t, browser, s, name, len(nb.Cells))
		waitFor(t, p, "the kernel to show idle", kernelIdle, time.Minute)
		// Select the widget's cell, run the cells above it, then run it.
		selectCell(t, p, cell.index)
		var above []labCell
		for _, c := range cells {
			if c.index < cell.index {
				above = append(above, c)
			}
		}
		run(t, p, "the cells above to run", above, func() { clickMenu(t, p, "Run", "notebook:run-all-above") })
		run(t, p, "the widget's cell to run", []labCell{cell}, func() { clickToolbar(t, p, "Run this cell and advance") })
		checkRunOutputs(t, p, above)
		if n := eval[int](t, p, fmt.Sprintf(`lab.notebook.widgets[%d].node.querySelectorAll('.lg-backward').length`, cell.index)); n != 1 {
			t.Fatalf("after running %v, it shows %d widgets, want 1", cell, n)
		}
		// Scroll the widget into view first: checkWidget moves the first widget of the page.
		showCell(t, p, cell.index)
		checkWidget(t, p)
		captureWindow(t, p, shot(name)+"-widget-run")
		checkConsole(t, p)
	})

	t.Run("a broken drawing fails", func(t *testing.T) {
		name := "broken-drawing.ipynb"
		cells, n, broken := writeBrokenDrawing(t, filepath.Join(s.dir, name))
		p := openNotebook(t, browser, s, name, n)
		problems := checkDrawingCells(t, p, cells, "")
		if len(problems) == 0 {
			t.Fatal("a notebook with a broken drawing passed the drawing checks")
		}
		showCell(t, p, broken)
		captureWindow(t, p, fmt.Sprintf("%s-broken-drawing-cell%02d", fe.name, broken))
		for _, problem := range problems {
			t.Logf("as it should, the checks found: %s", problem)
		}
	})
}

// TestJupyterLabStatusGap shows that JupyterLab still needs the status the
// kernel's proxy announces after kernel_info_reply (proxy.announceStatus):
// with a kernelspec that turns it off, a notebook whose kernel has started,
// and answered the page's kernel_info request, shows its kernel as
// "unknown". It fails once JupyterLab shows such a kernel as idle, and the
// announcement can go.
func TestJupyterLabStatusGap(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(kernelDir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]any
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	argv, _ := spec["argv"].([]any)
	if len(argv) < 2 || argv[1] != "run" {
		t.Fatalf("kernel.json's argv is %q, want the kernel's run command", argv)
	}
	spec["argv"] = append([]any{argv[0], "run", "-no-status-announce"}, argv[2:]...)
	spec["display_name"] = "Go (littlegrad, no status announced)"
	kernels := t.TempDir()
	dir := filepath.Join(kernels, "kernels", "silent")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if data, err = json.Marshal(spec); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServerWith(t, jupyterLab, kernels)
	nb := strings.ReplaceAll(scratch, `"name": "littlegrad", "display_name": "Go (littlegrad)"`, `"name": "silent", "display_name": "Go (littlegrad, no status announced)"`)
	if err := os.WriteFile(filepath.Join(s.dir, "silent.ipynb"), []byte(nb), 0o644); err != nil {
		t.Fatal(err)
	}
	p := openNotebook(t, newBrowser(t), s, "silent.ipynb", 5)
	waitFor(t, p, "the kernel to answer the page's kernel_info request", `lab.log.some(l => l.includes('recv shell kernel_info_reply'))`, time.Minute)
	time.Sleep(5 * time.Second)
	if status := eval[string](t, p, `lab.kernel.status`); status != "unknown" {
		t.Errorf("without the proxy's announcement, JupyterLab shows the started kernel as %q, not unknown: "+
			"it no longer ignores the status messages of kernel_info requests, and proxy.announceStatus can go%s", status, p.more(t))
	}
}

// TestNotebook7Error shows that Notebook 7 still logs notebook7Error by
// itself, on its file browser, where no littlegrad code runs.
func TestNotebook7Error(t *testing.T) {
	s := startServer(t, notebook7)
	p := openPage(t, newBrowser(t), s.base+"/tree?token="+s.token)
	waitFor(t, p, "the file browser to show the notebooks", `document.body.textContent.includes('littlegrad-part1-engine')`, time.Minute)
	time.Sleep(2 * time.Second)
	p.mu.Lock()
	errs := p.errors
	p.mu.Unlock()
	if !slices.Contains(errs, notebook7Error) {
		t.Errorf("Notebook 7 no longer logs %q by itself (it logged %q): the tests need not leave it out (see notebook7Error)", notebook7Error, errs)
	}
}

// runPart1 opens part 1, at dir/ of s's folder, and runs it as a learner
// does: Edit > Clear Outputs of All Cells, then Run > Run All Cells. It
// checks that the kernel shows idle before, busy during and idle after;
// that the drawings show, the cells meant to fail show their error and the
// run goes on; and that the outputs hold the tutorial's figures. Its
// screenshots' names start with prefix.
func runPart1(t *testing.T, browser context.Context, s server, dir, prefix string) {
	name := "littlegrad-part1-engine.ipynb"
	shot := prefix + "-part1-engine"
	nb := readNotebook(t, filepath.Join(root, "notebooks", name))
	cells := labCells(nb)
	p := openNotebook(t, browser, s, path.Join(dir, name), len(nb.Cells))
	// The kernel shows idle once started, before any cell runs.
	waitFor(t, p, "the kernel to show idle", kernelIdle, time.Minute)
	checkStatusShown(t, p, s.fe, "Idle")
	clickMenu(t, p, "Edit", "editmenu:clear-all")
	waitFor(t, p, "Edit > Clear Outputs of All Cells to clear them", `lab.notebook.widgets.every(c => c.model.type !== 'code' || c.model.outputs.length === 0)`, 10*time.Second)
	eval[bool](t, p, `(lab.statuses.length = 0, true)`)
	run(t, p, "Run All Cells to end", cells, func() {
		clickMenu(t, p, "Run", "runmenu:run-all")
		waitFor(t, p, "the kernel to show busy", `lab.statuses.includes('busy')`, time.Minute)
		checkStatusShown(t, p, s.fe, "Busy")
		captureWindow(t, p, shot+"-running")
	})
	checkStatusShown(t, p, s.fe, "Idle")
	for _, problem := range checkDrawingCells(t, p, cells, shot+"-run") {
		t.Error(problem)
	}
	checkRunOutputs(t, p, cells)
	for _, c := range cells {
		if c.raises {
			showCell(t, p, c.index)
			captureWindow(t, p, fmt.Sprintf("%s-run-cell%02d-error", shot, c.index))
		}
	}
	text := eval[string](t, p, `lab.notebook.widgets.filter(c => c.model.type === 'code').map(c => c.model.outputs.toJSON().map(o =>
		[].concat(o.text || '', (o.data || {})['text/plain'] || '', o.evalue || '').join('')).join('')).join('\n')`)
	for _, fig := range figures[name] {
		if !strings.Contains(text, fig) {
			t.Errorf("after Run All Cells, the outputs do not show %q", fig)
		}
	}
	for _, problem := range checkEngines(text) {
		t.Errorf("after Run All Cells: %s", problem)
	}
	checkConsole(t, p)
}

// checkStatusShown checks that the page shows the kernel's status as
// status where a learner looks for it: JupyterLab's status bar, Notebook
// 7's kernel indicator in the toolbar (its title).
func checkStatusShown(t *testing.T, p *page, fe frontend, status string) {
	t.Helper()
	js := `Array.from(document.querySelectorAll('.jp-StatusBar-Widget, .jp-Notebook-ExecutionIndicator, .jp-KernelStatus, [title^="Kernel "]'))
		.map(e => e.textContent + ' ' + (e.title || '')).join(' | ')`
	deadline := time.Now().Add(10 * time.Second)
	for {
		shown := eval[string](t, p, js)
		if strings.Contains(shown, status) {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s does not show the kernel as %s: %q%s", fe.name, status, shown, p.more(t))
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// scratch is the notebook of checkKernelUI: a cell that imports autograd,
// one to complete, one to ask help on, a loop to interrupt, and a cell that
// runs after a restart.
const scratch = `{"cells": [
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["import \"github.com/littlegrad/littlegrad/autograd\""]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["%%\n", "x := autograd.Ne"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["%%\n", "autograd.New(1).Backward"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["%%\n", "fmt.Println(\"looping\")\n", "for {\n", "}"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["import \"github.com/littlegrad/littlegrad/autograd\"\n", "\n", "%%\n", "fmt.Println(\"after the restart:\", autograd.New(2).Mul(autograd.New(3)))"]}
 ],
 "metadata": {"kernelspec": {"name": "littlegrad", "display_name": "Go (littlegrad)", "language": "go"}},
 "nbformat": 4, "nbformat_minor": 5}`

// checkKernelUI works the kernel from the notebook's UI as a learner does:
// Tab after autograd.Ne offers New, Shift-Tab after Backward shows its
// doc, the toolbar's stop button interrupts an endless loop, and after the
// toolbar's restart the next cell runs.
func checkKernelUI(t *testing.T, browser context.Context, s server) {
	if err := os.WriteFile(filepath.Join(s.dir, "scratch.ipynb"), []byte(scratch), 0o644); err != nil {
		t.Fatal(err)
	}
	p := openNotebook(t, browser, s, "scratch.ipynb", 5)
	name := s.fe.name + "-kernel"
	waitFor(t, p, "the kernel to show idle", kernelIdle, time.Minute)
	selectCell(t, p, 0)
	run(t, p, "the import to run", []labCell{{index: 0, source: "the import"}}, func() { clickToolbar(t, p, "Run this cell and advance") })

	// Completion: Tab at the end of the cell.
	typeAtEnd(t, p, 1)
	key(t, p, kb.Tab, 0)
	waitFor(t, p, "the completer to offer New",
		`Array.from(document.querySelectorAll('.jp-Completer:not(.lm-mod-hidden) .jp-Completer-item')).some(i => i.textContent.trim().startsWith('New'))`, 30*time.Second)
	offered := eval[string](t, p, `Array.from(document.querySelectorAll('.jp-Completer .jp-Completer-item')).map(i => i.textContent.trim()).join(', ')`)
	t.Logf("Tab after autograd.Ne offers: %s", offered)
	captureWindow(t, p, name+"-completion")
	key(t, p, kb.Escape, 0)

	// Help: Shift-Tab after a name.
	typeAtEnd(t, p, 2)
	key(t, p, kb.Tab, kb.ModifierShift)
	waitFor(t, p, "the tooltip to show Backward's doc", `(e => !!e && /Backward/.test(e.textContent) && /gradient/.test(e.textContent))(document.querySelector('.jp-Tooltip'))`, 30*time.Second)
	captureWindow(t, p, name+"-help")
	key(t, p, kb.Escape, 0)
	key(t, p, kb.Escape, 0)

	// An endless loop, stopped from the toolbar.
	selectCell(t, p, 3)
	eval[bool](t, p, `(lab.statuses.length = 0, true)`)
	clickToolbar(t, p, "Run this cell and advance")
	// Stopped once its program runs: GoNB passes an interrupt on to the
	// cell's program, and one that comes while the cell builds is lost.
	waitFor(t, p, "the loop to run", `lab.notebook.widgets[3].model.executionState === 'running' &&
		lab.notebook.widgets[3].model.outputs.toJSON().some(o => (o.text || '').includes('looping'))`, time.Minute)
	clickToolbar(t, p, "Interrupt the kernel")
	waitFor(t, p, "the interrupted cell to end", `lab.notebook.widgets[3].model.executionState !== 'running' && `+kernelIdle, time.Minute)
	showCell(t, p, 3)
	captureWindow(t, p, name+"-interrupted")

	// A restart from the toolbar, confirmed in its dialog, then a cell.
	clickToolbar(t, p, "Restart the kernel")
	click(t, p, "the dialog's Restart button", ".jp-Dialog .jp-Dialog-button.jp-mod-accept")
	waitFor(t, p, "the kernel to restart", `lab.log.some(l => l.includes('status restarting'))`, 30*time.Second)
	waitFor(t, p, "the restarted kernel to show idle", kernelIdle, time.Minute)
	selectCell(t, p, 4)
	run(t, p, "the cell after the restart", []labCell{{index: 4, source: "the cell after the restart"}}, func() { clickToolbar(t, p, "Run this cell and advance") })
	if out := eval[string](t, p, `lab.notebook.widgets[4].node.querySelector('.jp-OutputArea').textContent`); !strings.Contains(out, "after the restart: Value(data=6") {
		t.Errorf("the cell after the restart shows %q", out)
	}
	showCell(t, p, 4)
	captureWindow(t, p, name+"-restarted")
	checkConsole(t, p)
}

// typeAtEnd puts the cursor at the end of cell index's source, in edit
// mode, as a click in its editor and Ctrl-End do.
func typeAtEnd(t *testing.T, p *page, index int) {
	t.Helper()
	eval[bool](t, p, fmt.Sprintf(`lab.notebook.scrollToItem(%d, 'center').then(() => true)`, index))
	click(t, p, fmt.Sprintf("cell %d's editor", index), fmt.Sprintf(`.jp-Cell[data-windowed-list-index="%d"] .cm-content`, index))
	key(t, p, kb.End, kb.ModifierCtrl)
	waitFor(t, p, fmt.Sprintf("cell %d in edit mode, the cursor at its end", index), fmt.Sprintf(`lab.notebook.mode === 'edit' && lab.notebook.activeCellIndex === %d &&
		(e => e.getOffsetAt(e.getCursorPosition()) === e.model.sharedModel.getSource().length)(lab.notebook.widgets[%d].editor)`, index, index), 10*time.Second)
}

// key presses k with the modifiers, as the keyboard does.
func key(t *testing.T, p *page, k string, modifiers kb.Modifier) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(k, chromedp.KeyModifiers(modifiers))); err != nil {
		t.Fatalf("pressing %q: %v", k, err)
	}
}
