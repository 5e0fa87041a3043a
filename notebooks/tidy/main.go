// Command tidy makes executed notebooks fit to commit and to publish.
// GoNB reports a cell that does not compile as an HTML message and an error
// whose text is the go command it ran, paths of the machine included
// ("failed to run "/usr/local/go/bin/go build -o /home/…": exit status 1").
// tidy replaces that text with the compiler's message from the HTML, so
// that a notebook or an export holds no path of the machine that ran it,
// and a reader of plain text (a terminal, an export to text) sees why the
// cell failed. The littlegrad kernel no longer writes such errors (it runs
// GoNB with --raw_error, and its proxy tells errors in plain words), so
// this is for notebooks run on another GoNB kernel; tidy still fails if a
// notebook names a path of the machine. It rewrites each file in place,
// and only if it changes.
// tutorial.sh runs it on every notebook it executes:
//
//	go run ./notebooks/tidy out/notebooks/*.ipynb
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./notebooks/tidy NOTEBOOK.ipynb...")
		os.Exit(2)
	}
	for _, path := range os.Args[1:] {
		if err := tidyFile(path); err != nil {
			fmt.Fprintln(os.Stderr, "tidy:", err)
			os.Exit(1)
		}
	}
}

func tidyFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	tidied, err := tidy(data)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if paths := machinePaths(tidied); len(paths) > 0 {
		return fmt.Errorf("%s still names paths of this machine after tidying: %q; find what printed them and keep them out of the outputs", path, paths)
	}
	if bytes.Equal(tidied, data) {
		return nil
	}
	return os.WriteFile(path, tidied, 0o644)
}

// tidy returns the notebook nb with the errors of cells that did not
// compile told by the compiler's message. It keeps nbformat's layout (keys
// sorted, one space of indent, non-ASCII as is), so that a notebook without
// such errors comes back byte for byte.
func tidy(nb []byte) ([]byte, error) {
	var doc map[string]any
	d := json.NewDecoder(bytes.NewReader(nb))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a notebook: %v", err)
	}
	cells, _ := doc["cells"].([]any)
	for _, c := range cells {
		cell, _ := c.(map[string]any)
		outputs, _ := cell["outputs"].([]any)
		message := compilerMessage(outputs)
		for _, o := range outputs {
			out, _ := o.(map[string]any)
			if out["output_type"] != "error" {
				continue
			}
			evalue, _ := out["evalue"].(string)
			if !failedRun.MatchString(evalue) {
				continue
			}
			text := failedRun.ReplaceAllString(evalue, "$2 failed: $3")
			if message != "" {
				text = "the cell does not compile:\n" + message
			}
			out["evalue"] = text
			var tb []any
			for _, l := range strings.Split(text, "\n") {
				tb = append(tb, l)
			}
			out["traceback"] = tb
		}
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	e.SetIndent("", " ")
	if err := e.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// failedRun matches GoNB's error for a command that failed, which names the
// command by its path: failed to run "/usr/local/go/bin/go build -o …": exit status 1.
var failedRun = regexp.MustCompile(`^failed to run "((?:[^"/ ]*/)*)([^"/ ]+)[^"]*": (.*)$`)

var (
	styleElem   = regexp.MustCompile(`(?s)<style>.*?</style>`)
	context     = regexp.MustCompile(`(?s)<div class="gonb-err-context">.*?</div></div>`)
	location    = regexp.MustCompile(`<span class="gonb-cell-line-info">([^<]*)</span>\s*<span class="gonb-err-location">[^<]*</span>`)
	onlyFileLoc = regexp.MustCompile(`<span class="gonb-err-location">[^<]*</span>`)
	tag         = regexp.MustCompile(`<[^>]*>`)
)

// compilerMessage returns the text of GoNB's HTML report of a compile
// error among outputs, without GoNB's internal file positions and the
// source shown on hover: "Cell[7]: Line 3: invalid operation: …". It
// returns "" if there is none.
func compilerMessage(outputs []any) string {
	for _, o := range outputs {
		out, _ := o.(map[string]any)
		data, _ := out["data"].(map[string]any)
		h := joined(data["text/html"])
		if !strings.Contains(h, "gonb-err-") {
			continue
		}
		h = styleElem.ReplaceAllString(h, "")
		h = context.ReplaceAllString(h, "")
		h = location.ReplaceAllString(h, "$1: ")
		h = onlyFileLoc.ReplaceAllString(h, "")
		var lines []string
		for _, l := range strings.Split(html.UnescapeString(tag.ReplaceAllString(h, "")), "\n") {
			l = strings.TrimSpace(l)
			if l != "" && !strings.HasPrefix(l, "# gonb_") { // the package of GoNB's scratch program
				lines = append(lines, l)
			}
		}
		return strings.Join(lines, "\n")
	}
	return ""
}

// joined returns a notebook string, stored whole or as a list of lines.
func joined(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, l := range v {
			s, _ := l.(string)
			b.WriteString(s)
		}
		return b.String()
	}
	return ""
}

// machinePath matches an absolute path into the folders where a machine
// keeps users, programs and scratch files, as the outputs of a cell could
// show them.
var machinePath = regexp.MustCompile(`(?:^|[\s"'=(:\[/])(/(?:root|home|Users|tmp|var|usr|opt|srv|mnt|private|nix|work|builds|runner)/[^\s"'<>)\]\\]*)`)

// machinePaths returns the paths of a machine that data names.
func machinePaths(data []byte) []string {
	var paths []string
	for _, m := range machinePath.FindAllSubmatch(data, -1) {
		paths = append(paths, string(m[1]))
	}
	return paths
}
