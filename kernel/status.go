package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
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
	if err == nil && len(spec.Argv) == 0 {
		err = errors.New("no argv")
	}
	detail := filepath.Join(loc.kernelDir, "kernel.json")
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		detail += ": " + err.Error()
	}
	report(err == nil, "kernelspec", detail, "run: go run ./kernel install")
	install := "run: go run ./kernel install"
	if err == nil {
		report(isExecutable(spec.Argv[0]), "kernel", spec.Argv[0], install)
		gonb := ""
		if i := slices.Index(spec.Argv, "--"); i >= 0 && i+1 < len(spec.Argv) {
			gonb = spec.Argv[i+1]
		}
		report(isExecutable(gonb), "gonb", gonb, install)
		goWork := ""
		for _, a := range spec.Argv {
			if v, ok := strings.CutPrefix(a, "--go_work="); ok {
				goWork = v
			}
		}
		report(goWork == loc.root, "notebooks import from", goWork,
			"the kernel points at another checkout; run go run ./kernel install from this one")
	}
	for _, tool := range []string{"go", "goimports", path.Base(renderPkg)} {
		report(isExecutable(filepath.Join(loc.binDir, tool)), tool, filepath.Join(loc.binDir, tool), install)
	}
	if gopls := filepath.Join(loc.binDir, "gopls"); isExecutable(gopls) && isExecutable(filepath.Join(loc.binDir, "gopls.d", "gopls")) {
		fmt.Fprintf(out, "ok       %-22s %s\n", "gopls", gopls)
	} else {
		fmt.Fprintf(out, "-        %-22s not built (installed with -no-gopls): no completion or help in notebooks\n", "gopls")
	}
	cache := filepath.Join(loc.tmpDir, "go-graphviz")
	entries, _ := os.ReadDir(cache)
	report(len(entries) > 0, "graphviz cache", cache, "run: go run ./kernel install (without -no-warm)")

	jupyter, err := exec.LookPath("jupyter")
	report(err == nil, "jupyter", jupyter, getJupyter)
	if err == nil {
		where, err := kernelspecSeenBy(jupyter)
		if err != nil {
			where = err.Error()
		}
		report(where == loc.kernelDir, "jupyter sees kernel", where,
			"this Jupyter does not load the kernel from "+loc.kernelDir+"; install without -prefix, or add "+
				filepath.Dir(filepath.Dir(loc.kernelDir))+" to JUPYTER_PATH")
		nbconvert := exec.Command(jupyter, "nbconvert", "--version").Run() == nil
		report(nbconvert, "nbconvert", "jupyter nbconvert", getJupyter)
	}
	fmt.Fprintf(out, "         %-22s %s\n", "kernel log", loc.logFile())
	if len(missing) > 0 {
		return fmt.Errorf("missing:\n  %s", strings.Join(missing, "\n  "))
	}
	return nil
}

// kernelspecSeenBy returns the folder jupyter would load the littlegrad
// kernel from: the first of its data dirs (`jupyter --paths`, in the order
// Jupyter searches them) that holds kernels/littlegrad/kernel.json.
func kernelspecSeenBy(jupyter string) (string, error) {
	out, err := exec.Command(jupyter, "--paths", "--json").Output()
	if err != nil {
		return "", fmt.Errorf("%s --paths --json: %v", jupyter, err)
	}
	var paths struct{ Data []string }
	if err := json.Unmarshal(out, &paths); err != nil {
		return "", fmt.Errorf("%s --paths --json: %v", jupyter, err)
	}
	for _, dir := range paths.Data {
		kernel := filepath.Join(dir, "kernels", kernelName)
		if _, err := os.Stat(filepath.Join(kernel, "kernel.json")); err == nil {
			return kernel, nil
		}
	}
	return "", fmt.Errorf("no %s kernel in Jupyter's data dirs (%s)", kernelName, strings.Join(paths.Data, ", "))
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}
