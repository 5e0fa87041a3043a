package tests

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// suitePython returns the Python that the jupyter on PATH runs on, which
// must have Jupyter's kernel test suite (scripts/jupyter.sh checks it has).
func suitePython(t *testing.T) string {
	out, err := exec.Command("jupyter", "troubleshoot").Output()
	if err != nil {
		t.Fatalf("jupyter troubleshoot: %v", err)
	}
	_, after, _ := strings.Cut(string(out), "sys.executable:\n")
	python := strings.TrimSpace(firstLine(after))
	if python == "" || exec.Command(python, "-c", "import jupyter_kernel_test").Run() != nil {
		t.Fatalf("the Python of the jupyter on PATH (%q) lacks jupyter_kernel_test: run the tests with ./test.sh, "+
			"which installs it (scripts/jupyter.sh)", python)
	}
	return python
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
