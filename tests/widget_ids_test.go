package tests

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// A widget's HTML is the same, id included, each time a program makes it,
// so a notebook run twice has the same outputs; and two identical widgets
// on one page each get a player of their own, though they share their id.
func TestWidgetIDs(t *testing.T) {
	var pages [2][]byte
	for i := range pages {
		dir := t.TempDir()
		cmd := exec.Command("go", "run", "./cmd/littlegrad", "draw", "-out", dir)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("littlegrad draw: %v\n%s", err, out)
		}
		data, err := os.ReadFile(filepath.Join(dir, "neuron-steps.html"))
		if err != nil {
			t.Fatal(err)
		}
		pages[i] = data
	}
	if !bytes.Equal(pages[0], pages[1]) {
		t.Fatal("two programs made the step-by-step widget of one graph differently")
	}
	widget := regexp.MustCompile(`(?s)<div class="lg-backward".*</div>`).Find(pages[0])
	if widget == nil {
		t.Fatalf("no widget in %.300s", pages[0])
	}
	page := filepath.Join(t.TempDir(), "twins.html")
	html := "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n" +
		string(widget) + "\n" + string(widget) + "\n</body></html>\n"
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	p := openPage(t, newBrowser(t), "file://"+page)
	const widgets = `Array.from(document.querySelectorAll('.lg-backward'))`
	waitFor(t, p, "both widgets to get a player",
		widgets+`.every(w => w.getAttribute('data-ready') && w.querySelectorAll('.lg-controls').length === 1)`, 10*time.Second)
	// Each player moves its own widget.
	eval[bool](t, p, widgets+`[1].querySelector('.lg-next').click() || true`)
	steps := eval[[]string](t, p, widgets+`.map(w => w.getAttribute('data-step'))`)
	if len(steps) != 2 || steps[0] != "0" || steps[1] != "1" {
		t.Errorf("after a click on the second widget's next-step button, the widgets show steps %q, want [0 1]", steps)
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("the browser console shows errors: %q", errs)
	}
}
