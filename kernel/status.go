package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// status reports what is installed, and returns an error listing what is
// missing for the kernel to work.
func status(loc location, out io.Writer) error {
	var missing []string
	report := func(ok bool, what, detail, fix string) {
		mark := "ok     "
		if !ok {
			mark = "MISSING"
			missing = append(missing, what+" ("+fix+")")
		}
		fmt.Fprintf(out, "%s  %-22s %s\n", mark, what, detail)
	}
	fmt.Fprintf(out, "checkout               %s\n", loc.root)

	spec, err := readSpec(loc)
	report(err == nil, "kernelspec", filepath.Join(loc.kernelDir, "kernel.json"), "run: go run ./kernel install")
	if err == nil {
		gonb := spec.Argv[0]
		report(isExecutable(gonb), "gonb", gonb, "run: go run ./kernel install")
		goWork := ""
		for _, a := range spec.Argv {
			if v, ok := strings.CutPrefix(a, "--go_work="); ok {
				goWork = v
			}
		}
		report(goWork == loc.root, "notebooks import from", goWork,
			"the kernel points at another checkout; run go run ./kernel install from this one")
	}
	report(isExecutable(filepath.Join(loc.binDir, "goimports")), "goimports", filepath.Join(loc.binDir, "goimports"),
		"run: go run ./kernel install")
	if gopls := filepath.Join(loc.binDir, "gopls"); isExecutable(gopls) {
		fmt.Fprintf(out, "ok       %-22s %s\n", "gopls", gopls)
	} else {
		fmt.Fprintf(out, "-        %-22s not built (optional, for autocompletion: go run ./kernel install -gopls)\n", "gopls")
	}
	cache := filepath.Join(loc.tmpDir, "go-graphviz")
	entries, _ := os.ReadDir(cache)
	report(len(entries) > 0, "graphviz cache", cache, "run: go run ./kernel install (without -no-warm)")

	jupyter, err := exec.LookPath("jupyter")
	report(err == nil, "jupyter", jupyter,
		"on Debian: sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient")
	if err == nil {
		where, err := kernelspecSeenBy(jupyter)
		report(err == nil && where == loc.kernelDir, "jupyter sees kernel", where,
			"Jupyter does not look in "+filepath.Dir(loc.kernelDir)+"; set JUPYTER_DATA_DIR or JUPYTER_PATH, or install without -prefix")
		nbconvert := exec.Command(jupyter, "nbconvert", "--version").Run() == nil
		report(nbconvert, "nbconvert", "jupyter nbconvert", "on Debian: sudo apt-get install jupyter-nbconvert python3-nbclient")
	}
	fmt.Fprintf(out, "         %-22s %s\n", "kernel log", loc.logFile())
	if len(missing) > 0 {
		return fmt.Errorf("missing:\n  %s", strings.Join(missing, "\n  "))
	}
	return nil
}

// kernelspecSeenBy returns the folder Jupyter would load the littlegrad
// kernel from. It asks jupyter_client in the Python that runs the jupyter
// command (Debian's jupyter has no kernelspec subcommand without the
// jupyter-client package).
func kernelspecSeenBy(jupyter string) (string, error) {
	python := "python3"
	if data, err := os.ReadFile(jupyter); err == nil {
		if line, _, _ := strings.Cut(string(data), "\n"); strings.HasPrefix(line, "#!/") {
			python = strings.Fields(line[2:])[0]
		}
	}
	const script = `import json
from jupyter_client.kernelspec import KernelSpecManager
print(json.dumps(KernelSpecManager().find_kernel_specs()))`
	out, err := exec.Command(python, "-c", script).Output()
	if err != nil {
		return "", fmt.Errorf("%s cannot list kernelspecs: %v", python, err)
	}
	var dirs map[string]string
	if err := json.Unmarshal(out, &dirs); err != nil {
		return "", err
	}
	dir, ok := dirs[kernelName]
	if !ok {
		return "not among Jupyter's kernels", fmt.Errorf("not listed")
	}
	return dir, nil
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}
