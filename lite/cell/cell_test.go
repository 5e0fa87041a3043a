package cell_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/lite/cell"
	"github.com/littlegrad/littlegrad/lite/check"
	"github.com/littlegrad/littlegrad/lite/symbols"
	"github.com/littlegrad/littlegrad/lite/symbols/stdlib"
)

// codeCell is a code cell of a notebook, with the text GoNB's kernel printed
// and whether it failed.
type codeCell struct {
	Source string
	Stream string
	Failed bool
	Error  string // the error's text, as the kernel showed it
}

func readNotebook(t *testing.T, path string) []codeCell {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			Type    string          `json:"cell_type"`
			Source  json.RawMessage `json:"source"`
			Outputs []struct {
				Type   string          `json:"output_type"`
				Text   json.RawMessage `json:"text"`
				Evalue string          `json:"evalue"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var cells []codeCell
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		cc := codeCell{Source: text(c.Source)}
		for _, o := range c.Outputs {
			switch o.Type {
			case "stream":
				cc.Stream += text(o.Text)
			case "error":
				cc.Failed = true
				cc.Error = o.Evalue
			}
		}
		cells = append(cells, cc)
	}
	return cells
}

// text reads nbformat's multiline string: a string or a list of strings.
func text(m json.RawMessage) string {
	var s string
	if json.Unmarshal(m, &s) == nil {
		return s
	}
	var l []string
	json.Unmarshal(m, &l)
	return strings.Join(l, "")
}

func TestPart1(t *testing.T) {
	cells := readNotebook(t, "../../notebooks/littlegrad-part1-engine.ipynb")
	s := cell.NewSession(stdlib.Symbols, symbols.Symbols)
	imp, err := check.GoListImporter(".", cell.Packages...)
	if err != nil {
		t.Fatal(err)
	}
	s.Importer = imp
	if os.Getenv("LITE_DEBUG") != "" {
		cell.Debug = func(src string) { t.Log(src) }
	}
	for i, c := range cells {
		var out bytes.Buffer
		err := s.Run(c.Source, &out, &out)
		if c.Failed != (err != nil) {
			t.Errorf("cell %d: failed %v in GoNB, here err = %v", i+1, c.Failed, err)
		}
		if err != nil && err.Error() != c.Error {
			t.Errorf("cell %d failed with\n%v\nGoNB's kernel said\n%s", i+1, err, c.Error)
		}
		if out.String() != c.Stream {
			t.Errorf("cell %d printed\n%s\nGoNB printed\n%s", i+1, out.String(), c.Stream)
		}
	}
}
