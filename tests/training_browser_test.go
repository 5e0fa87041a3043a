package tests

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The browser tests of the widgets and drawings that display and
// display/plot make, in the forms users meet them: pages that the library
// writes, a notebook opened untrusted and trusted in Jupyter Notebook, and
// its nbconvert HTML export. They reuse browser_test.go's helpers, and save
// their screenshots in artifactDir(t, "browser") too.

// littlegrad runs the command go run ./cmd/littlegrad with args in the
// checkout, writing its files into a new folder, which it returns.
func littlegrad(t *testing.T, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"run", "./cmd/littlegrad"}, append(args, "-out", dir)...)...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./cmd/littlegrad %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return dir
}

// TestBrowserBackwardPage opens the page that display.WriteBackwardHTML
// writes, made by this checkout's code, and plays its widget.
func TestBrowserBackwardPage(t *testing.T) {
	dir := littlegrad(t, "draw")
	browser := newBrowser(t)
	p := openPage(t, browser, "file://"+filepath.Join(dir, "neuron-steps.html"))
	waitFor(t, p, "the drawings to load", `document.readyState === 'complete' && Array.from(document.querySelectorAll('img')).every(i => i.complete)`, 30*time.Second)
	checkWidget(t, p)
	if got := visibleDrawings(t, p, "body"); got != 1 {
		t.Errorf("%d drawings show, want the one of the step shown", got)
	}
	screenshot(t, p, "backward-page")
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("the browser console shows errors:\n%s", strings.Join(errs, "\n"))
	}
}
