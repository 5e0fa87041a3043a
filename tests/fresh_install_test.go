package tests

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/tests/internal/jupyter"
)

// On a new machine, Go's caches are empty: `go run ./kernel install`
// (with the network) must leave everything cells need offline. Installed
// with an empty module cache and build cache, the kernel runs, with
// GOPROXY=off, a drawing cell and a cell that imports gonum, which the
// checkout's module graph holds but the checkout does not require.
func TestFreshInstallOffline(t *testing.T) {
	tmp := t.TempDir()
	data := filepath.Join(tmp, "jupyter")
	modcache := filepath.Join(tmp, "gomodcache")
	env := append(os.Environ(), "JUPYTER_DATA_DIR="+data, "GOMODCACHE="+modcache,
		"GOCACHE="+filepath.Join(tmp, "gocache"))
	t.Cleanup(func() {
		// The module cache's files are read-only: the go command removes them.
		cmd := exec.Command("go", "clean", "-modcache")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go clean -modcache: %v\n%s", err, out)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, "go", "run", "./kernel", "install", "-no-gopls")
	install.Dir, install.Env = root, env
	out, err := install.CombinedOutput()
	if err != nil {
		t.Fatalf("install with empty Go caches: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "Note:") {
		t.Errorf("install:\n%s", out)
	}
	t.Logf("install with empty Go caches:\n%s", out)

	spec, err := jupyter.ReadSpec(filepath.Join(data, "kernels", "littlegrad"))
	if err != nil {
		t.Fatal(err)
	}
	if spec.Env["GOMODCACHE"] != modcache {
		t.Fatalf("the kernel's GOMODCACHE is %q, not the install's %q", spec.Env["GOMODCACHE"], modcache)
	}
	spec.Env["GOPROXY"] = "off"
	k := startSpec(t, spec, t.TempDir())

	r := execute(t, k, `import (
	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display"
)

%%
a := autograd.New(2).Named("a")
display.Show(a.Mul(a).Named("b"))`)
	if err := checkDrawings(r.HTML()); r.Status != "ok" || err != nil {
		t.Errorf("a drawing cell offline: status %s, %v; output %q %v", r.Status, err, r.Text(), r.Error())
	}
	r = execute(t, k, "import \"gonum.org/v1/gonum/floats\"\n\n%%\nfmt.Println(floats.Sum([]float64{1, 2, 3}))")
	if r.Status != "ok" || !strings.Contains(r.Text(), "6") {
		t.Errorf("a cell that imports gonum offline: status %s, output %q %v", r.Status, r.Text(), r.Error())
	}
}
