package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/kernel/internal/offline"
)

func TestProvider(t *testing.T) {
	mods := []offline.Module{
		{Path: "gonum.org/v1/plot", Version: "v0.17.0"},
		{Path: "gonum.org/v1/gonum", Version: "v0.16.0"},
		{Path: "github.com/janpfeifer/gonb", Version: "v0.11.4"},
		{Path: "github.com/littlegrad/littlegrad", Main: true},
	}
	tests := []struct {
		pkg, want string
	}{
		{"gonum.org/v1/plot/vg", "gonum.org/v1/plot"},
		{"gonum.org/v1/plot", "gonum.org/v1/plot"},
		{"gonum.org/v1/gonum/floats", "gonum.org/v1/gonum"},
		{"github.com/janpfeifer/gonb/gonbui", "github.com/janpfeifer/gonb"},
		{"github.com/janpfeifer/gonbx", ""},
		{"rsc.io/quote", ""},
	}
	for _, tt := range tests {
		m, ok := provider(mods, tt.pkg)
		if ok != (tt.want != "") || m.Path != tt.want {
			t.Errorf("provider(%q) = %q, %v; want %q", tt.pkg, m.Path, ok, tt.want)
		}
	}
	for pkg, std := range map[string]bool{"fmt": true, "net/http": true, "C": true, "gonum.org/v1/plot": false} {
		if standard(pkg) != std {
			t.Errorf("standard(%q) = %v", pkg, !std)
		}
	}
}

func TestIsCellGet(t *testing.T) {
	t.Chdir(t.TempDir())
	if isCellGet([]string{"get"}) {
		t.Error("go get outside a cell's module taken for GoNB's")
	}
	os.WriteFile("go.mod", []byte("module gonb_x\n"), 0o644)
	os.WriteFile("go.work", []byte("go 1.26\n"), 0o644)
	for args, want := range map[string]bool{"get": true, "get -t": true, "get -u": false, "get rsc.io/quote": false,
		"build": false, "get -t -u": false} {
		if got := isCellGet(strings.Fields(args)); got != want {
			t.Errorf("isCellGet(%q) = %v", args, got)
		}
	}
}

// In a cell's module offline, go get adds what the checkout's graph has,
// is skipped when nothing changed, and fails for what it lacks. The module
// cache holds first what `go run ./kernel install` puts there (which needs
// the network if it does not hold it yet).
func TestCellGetOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	checkout, _ := filepath.Abs("../..")
	online := offline.Go{Path: goCmd}
	if _, err := offline.Prepare(online, checkout, t.TempDir()); err != nil {
		t.Fatalf("preparing the module cache as kernel install does: %v", err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("GOPROXY", "off")
	if err := offline.NewCell(online.Offline(), dir, checkout); err != nil {
		t.Fatal(err)
	}
	cell := func(imports ...string) {
		t.Helper()
		src := "package main\n\nimport (\n"
		for _, p := range imports {
			src += "\t_ " + `"` + p + `"` + "\n"
		}
		if err := os.WriteFile("main.go", []byte(src+")\n\nfunc main() {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// gonum is in the checkout's graph (through gonum/plot) but not a
	// requirement of the checkout's go.mod: a plain go get fails on it.
	// x/net requires a newer x/text than the checkout's graph selects, and
	// its package idna imports x/text: a cell's workspace then needs that
	// x/text, whose go.mod and files a build in the checkout never reads.
	cell("gonum.org/v1/gonum/floats", "github.com/janpfeifer/gonb/gonbui", "golang.org/x/net/idna")
	var stderr strings.Builder
	if code := cellGet(goCmd, []string{"get"}, &stderr); code != 0 {
		t.Fatalf("go get of packages in the checkout's graph, offline: exit %d\n%s", code, stderr.String())
	}
	if mod, _ := os.ReadFile("go.mod"); !strings.Contains(string(mod), "gonum.org/v1/gonum v") {
		t.Errorf("go.mod does not require gonum:\n%s", mod)
	}
	if out, err := exec.Command(goCmd, "build", "-o", os.DevNull, ".").CombinedOutput(); err != nil {
		t.Errorf("the cell does not build offline: %v\n%s", err, out)
	}
	// Nothing changed: no go command runs at all.
	if code := cellGet(filepath.Join(dir, "no-such-go"), []string{"get"}, &stderr); code != 0 {
		t.Errorf("go get with nothing changed ran the go command")
	}
	// A new import that needs a download.
	cell("rsc.io/quote")
	stderr.Reset()
	if code := cellGet(goCmd, []string{"get"}, &stderr); code == 0 {
		t.Errorf("go get of rsc.io/quote offline succeeded")
	}
	if msg := stderr.String(); !strings.Contains(msg, "not in the module graph of "+checkout) ||
		!strings.Contains(msg, "\trsc.io/quote\n") || !strings.Contains(msg, "GOPROXY=off") {
		t.Errorf("go get of rsc.io/quote offline says:\n%s", msg)
	}

	// With a module cache that lacks the graph (emptied, or another one),
	// the cell cannot tell what needs a download: the error says to
	// install again.
	t.Setenv("GOMODCACHE", t.TempDir())
	cell("gonum.org/v1/gonum/floats")
	stderr.Reset()
	if code := cellGet(goCmd, []string{"get"}, &stderr); code == 0 {
		t.Errorf("go get with an empty module cache succeeded offline")
	}
	if msg := stderr.String(); !strings.Contains(msg, "the module cache lacks part of the checkout's module graph") ||
		!strings.Contains(msg, "go run ./kernel install` in "+checkout) || strings.Contains(msg, "not in the module graph") {
		t.Errorf("go get with an empty module cache says:\n%s", msg)
	}
}
