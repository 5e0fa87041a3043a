package display_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestKernelCellsLinkLittle checks what makes a drawing cell quick to
// build (ARCHITECTURE.md, "Processes at run time"): built as the kernel
// builds cells, display and display/plot link neither graphviz (the
// kernel's renderer draws) nor gonbui (displays go in band).
func TestKernelCellsLinkLittle(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-tags=littlegrad_kernel", ".", "./plot").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/goccy/go-graphviz") || strings.HasPrefix(pkg, "github.com/janpfeifer/gonb") {
			t.Errorf("cells of the kernel link %s", pkg)
		}
	}
}
