package tests

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The browser tests look at the notebooks as users see them, in Debian's
// Chromium driven over the DevTools protocol: in JupyterLab and Notebook 7
// (frontends_test.go), and as the nbconvert HTML exports opened from disk.
// They save a screenshot of every page in artifactDir(t, "browser").

const chromium = "/usr/bin/chromium"

// newBrowser starts a headless Chromium for the test, stopped at its end.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("%s is missing: apt-get install chromium (./test.sh does)", chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		cancel()
		cancelAlloc()
		t.Fatalf("starting Chromium: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return ctx
}

// page is one browser tab, with the console errors it logged.
type page struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
	// state, if set, says what a failing test should show of the page.
	state func(*testing.T, *page) string
	// known is a console error the page's application logs by itself,
	// which consoleErrors leaves out (see notebook7Error), or "".
	known string
}

// openPage opens url in a new tab of browser, recording console errors.
func openPage(t *testing.T, browser context.Context, url string) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	p := &page{ctx: ctx}
	if err := chromedp.Do(ctx); err != nil { // create the tab
		t.Fatal(err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == "error" || m.Type == chromedp.ConsoleException {
				p.mu.Lock()
				p.errors = append(p.errors, fmt.Sprintf("%s: %s", m.Type, m.Text))
				p.mu.Unlock()
			}
		}
	}()
	tctx, tcancel := context.WithTimeout(ctx, time.Minute)
	defer tcancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	return p
}

// eval runs JavaScript in the page and returns its value, once settled if
// it is a promise.
func eval[T any](t *testing.T, p *page, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", js, err)
	}
	return v
}

// click clicks, as a user's mouse would, the centre of the first element
// matching the CSS selector sel that is shown and not covered by another,
// waiting up to 30 s for one; what names it in the test's failure. It finds
// the element from the page's own DOM each time: chromedp.Click waits on
// chromedp's copy of the DOM, which a page that re-renders (JupyterLab's
// toolbar moves its buttons as the kernel's status changes) can leave
// without the node, and then waits in vain.
func click(t *testing.T, p *page, what, sel string) {
	t.Helper()
	clickText(t, p, what, sel, "")
}

// clickText is click for the first element matching sel whose text is
// text, or any if text is "".
func clickText(t *testing.T, p *page, what, sel, text string) {
	t.Helper()
	js := fmt.Sprintf(`(() => {
		let why = 'no element matches';
		for (const e of document.querySelectorAll(%q)) {
			if (%q && e.textContent.trim() !== %q) continue;
			if (!e.offsetWidth && !e.offsetHeight) {
				why = 'it is not shown (no size)';
				continue;
			}
			e.scrollIntoView({block: 'nearest', inline: 'nearest'});
			const r = e.getBoundingClientRect();
			const x = r.left + r.width / 2, y = r.top + r.height / 2;
			const top = document.elementFromPoint(x, y);
			if (top && (top === e || e.contains(top))) {
				return {x, y, why: ''};
			}
			why = 'it is covered by ' + (top ? top.outerHTML.slice(0, 200) : 'nothing (off the window)');
		}
		return {x: 0, y: 0, why};
	})()`, sel, text, text)
	type target struct {
		X, Y float64
		Why  string
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		at := eval[target](t, p, js)
		if at.Why == "" {
			ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
			defer cancel()
			// The pointer moves there first, as a mouse does: menus
			// (Lumino's) act on the item the pointer is over.
			if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, at.X, at.Y), chromedp.MouseClickXY(at.X, at.Y)); err != nil {
				t.Fatalf("clicking %s: %v", what, err)
			}
			return
		}
		if time.Now().After(deadline) {
			screenshot(t, p, "click-failed")
			t.Fatalf("clicking %s (%s): after 30 s, %s%s", what, sel, at.Why, p.more(t))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// more returns what p.state says, on a line of its own, for a failure's
// message, or "".
func (p *page) more(t *testing.T) string {
	if p.state == nil {
		return ""
	}
	return "\n" + p.state(t, p)
}

// waitFor polls the JavaScript condition until it holds.
func waitFor(t *testing.T, p *page, what, cond string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !eval[bool](t, p, "!!("+cond+")") {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s%s", timeout, what, p.more(t))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func (p *page) consoleErrors() []string {
	time.Sleep(300 * time.Millisecond) // let the last events arrive
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []string
	for _, e := range p.errors {
		if p.known == "" || e != p.known {
			errs = append(errs, e)
		}
	}
	return errs
}

// screenshot saves a PNG of the whole page. Jupyter Notebook scrolls the
// notebook inside #site, not the page, so that is unrolled first.
func screenshot(t *testing.T, p *page, name string) {
	t.Helper()
	// A style sheet with !important, rather than inline styles: Jupyter
	// sets #site's height again whenever the window resizes, which taking
	// the screenshot does.
	eval[bool](t, p, `(() => {
		const css = document.createElement('style');
		css.textContent = '#site { height: auto !important; overflow: visible !important; } ' +
			'html, body { overflow: visible !important; height: auto !important; }';
		document.head.appendChild(css);
		return true;
	})()`)
	size := eval[[]float64](t, p, `[document.documentElement.scrollWidth, document.documentElement.scrollHeight]`)
	capture(t, p, name, size[0], size[1])
}

// capture saves a PNG of the page's top left width by height CSS pixels,
// beyond the window if need be, in artifactDir(t, "browser").
func capture(t *testing.T, p *page, name string, width, height float64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	beyond := true
	shot, err := chromedp.Call(ctx, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
		Format:                cdppage.CaptureScreenshotFormatPng,
		CaptureBeyondViewport: &beyond,
		Clip:                  &cdppage.Viewport{Width: width, Height: height, Scale: 1},
	})
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	png := shot.Data
	path := filepath.Join(artifactDir(t, "browser"), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("screenshot: %s", path)
}

// drawingsJS returns, for every SVG <img> under the elements matching
// scope, whether it has loaded and is laid out with a non-zero size, and
// what is wrong with its size (sizeJS). Images in closed <details> (the
// steps of a backward widget that scripts did not turn into a player) are
// left out, being hidden on purpose.
const drawingsJS = `Array.from(document.querySelectorAll(SCOPE + ' img[src^="data:image/svg+xml"]'))
	.filter(img => !img.closest('details:not([open])') && getComputedStyle(img.closest('.lg-frame') || img).display !== 'none')
	.map(img => { const r = img.getBoundingClientRect(), shown = img.complete && img.naturalWidth > 0 && r.width > 0 && r.height > 0;
		return {shown: shown, size: shown ? (` + sizeJS + `)(img) : ''}; })`

// sizeJS is a JavaScript function that returns what is wrong with the size
// of a drawing that display's notebook.Image made (an <img> in a box that
// scrolls sideways), or "". Its smallest text (read from the SVG's font
// sizes and viewBox) is not drawn less than 9.5 px high (notebook.MinTextPx
// is 10; the half pixel is rounding); when it is wider than its box, the box
// scrolls. Where the box kept display's styles (its overflow-x), the drawing
// is not drawn smaller than it need be to fit, and the box shows its right
// end, where a graph's root is. Where a sanitizer dropped them (Notebook 6,
// untrusted), the box is the nearest one that scrolls, the output area,
// which starts at the left. Other drawings (the training player's, which
// lays frames over its <img>) are not checked.
const sizeJS = `img => {
	const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
	const own = scrolls(img.parentElement);
	if (!own && !img.classList.contains('unconfined')) return '';
	let box = img.parentElement;
	while (box.parentElement && !scrolls(box)) box = box.parentElement;
	const svg = atob(img.src.slice(img.src.indexOf(',') + 1));
	const tag = (svg.match(/<svg\b[^>]*>/) || [''])[0];
	const vb = (tag.match(/\sviewBox="([^"]*)"/) || [])[1];
	const units = vb ? +vb.trim().split(/[\s,]+/)[2] : img.naturalWidth;
	const sizes = Array.from(svg.matchAll(/font-size(?:="|:\s*)([0-9.]+)/g), m => +m[1]).filter(v => v > 0);
	const r = img.getBoundingClientRect(), b = box.getBoundingClientRect();
	const what = (img.alt || 'drawing') + ' (' + img.naturalWidth + ' px wide, shown ' + Math.round(r.width) + ' px wide in a box of ' +
		box.clientWidth + ' px' + (own ? '' : ' that lost its styles') + ')';
	if (sizes.length > 0) {
		const least = Math.min(...sizes), text = least * r.width / units, natural = least * img.naturalWidth / units;
		if (text < Math.min(9.5, natural - 0.5)) return what + ': its smallest text is ' + text.toFixed(1) + ' px high';
	}
	if (r.width > img.naturalWidth + 1) return what + ': drawn larger than its natural size';
	if (r.width > box.clientWidth + 1) {
		if (box.scrollWidth <= box.clientWidth + 1) return what + ': wider than its box, which does not scroll';
		if (own && Math.abs(r.right - (b.left + box.clientLeft + box.clientWidth)) > 2) return what + ': its right end (a graph\'s root) is out of view';
	} else if (own && r.width < Math.min(img.naturalWidth, box.clientWidth) - 2) return what + ': smaller than it need be to fit';
	return '';
}`

// drawingState is what drawingsJS says of one drawing.
type drawingState struct {
	Shown bool   `json:"shown"`
	Size  string `json:"size"`
}

// visibleDrawings counts the shown SVG drawings under scope, failing the
// test for any that is not visible, or whose size is wrong (sizeJS).
func visibleDrawings(t *testing.T, p *page, scope string) int {
	t.Helper()
	shown := eval[[]drawingState](t, p, strings.Replace(drawingsJS, "SCOPE", "'"+scope+"'", 1))
	for i, d := range shown {
		switch {
		case !d.Shown:
			t.Errorf("drawing %d under %s is not visible (not loaded, or zero size)", i, scope)
		case d.Size != "":
			t.Errorf("drawing %d under %s: %s", i, scope, d.Size)
		}
	}
	return len(shown)
}

// storedDrawings counts the outputs of a notebook that hold a drawing.
func storedDrawings(t *testing.T, path string) int {
	n := 0
	for _, c := range readNotebook(t, path).Cells {
		for _, o := range c.Outputs {
			if svgImage.MatchString(string(o.Data["text/html"])) {
				n++
			}
		}
	}
	return n
}

// TestBrowserExportedHTML opens the nbconvert HTML export of every notebook
// from disk, with no Jupyter running, and checks that the drawings render and
// that the step-by-step backward widget of part 3 moves.
func TestBrowserExportedHTML(t *testing.T) {
	dir := t.TempDir()
	for _, path := range notebookPaths(t) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		out, err := nbconvert(ctx, "--to", "html", "--TemplateExporter.extra_template_basedirs="+filepath.Join(root, "notebooks", "template"),
			"--template", "littlegrad", "--output-dir", dir, path)
		cancel()
		if err != nil {
			t.Fatalf("nbconvert --to html %s: %v\n%s", path, err, out)
		}
	}
	browser := newBrowser(t)
	for _, path := range notebookPaths(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".ipynb")
		t.Run(name, func(t *testing.T) {
			html := filepath.Join(dir, name+".html")
			data, err := os.ReadFile(html)
			if err != nil {
				t.Fatal(err)
			}
			if s := string(data); strings.Contains(s, `<script src=`) || strings.Contains(s, `<link rel="stylesheet" href=`) {
				t.Errorf("%s loads scripts or styles from elsewhere; the export must be self-contained", name)
			}
			p := openPage(t, browser, "file://"+html)
			waitFor(t, p, "the drawings to load", `document.readyState === 'complete' && Array.from(document.querySelectorAll('img[src^="data:image/svg+xml"]')).every(i => i.complete)`, 30*time.Second)
			want := storedDrawings(t, path)
			if got := visibleDrawings(t, p, "body"); got < want {
				t.Errorf("%d drawings show, want %d", got, want)
			}
			if n := eval[int](t, p, `document.querySelectorAll('.lg-backward').length`); n > 0 {
				checkWidget(t, p)
			} else if strings.Contains(name, "part3") {
				t.Errorf("part 3 has no step-by-step backward widget")
			}
			if paths := machinePath.FindAllString(string(data), -1); len(paths) > 0 {
				t.Errorf("the export names paths of the machine that made it: %q", paths)
			}
			checkSolutionsFold(t, p, path, name)
			screenshot(t, p, name+"-export")
			if errs := p.consoleErrors(); len(errs) > 0 {
				t.Errorf("the browser console shows errors:\n%s", strings.Join(errs, "\n"))
			}
		})
	}
}

// checkWidget moves the first backward widget of the page with its slider,
// its buttons and its play button, checking each time that the highlighted
// step changes.
func checkWidget(t *testing.T, p *page) {
	t.Helper()
	const w = `document.querySelector('.lg-backward')`
	waitFor(t, p, "the widget's controls", w+`.querySelector('.lg-controls')`, 10*time.Second)
	state := func() string {
		return eval[string](t, p, w+`.getAttribute('data-step') + ' ' + `+w+`.getAttribute('data-node') + ' ' + `+w+`.querySelector('.lg-caption').textContent`)
	}
	steps := eval[int](t, p, `+`+w+`.getAttribute('data-steps')`)
	if steps < 3 {
		t.Fatalf("the widget has %d steps", steps)
	}
	start := state()
	if !strings.HasPrefix(start, "0 ") {
		t.Errorf("the widget starts at %q, want step 0", start)
	}
	click(t, p, "the widget's next button", ".lg-backward .lg-next")
	afterNext := state()
	if !strings.HasPrefix(afterNext, "1 ") || afterNext == start {
		t.Errorf("after next: %q, want step 1 with another node and caption than %q", afterNext, start)
	}
	last := steps - 1
	eval[bool](t, p, fmt.Sprintf(`(s => { s.value = %d; s.dispatchEvent(new Event('input')); return true })(%s.querySelector('.lg-slider'))`, last, w))
	if got := state(); !strings.HasPrefix(got, fmt.Sprintf("%d ", last)) || got == afterNext {
		t.Errorf("after moving the slider to %d: %q", last, got)
	}
	click(t, p, "the widget's play button", ".lg-backward .lg-play")
	// Play starts again from step 0 and advances once a second.
	waitFor(t, p, "play to advance past step 1", `+`+w+`.getAttribute('data-step') >= 2`, 10*time.Second)
	shown := eval[int](t, p, w+`.querySelectorAll('.lg-frame:not([style*="display: none"]) img').length`)
	if shown != 1 {
		t.Errorf("the widget shows %d frames at once, want 1", shown)
	}
}

// machinePath matches an absolute path into the folders where a machine
// keeps users, programs and scratch files (notebooks/tidy keeps them out
// of the notebooks; it has the same pattern, and tests it).
var machinePath = regexp.MustCompile(`(?:^|[\s"'=(:\[/])/(?:root|home|Users|tmp|var|usr|opt|srv|mnt|private|nix|work|builds|runner)/[^\s"'<>)\]\\]*`)

// checkSolutionsFold checks that each cell tagged "solution" of the
// notebook at path shows in the export as a closed <details>, its code out
// of sight, and that a click on its summary shows the code.
func checkSolutionsFold(t *testing.T, p *page, path, name string) {
	t.Helper()
	want := 0
	for _, c := range readNotebook(t, path).Cells {
		if c.tagged("solution") {
			want++
		}
	}
	const folded = `Array.from(document.querySelectorAll('details.lg-solution')).map(d => !d.open && !d.querySelector('.jp-InputArea').checkVisibility())`
	state := eval[[]bool](t, p, folded)
	if len(state) != want {
		t.Fatalf("the export has %d folded answers, want %d, one per cell tagged solution", len(state), want)
	}
	for i, ok := range state {
		if !ok {
			t.Errorf("answer %d is open, or its code shows, before any click", i)
		}
	}
	if want == 0 {
		return
	}
	// A click on the summary, as the page receives it from the mouse.
	eval[bool](t, p, `(s => (s.scrollIntoView(), s.dispatchEvent(new MouseEvent('click', {bubbles: true})), true))(document.querySelector('details.lg-solution > summary'))`)
	shown := eval[float64](t, p, `(a => a.checkVisibility() ? a.getBoundingClientRect().height : 0)(document.querySelector('details.lg-solution .jp-InputArea'))`)
	if shown < 20 {
		t.Errorf("after a click on its summary, the first answer's code is %v pixels high", shown)
	}
	screenshot(t, p, name+"-export-answer-open")
	eval[bool](t, p, `(document.querySelector('details.lg-solution').open = false, true)`)
}
