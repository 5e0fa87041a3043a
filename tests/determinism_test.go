package tests

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// executions keeps the notebooks nbconvert executed during this run of the
// tests, by notebook, so that the tests that need them share the work.
var executions struct {
	sync.Mutex
	dir  string
	runs map[string][]string
}

// executed returns the paths of n executions, by nbconvert, of the notebook
// at path: those other tests made first, then new ones.
func executed(t *testing.T, path string, n int) []string {
	t.Helper()
	executions.Lock()
	defer executions.Unlock()
	if executions.dir == "" {
		dir, err := os.MkdirTemp("", "littlegrad-executed-")
		if err != nil {
			t.Fatal(err)
		}
		executions.dir, executions.runs = dir, map[string][]string{}
	}
	for len(executions.runs[path]) < n {
		out := filepath.Join(executions.dir, fmt.Sprint(len(executions.runs[path])))
		if err := executeWithNbconvert(t, path, out); err != nil {
			t.Fatalf("nbconvert --execute %s failed: %v", filepath.Base(path), err)
		}
		executions.runs[path] = append(executions.runs[path], filepath.Join(out, filepath.Base(path)))
	}
	return executions.runs[path][:n]
}

// removeExecutions removes what executed wrote; TestMain calls it.
func removeExecutions() {
	if executions.dir != "" {
		os.RemoveAll(executions.dir)
	}
}

// TestNotebooksDeterministic executes every notebook twice with nbconvert
// and requires the same outputs, byte for byte, from both runs: the same
// text, the same drawings and widgets, in every MIME type. A notebook that
// prints a map in its random order, draws with a new random id at every run
// or seeds a generator from the clock fails. Cells tagged "volatile" (the
// timings of part 3) are not compared, and consecutive pieces of one stream
// are joined first: how the kernel splits a cell's standard output into
// messages depends on timing, and front ends show the pieces as one text.
func TestNotebooksDeterministic(t *testing.T) {
	for _, path := range notebookPaths(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			runs := executed(t, path, 2)
			first, second := outputsOf(t, runs[0]), outputsOf(t, runs[1])
			if len(first) != len(second) {
				t.Fatalf("%d cells in the first run, %d in the second", len(first), len(second))
			}
			for i := range first {
				if first[i] == nil { // a markdown or volatile cell
					continue
				}
				if problem := sameOutputs(first[i], second[i]); problem != "" {
					t.Errorf("cell %d: the two runs differ: %s", i, problem)
				}
			}
		})
	}
}

// output is one output of a cell, as nbformat stores it.
type output map[string]json.RawMessage

// outputsOf returns the outputs of each code cell of the notebook at path,
// their streams joined, and nil for markdown and volatile cells.
func outputsOf(t *testing.T, path string) [][]output {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string       `json:"cell_type"`
			Metadata cellMetadata `json:"metadata"`
			Outputs  []output     `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	all := make([][]output, len(nb.Cells))
	for i, c := range nb.Cells {
		if c.CellType == "code" && !slices.Contains(c.Metadata.Tags, "volatile") {
			all[i] = joinStreams(t, c.Outputs)
		}
	}
	return all
}

// joinStreams joins each run of stream outputs of one name (stdout,
// stderr) into one output, as nbconvert's CoalesceStreamsPreprocessor does.
func joinStreams(t *testing.T, outs []output) []output {
	t.Helper()
	joined := []output{} // not nil: a code cell without outputs has an empty list
	for _, o := range outs {
		if n := len(joined); n > 0 && isStream(o) && isStream(joined[n-1]) && bytes.Equal(o["name"], joined[n-1]["name"]) {
			text := streamText(t, joined[n-1]) + streamText(t, o)
			merged := output{"output_type": o["output_type"], "name": o["name"]}
			merged["text"], _ = json.Marshal(text)
			joined[n-1] = merged
			continue
		}
		joined = append(joined, o)
	}
	return joined
}

func isStream(o output) bool { return string(o["output_type"]) == `"stream"` }

// streamText returns a stream's text, stored whole or as a list of lines.
func streamText(t *testing.T, o output) string {
	t.Helper()
	var m multiline
	if err := m.UnmarshalJSON(o["text"]); err != nil {
		t.Fatal(err)
	}
	return string(m)
}

// sameOutputs returns "" if a and b, one cell's outputs in two runs, are
// the same, or what differs first.
func sameOutputs(a, b []output) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d outputs, then %d", len(a), len(b))
	}
	for i := range a {
		keys := slices.Sorted(maps.Keys(a[i]))
		for k := range b[i] {
			if _, ok := a[i][k]; !ok {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			x, y := canonical(a[i][k]), canonical(b[i][k])
			if !bytes.Equal(x, y) {
				return fmt.Sprintf("output %d, %s: %s", i, k, difference(x, y))
			}
		}
	}
	return ""
}

// canonical returns raw JSON with its objects' keys in order and multiline
// strings joined, so that equal values compare equal as bytes.
func canonical(raw json.RawMessage) []byte {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return raw
	}
	v = joinLines(v)
	out, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return out
}

// joinLines replaces, inside v, every list of strings (nbformat's
// multiline strings) by their concatenation.
func joinLines(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = joinLines(x)
		}
		return v
	case []any:
		var s bytes.Buffer
		for _, x := range v {
			str, ok := x.(string)
			if !ok {
				return v
			}
			s.WriteString(str)
		}
		return s.String()
	}
	return v
}

// difference shows where x and y, canonical JSON, differ first: in the
// first MIME type or field that differs, and there in the first drawing that
// differs, decoded, if it holds drawings (SVG in <img> data URIs).
func difference(x, y []byte) string {
	var vx, vy any
	if json.Unmarshal(x, &vx) != nil || json.Unmarshal(y, &vy) != nil {
		return firstDifference(x, y)
	}
	where := ""
	if mx, ok := vx.(map[string]any); ok {
		if my, ok := vy.(map[string]any); ok {
			for _, k := range slices.Sorted(maps.Keys(mx)) {
				if fmt.Sprint(mx[k]) != fmt.Sprint(my[k]) {
					where, vx, vy = k+", ", mx[k], my[k]
					break
				}
			}
		}
	}
	sx, okx := vx.(string)
	sy, oky := vy.(string)
	if !okx || !oky {
		return where + firstDifference(x, y)
	}
	dx, dy := svgImage.FindAllStringSubmatch(sx, -1), svgImage.FindAllStringSubmatch(sy, -1)
	for j := range min(len(dx), len(dy)) {
		if dx[j][1] == dy[j][1] {
			continue
		}
		svgx, errx := base64.StdEncoding.DecodeString(dx[j][1])
		svgy, erry := base64.StdEncoding.DecodeString(dy[j][1])
		if errx == nil && erry == nil {
			return fmt.Sprintf("%sdrawing %d, %s", where, j, firstDifference(svgx, svgy))
		}
	}
	return where + firstDifference([]byte(sx), []byte(sy))
}

// firstDifference shows x and y around the first byte where they differ.
func firstDifference(x, y []byte) string {
	i := 0
	for i < len(x) && i < len(y) && x[i] == y[i] {
		i++
	}
	excerpt := func(s []byte) string {
		from, to := max(0, i-60), min(len(s), i+60)
		return string(s[from:to])
	}
	return fmt.Sprintf("at byte %d of %d and %d:\n  first:  …%s…\n  second: …%s…", i, len(x), len(y), excerpt(x), excerpt(y))
}
