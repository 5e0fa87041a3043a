// Package scripts tests the shell scripts in this folder. It has no Go code
// of its own.
package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeSystem is a PATH of stand-ins for the commands deps.sh runs, so the
// tests decide what is installed without touching the machine.
type fakeSystem struct {
	goVersion string // what `go env GOVERSION` prints; "" means no go command
	dpkg      string // packages dpkg reports installed, space-separated
	noAptGet  bool   // not a Debian-like system
}

// run runs deps.sh with args on the fake system and returns its exit code,
// its output, and the apt-get command lines it ran.
func (f fakeSystem) run(t *testing.T, args ...string) (int, string, []string) {
	t.Helper()
	bin := t.TempDir()
	aptLog := filepath.Join(t.TempDir(), "apt-get.log")
	scripts := map[string]string{
		"dpkg-query": `[[ " $FAKE_DPKG " == *" ${@: -1} "* ]] && printf 'install ok installed'; true`,
		"id":         `echo 0`,
	}
	if f.goVersion != "" {
		scripts["go"] = `[ "$*" = "env GOVERSION" ] && echo "$FAKE_GOVERSION"`
	}
	if !f.noAptGet {
		scripts["apt-get"] = `echo "apt-get $*" >>"$FAKE_APT_LOG"`
	}
	for name, body := range scripts {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/bash\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tool := range []string{"bash", "grep"} {
		path, err := exec.LookPath(tool)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(path, filepath.Join(bin, tool)); err != nil {
			t.Fatal(err)
		}
	}
	bash, _ := exec.LookPath("bash")
	cmd := exec.Command(bash, append([]string{"deps.sh"}, args...)...)
	cmd.Env = []string{"PATH=" + bin, "FAKE_GOVERSION=" + f.goVersion, "FAKE_DPKG=" + f.dpkg,
		"FAKE_APT_LOG=" + aptLog}
	out, _ := cmd.CombinedOutput()
	code := cmd.ProcessState.ExitCode()
	var apt []string
	if data, err := os.ReadFile(aptLog); err == nil {
		apt = strings.Split(strings.TrimSpace(string(data)), "\n")
	}
	return code, string(out), apt
}

const everything = "chromium podman runc debootstrap nodejs npm python3-venv tini"

func TestGoVersion(t *testing.T) {
	tests := []struct {
		version string
		ok      bool
	}{
		{"go1.26.8", true},
		{"go1.26", true},
		{"go1.26rc1", true},
		{"go1.27.0", true},
		{"go1.100.1", true},
		{"go2.0", true},
		{"devel go1.27-4f0a7f2 Tue Jan 6 2026", true},
		{"go1.25.7", false},
		{"go1.4", false},
		{"go1.9.7", false},
		{"go1.3", false},
		{"go1.2", false},
		{"gccgo", false},
		{"", false}, // no go command at all
	}
	for _, tt := range tests {
		code, out, _ := fakeSystem{goVersion: tt.version, dpkg: everything}.run(t, "test")
		if tt.ok && code != 0 {
			t.Errorf("%q: exit %d, want 0:\n%s", tt.version, code, out)
		}
		if !tt.ok && (code != 1 || !strings.Contains(out, "needs Go 1.26 or newer")) {
			t.Errorf("%q: exit %d, want 1 and a message that Go 1.26 is needed:\n%s", tt.version, code, out)
		}
	}
}

func TestPackages(t *testing.T) {
	const goOK = "go1.26.8"
	tests := []struct {
		name    string
		sys     fakeSystem
		arg     string
		code    int
		install string // the packages apt-get installs, or "" for no apt-get at all
		out     string // in the output
	}{
		{"all there", fakeSystem{goVersion: goOK, dpkg: everything}, "test", 0, "", ""},
		{"fresh Debian, tutorial", fakeSystem{goVersion: goOK}, "tutorial", 0, "", ""},
		{"fresh Debian, test", fakeSystem{goVersion: goOK}, "test", 0, "chromium podman runc debootstrap nodejs npm", "Installing from Debian's packages"},
		{"fresh Debian, venv", fakeSystem{goVersion: goOK}, "venv", 0, "python3-venv", ""},
		{"the Docker image", fakeSystem{goVersion: goOK}, "docker", 0, "python3-venv tini", ""},
		{"fresh Debian, site", fakeSystem{goVersion: goOK}, "site", 0, "nodejs npm", ""},
		{"not Debian", fakeSystem{goVersion: goOK, noAptGet: true}, "test", 1, "", "chromium podman runc debootstrap nodejs npm"},
		{"no argument", fakeSystem{goVersion: goOK}, "", 2, "", "usage: scripts/deps.sh tutorial|test|venv|docker|site"},
		{"bad argument", fakeSystem{goVersion: goOK}, "all", 2, "", "usage: scripts/deps.sh tutorial|test|venv|docker|site"},
	}
	for _, tt := range tests {
		var args []string
		if tt.arg != "" {
			args = []string{tt.arg}
		}
		code, out, apt := tt.sys.run(t, args...)
		var install string
		if len(apt) > 0 {
			if len(apt) != 2 || apt[0] != "apt-get update -qq" {
				t.Errorf("%s: apt-get ran as %q, want an update and one install", tt.name, apt)
				continue
			}
			install = strings.TrimPrefix(apt[1], "apt-get install -y -qq ")
		}
		if code != tt.code || install != tt.install || !strings.Contains(out, tt.out) {
			t.Errorf("%s: exit %d, installed %q, output:\n%s\nwant exit %d, installed %q, output with %q",
				tt.name, code, install, out, tt.code, tt.install, tt.out)
		}
	}
}

// The package list is in deps.sh only: the other scripts call it.
func TestOneList(t *testing.T) {
	paths, err := filepath.Glob("../kernel/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range append(paths, "../.ci/run", "../test.sh", "../tutorial.sh", "../docker/setup.sh") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "apt-get install") {
			t.Errorf("%s installs Debian's packages itself: name them in scripts/deps.sh", path)
		}
	}
}
