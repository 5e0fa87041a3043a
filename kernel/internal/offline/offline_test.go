package offline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A cell's module as GoNB makes it, offline: the workspace uses the cell
// and the checkout, and the cell's go.mod replaces the checkout's module
// with it. (TestCellGetOffline in package gocmd builds cells in such
// modules after Prepare.)
func TestNewCell(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	checkout, _ := filepath.Abs("../../..")
	dir := t.TempDir()
	t.Setenv("GOFLAGS", "")
	if err := NewCell(Go{}.Offline(), dir, checkout); err != nil {
		t.Fatal(err)
	}
	work, _ := os.ReadFile(filepath.Join(dir, "go.work"))
	mod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	for _, want := range []string{"\t.\n", "\t" + checkout + "\n"} {
		if !strings.Contains(string(work), want) {
			t.Errorf("go.work does not use %q:\n%s", strings.TrimSpace(want), work)
		}
	}
	if want := "replace github.com/littlegrad/littlegrad => " + checkout + "\n"; !strings.Contains(string(mod), want) {
		t.Errorf("go.mod lacks %q:\n%s", want, mod)
	}
	if err := NewCell(Go{}.Offline(), t.TempDir(), t.TempDir()); err == nil {
		t.Error("NewCell with a checkout that has no go.mod succeeded")
	}
}

// Offline, with an empty module cache, Prepare cannot load the graph, and
// says so.
func TestPrepareOfflineEmptyCache(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	checkout, _ := filepath.Abs("../../..")
	t.Setenv("GOMODCACHE", t.TempDir())
	_, err := Prepare(Go{}.Offline(), checkout, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "GOPROXY=off") {
		t.Errorf("Prepare offline with an empty module cache: %v", err)
	}
}
