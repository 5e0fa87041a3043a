//go:build littlegrad_kernel

package display

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Built with the tag littlegrad_kernel, as the kernel builds notebook cells,
// display draws through the kernel's renderer (render's remote.go).
// TestMain builds the renderer without the tag and runs it for the tests,
// as the kernel does, so that the same tests check the kernel's path:
//
//	go test -tags littlegrad_kernel ./display/
func TestMain(m *testing.M) {
	os.Exit(withRenderer(m))
}

func withRenderer(m *testing.M) int {
	dir, err := os.MkdirTemp("", "littlegrad-renderd-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "renderd")
	build := exec.Command("go", "build", "-o", bin, "github.com/littlegrad/littlegrad/display/internal/render/renderd")
	build.Env = append(os.Environ(), "GOFLAGS=") // not the tag, wherever it came from
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the kernel's renderer: %v\n%s", err, out)
		return 1
	}
	sock := filepath.Join(dir, "render.sock")
	renderd := exec.Command(bin, "-listen", sock)
	renderd.Stderr = os.Stderr
	if err := renderd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "starting the kernel's renderer: %v\n", err)
		return 1
	}
	defer func() {
		renderd.Process.Kill()
		renderd.Wait()
	}()
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Since(start) > time.Minute {
			fmt.Fprintln(os.Stderr, "the kernel's renderer did not listen within a minute")
			return 1
		}
	}
	os.Setenv("LITTLEGRAD_RENDER", sock)
	return m.Run()
}
