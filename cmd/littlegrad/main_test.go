package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// With LITTLEGRAD_RUN_MAIN set, the test binary is littlegrad itself, so
// tests can check what main does with the exit status.
func TestMain(m *testing.M) {
	if os.Getenv("LITTLEGRAD_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// An output folder where a figure's name is taken by a folder.
	blocked := filepath.Join(dir, "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "expression.svg"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(blocked, "boundary.svg"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // substrings
		stderr     []string
		files      []string // in the folder of -out, as SVG or HTML
		noProgress bool
	}{
		{"no command", nil, 2, nil, []string{"usage: littlegrad <command>"}, nil, false},
		{"help", []string{"help"}, 0, []string{"commands:", "draw", "train"}, nil, nil, false},
		{"-h", []string{"-h"}, 0, []string{"commands:"}, nil, nil, false},
		{"help train", []string{"help", "train"}, 0, []string{"-hidden", "-opt", "-steps"}, nil, nil, false},
		{"help of nothing", []string{"help", "fly"}, 2, nil, []string{`no command "fly"`}, nil, false},
		{"unknown command", []string{"fly"}, 2, nil, []string{`no command "fly"`, "usage:"}, nil, false},
		{"draw -h", []string{"draw", "-h"}, 0, nil, []string{"-out dir"}, nil, false},
		{"draw", []string{"draw", "-out", out("draw")}, 0, []string{"expression.svg\n"},
			nil, []string{"expression.svg", "expression-backward.svg", "neuron.svg", "neuron-backward.svg", "neuron-steps.html"}, false},
		{"draw -dot", []string{"draw", "-dot", "-out", out("dot")}, 0, []string{"neuron-backward.dot\n"},
			nil, []string{"expression.dot", "neuron-backward.dot"}, false},
		{"draw bad flag", []string{"draw", "-colour"}, 2, nil, []string{"flag provided but not defined: -colour", "usage: littlegrad draw"}, nil, false},
		{"draw argument", []string{"draw", "out"}, 2, nil, []string{`unexpected argument "out"`}, nil, false},
		{"draw into a file", []string{"draw", "-out", filepath.Join(file, "sub")}, 1, nil, []string{"cannot create the output folder", "not a directory"}, nil, false},
		{"draw blocked", []string{"draw", "-out", blocked}, 1, nil, []string{"littlegrad draw: display: ", "expression.svg"}, nil, false},
		{"train", []string{"train", "-steps", "20", "-out", out("train")}, 0, []string{"loss.svg\n", "boundary.svg\n", "training.html\n"},
			[]string{"step  1/20 [", "step 20/20 [########################] loss "}, []string{"loss.svg", "boundary.svg", "training.html"}, false},
		{"train adam circles", []string{"train", "-data", "circles", "-opt", "adam", "-hidden", "8", "-steps", "10", "-n", "30", "-seed", "7", "-quiet", "-out", out("adam")}, 0,
			[]string{"boundary.svg"}, nil, []string{"loss.svg", "boundary.svg"}, true},
		{"train blobs sgd lr", []string{"train", "-data", "blobs", "-lr", "0.1", "-hidden", "4,4,4", "-steps", "5", "-quiet", "-out", out("blobs")}, 0,
			[]string{"boundary.svg"}, nil, []string{"boundary.svg"}, true},
		{"train blocked", []string{"train", "-steps", "2", "-quiet", "-out", blocked}, 1, nil, []string{"littlegrad train: display/plot: ", "boundary.svg"}, nil, true},
		{"bad data", []string{"train", "-data", "spirals"}, 2, nil, []string{`-data "spirals": want moons, circles or blobs`}, nil, false},
		{"bad n", []string{"train", "-n", "1"}, 2, nil, []string{"-n 1: want from 2"}, nil, false},
		{"bad noise", []string{"train", "-noise", "-1"}, 2, nil, []string{"-noise -1"}, nil, false},
		{"NaN noise", []string{"train", "-noise", "NaN"}, 2, nil, []string{"-noise NaN"}, nil, false},
		{"bad hidden", []string{"train", "-hidden", "16,0"}, 2, nil, []string{`invalid value "16,0" for flag -hidden`}, nil, false},
		{"bad hidden text", []string{"train", "-hidden", "big"}, 2, nil, []string{"separated by commas"}, nil, false},
		{"bad steps", []string{"train", "-steps", "0"}, 2, nil, []string{"-steps 0"}, nil, false},
		{"bad steps text", []string{"train", "-steps", "many"}, 2, nil, []string{`invalid value "many" for flag -steps`}, nil, false},
		{"bad opt", []string{"train", "-opt", "lbfgs"}, 2, nil, []string{`-opt "lbfgs": want sgd or adam`}, nil, false},
		{"bad lr", []string{"train", "-lr", "-0.1"}, 2, nil, []string{"-lr -0.1"}, nil, false},
		{"bad seed", []string{"train", "-seed", "-1"}, 2, nil, []string{`invalid value "-1" for flag -seed`}, nil, false},
		{"warm", []string{"warm"}, 0, nil, nil, nil, false},
		{"warm argument", []string{"warm", "now"}, 2, nil, []string{`unexpected argument "now"`}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, &stdout, &stderr)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, &stdout)
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, &stderr)
				}
			}
			if tt.noProgress && code == 0 && stderr.Len() > 0 {
				t.Errorf("-quiet, yet stderr has:\n%s", &stderr)
			}
			if code != 0 {
				return
			}
			if tt.args[0] == "help" || slices.Contains(tt.args, "-h") {
				return
			}
			if stdout.Len() == 0 {
				return
			}
			// Every line of stdout is the path of a file written.
			paths := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
			for _, p := range paths {
				if _, err := os.Stat(p); err != nil {
					t.Errorf("printed %s, but: %v", p, err)
				}
			}
			for _, name := range tt.files {
				var p string
				for _, q := range paths {
					if filepath.Base(q) == name {
						p = q
					}
				}
				if p == "" {
					t.Errorf("%s not printed: %q", name, paths)
					continue
				}
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if strings.HasSuffix(name, ".svg") {
					wellFormed(t, name, data)
				}
				widget := map[string]string{"neuron-steps.html": `class="lg-backward"`, "training.html": `class="lg-training"`}[name]
				if strings.HasSuffix(name, ".html") && (widget == "" || !bytes.Contains(data, []byte(widget))) {
					t.Errorf("%s is not the page of its widget (%s)", name, widget)
				}
			}
		})
	}
}

func wellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

// The graphs in the files are the tutorial's, with its numbers.
func TestDrawNumbers(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"draw", "-dot", "-out", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d: %s", code, &stderr)
	}
	tests := []struct {
		file string
		want []string
	}{
		{"expression.dot", []string{"{ L | data -8.0000 | grad 0.0000 }", "{ a | data 2.0000 | grad 0.0000 }"}},
		{"expression-backward.dot", []string{"{ L | data -8.0000 | grad 1.0000 }", "{ a | data 2.0000 | grad 6.0000 }",
			"{ b | data -3.0000 | grad -4.0000 }", "{ c | data 10.0000 | grad -2.0000 }", "{ f | data -2.0000 | grad 4.0000 }"}},
		{"neuron-backward.dot", []string{"{ o | data 0.7071 | grad 1.0000 }", "{ n | data 0.8814 | grad 0.5000 }",
			"{ x1 | data 2.0000 | grad -1.5000 }", "{ w1 | data -3.0000 | grad 1.0000 }", "{ w2 | data 1.0000 | grad 0.0000 }"}},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !bytes.Contains(data, []byte(w)) {
				t.Errorf("%s lacks %s", tt.file, w)
			}
		}
	}
}

// main exits with run's status.
func TestExitStatus(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"help"}, 0},
		{[]string{"train", "-steps", "x"}, 2},
		{[]string{"draw", "-out", filepath.Join(exe, "x")}, 1},
	}
	for _, tt := range tests {
		cmd := exec.Command(exe, tt.args...)
		cmd.Env = append(os.Environ(), "LITTLEGRAD_RUN_MAIN=1")
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code {
			t.Errorf("littlegrad %s: exit status %d, want %d", strings.Join(tt.args, " "), code, tt.code)
		}
	}
}
