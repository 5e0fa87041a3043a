package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// gonbError is what nbconvert stores for a cell that does not compile, as
// GoNB v0.11.4 reports it.
const gonbError = `{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": 7,
   "id": "cell-12",
   "metadata": {
    "tags": [
     "raises-exception"
    ]
   },
   "outputs": [
    {
     "data": {
      "text/html": [
       "\n",
       "<style>\n",
       ".gonb-err-location {\n",
       "\tbackground: var(--jp-err-color2);  \n",
       "}\n",
       "</style>\n",
       "<div class=\"jp-RenderedText\" data-mime-type=\"application/vnd.jupyter.stderr\" style=\"font-family: monospace;\">\n",
       "\n",
       "<div style=\"white-space: pre-wrap;\"> # gonb_64080e29</div>\n",
       "\n",
       "<div style=\"white-space: pre-wrap;\"><span class=\"gonb-err-hover-area\"><span class=\"gonb-cell-line-info\">Cell[7]: Line 3</span> <span class=\"gonb-err-location\">./main.go:31:13: </span></span>invalid operation: 3.0 * a (mismatched types untyped float and *Value)<div class=\"gonb-err-context\">func main() {\n",
       "\tflag.Parse()\n",
       "a := &amp;Value{Data: 2.0}\n",
       "<div class=\"gonb-err-line\">fmt.Println(3.0 * a)\n",
       "</div>\n",
       "}\n",
       "</div></div>\n",
       "\n",
       "<div style=\"white-space: pre-wrap;\"> </div>\n",
       "\n",
       "</div>\n"
      ]
     },
     "metadata": {},
     "output_type": "display_data"
    },
    {
     "ename": "ERROR",
     "evalue": "failed to run \"/usr/local/go/bin/go build -o /home/ada/.local/share/jupyter/kernels/littlegrad/tmp/gonb_64080e29/gonb_64080e29\": exit status 1",
     "output_type": "error",
     "traceback": [
      "failed to run \"/usr/local/go/bin/go build -o /home/ada/.local/share/jupyter/kernels/littlegrad/tmp/gonb_64080e29/gonb_64080e29\": exit status 1"
     ]
    }
   ],
   "source": [
    "%%\n",
    "a := &Value{Data: 2.0}\n",
    "fmt.Println(3.0 * a)"
   ]
  }
 ],
 "metadata": {
  "title": "ünïcode <&> stays as is"
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
`

func TestTidyCompileError(t *testing.T) {
	out, err := tidy([]byte(gonbError))
	if err != nil {
		t.Fatal(err)
	}
	if paths := machinePaths(out); len(paths) > 0 {
		t.Errorf("still names %q", paths)
	}
	var nb struct {
		Cells []struct {
			Outputs []struct {
				Evalue    string   `json:"evalue"`
				Traceback []string `json:"traceback"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(out, &nb); err != nil {
		t.Fatal(err)
	}
	e := nb.Cells[0].Outputs[1]
	want := "the cell does not compile:\nCell[7]: Line 3: invalid operation: 3.0 * a (mismatched types untyped float and *Value)"
	if e.Evalue != want {
		t.Errorf("evalue %q, want %q", e.Evalue, want)
	}
	if !slices.Equal(e.Traceback, strings.Split(want, "\n")) {
		t.Errorf("traceback %q", e.Traceback)
	}
	if !strings.Contains(string(out), `"title": "ünïcode <&> stays as is"`) {
		t.Errorf("the rest of the notebook changed:\n%s", out)
	}
	again, err := tidy(out)
	if err != nil || string(again) != string(out) {
		t.Errorf("tidying twice changes the notebook again (%v)", err)
	}
}

// Without GoNB's report, the error names the command without its folder.
func TestTidyWithoutReport(t *testing.T) {
	nb := `{"cells": [{"cell_type": "code", "outputs": [{"output_type": "error", "ename": "ERROR", "traceback": [],
		"evalue": "failed to run \"/opt/go/bin/go build -o /tmp/x/y\": exit status 2"}]}]}`
	out, err := tidy([]byte(nb))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"evalue": "go failed: exit status 2"`) || len(machinePaths(out)) > 0 {
		t.Errorf("got %s", out)
	}
}

// A notebook without such errors comes back byte for byte, as nbconvert
// wrote it.
func TestTidyKeepsLayout(t *testing.T) {
	paths := committed(t)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out, err := tidy(data)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != string(data) {
			t.Errorf("%s changes when tidied: run ./tutorial.sh --update", path)
		}
	}
}

func TestMachinePaths(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{`"failed to run \"/usr/local/go/bin/go build -o /root/x\""`, []string{"/usr/local/go/bin/go", "/root/x"}},
		{"see /home/ada/notes.txt.", []string{"/home/ada/notes.txt."}},
		{"TMPDIR=/tmp/go-build123", []string{"/tmp/go-build123"}},
		{"file:///work/main/out/html/x.html", []string{"/work/main/out/html/x.html"}},
		{"at main.main()\n\t/Users/ada/main.go:12", []string{"/Users/ada/main.go:12"}},
		{"out/html/littlegrad-part1-engine.html and notebooks/template", nil},
		{"d(a/b) = da/b - (a/b²) db; 1/tmp", nil},
		{"https://github.com/karpathy/micrograd/tmp/", nil},
	}
	for _, tt := range tests {
		if got := machinePaths([]byte(tt.text)); !slices.Equal(got, tt.want) {
			t.Errorf("machinePaths(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// The committed notebooks name no path of the machine that ran them.
func TestCommittedNotebooksHaveNoMachinePaths(t *testing.T) {
	for _, path := range committed(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if paths := machinePaths(data); len(paths) > 0 {
			t.Errorf("%s names paths of the machine that ran it: %q; run ./tutorial.sh --update, which tidies them away", path, paths)
		}
	}
}

func committed(t *testing.T) []string {
	paths, err := filepath.Glob("../*.ipynb")
	if err != nil || len(paths) < 3 {
		t.Fatalf("want the tutorial's notebooks in notebooks/, found %v (%v)", paths, err)
	}
	return paths
}
