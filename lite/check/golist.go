//go:build !js && !wasip1

package check

import (
	"fmt"
	"go/types"
	"io"
	"os"
	"os/exec"
	"strings"
)

// ExportFiles returns the export data files that `go list -export` builds
// for pkgs and every package they import, by import path, for the GOOS
// and GOARCH of env (nil: this machine's), run in dir.
func ExportFiles(dir string, env []string, pkgs ...string) (map[string]string, error) {
	cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}"}, pkgs...)...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %v", err)
	}
	files := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, f, ok := strings.Cut(l, "="); ok && f != "" {
			files[p] = f
		}
	}
	return files, nil
}

// GoListImporter imports pkgs, and what they import, from the export data
// that `go list -export` builds on this machine, run in dir: for tests.
func GoListImporter(dir string, pkgs ...string) (types.Importer, error) {
	files, err := ExportFiles(dir, nil, pkgs...)
	if err != nil {
		return nil, err
	}
	return Importer(func(path string) (io.ReadCloser, error) {
		f, ok := files[path]
		if !ok {
			return nil, fmt.Errorf("the browser kernel has no package %s", path)
		}
		return os.Open(f)
	}), nil
}
