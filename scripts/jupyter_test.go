package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeJupyter makes a jupyter command on a PATH of its own whose Python
// sees only the packages given (name version, as pip names them): a real
// Python, started without its site-packages, with a folder of stand-in
// .dist-info entries on its path. It returns the PATH.
func fakeJupyter(t *testing.T, packages map[string]string) string {
	t.Helper()
	python3, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	bin, site := t.TempDir(), t.TempDir()
	for name, version := range packages {
		info := filepath.Join(site, name+"-"+version+".dist-info")
		if err := os.Mkdir(info, 0o755); err != nil {
			t.Fatal(err)
		}
		meta := "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n"
		if err := os.WriteFile(filepath.Join(info, "METADATA"), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	python := filepath.Join(bin, "python")
	scripts := map[string]string{
		python:                        "#!/bin/sh\nPYTHONPATH=" + site + " exec " + python3 + " -S \"$@\"\n",
		filepath.Join(bin, "jupyter"): "#!/bin/sh\n[ \"$1\" = troubleshoot ] && printf 'sys.executable:\\n\\t%s\\n' " + python + "\n",
	}
	for path, body := range scripts {
		if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return bin + string(os.PathListSeparator) + os.Getenv("PATH")
}

// The jupyter on PATH is used when it is recent enough, and refused, saying
// what it lacks and what to do, when it is not.
func TestJupyterOnPath(t *testing.T) {
	debian := map[string]string{"jupyter_server": "1.23.4", "notebook": "6.4.12", "nbconvert": "6.5.3", "jupyter_client": "7.4.9"}
	lab := map[string]string{"jupyter_server": "2.21.1", "jupyterlab": "4.6.6", "nbconvert": "7.17.2", "jupyter_client": "8.10.0"}
	notebook7 := map[string]string{"jupyter_server": "2.0.0", "notebook": "7.0.0", "nbconvert": "7.0.0"}
	all := map[string]string{"notebook": "7.6.5", "jupyter_console": "6.6.3", "jupyter_kernel_test": "0.7.0"}
	for k, v := range lab {
		all[k] = v
	}
	tests := []struct {
		name     string
		packages map[string]string
		need     string
		ok       bool
		out      []string // in the output, if refused
	}{
		{"Debian bookworm's", debian, "tutorial", false, []string{"jupyter_server is 1.23.4 (littlegrad needs jupyter_server 2 or newer)",
			"nbconvert is 6.5.3", "neither JupyterLab 4 nor Notebook 7", "Notebook is 6.4.12", "LITTLEGRAD_JUPYTER=venv"}},
		{"JupyterLab", lab, "tutorial", true, nil},
		{"Notebook 7 alone", notebook7, "tutorial", true, nil},
		{"JupyterLab, for the tests", lab, "test", false, []string{"Notebook is not installed", "jupyter-console is not installed",
			"jupyter_kernel_test is not installed (littlegrad needs jupyter_kernel_test)"}},
		{"everything, for the tests", all, "test", true, nil},
		{"nothing", map[string]string{}, "tutorial", false, []string{"nbconvert is not installed"}},
	}
	for _, tt := range tests {
		path := fakeJupyter(t, tt.packages)
		cmd := exec.Command("bash", "jupyter.sh", tt.need)
		cmd.Env = append(os.Environ(), "PATH="+path, "LITTLEGRAD_JUPYTER=")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		dir := strings.TrimSpace(stdout.String())
		if tt.ok {
			if err != nil || dir != strings.Split(path, string(os.PathListSeparator))[0] {
				t.Errorf("%s: %v, printed %q; want the fake jupyter's folder\n%s", tt.name, err, dir, stderr.String())
			}
			continue
		}
		if err == nil || dir != "" {
			t.Errorf("%s: succeeded, printing %q; want a refusal", tt.name, dir)
		}
		for _, want := range tt.out {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("%s: the refusal lacks %q:\n%s", tt.name, want, stderr.String())
			}
		}
	}
}
