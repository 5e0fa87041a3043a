package tests

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// suitePython returns a Python that has Jupyter's kernel test suite:
// Debian's (python3-jupyter-kernel-test), else the one on PATH.
func suitePython(t *testing.T) string {
	for _, python := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(python, "-c", "import jupyter_kernel_test").Run() == nil {
			return python
		}
	}
	t.Fatal("no Python with jupyter_kernel_test: install Debian's python3-jupyter-kernel-test (scripts/deps.sh test does)")
	return ""
}

// TestJupyterKernelTestSuite runs Jupyter's own kernel test suite
// (testdata/jupyter_kernel_test_littlegrad.py) against the installed kernel.
func TestJupyterKernelTestSuite(t *testing.T) {
	python := suitePython(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-m", "unittest", "-v", "jupyter_kernel_test_littlegrad")
	cmd.Dir = filepath.Join(root, "tests", "testdata")
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+dataDir, "JUPYTER_DATA_DIR="+dataDir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the kernel test suite failed: %v\n%s", err, out)
	}
	// Each test the samples enable ran and passed (a test without samples
	// is skipped, which unittest counts as a pass).
	for _, name := range []string{"test_kernel_info", "test_execute_stdout", "test_execute_stderr",
		"test_display_data", "test_completion", "test_inspect", "test_is_complete"} {
		if !regexp.MustCompile(`(?m)^` + name + ` \(.*\) \.\.\. ok$`).Match(out) {
			t.Errorf("%s did not pass:\n%s", name, out)
		}
	}
}
