// Package svgtest holds what the tests of display and display/plot check in
// the SVG that graphviz and gonum/plot write.
package svgtest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"testing"
)

// Texts parses svg as XML and returns the text of its <text> elements. It
// fails the test if svg is not well-formed or has elements other than those
// graphviz and gonum/plot write for littlegrad's drawings, such as <script>.
func Texts(t testing.TB, svg []byte) []string {
	t.Helper()
	allowed := []string{"svg", "g", "title", "polygon", "polyline", "path", "text", "ellipse", "image"}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var texts []string
	in := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return texts
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if !slices.Contains(allowed, tok.Name.Local) {
				t.Fatalf("SVG has a <%s> element:\n%s", tok.Name.Local, svg)
			}
			in = tok.Name.Local == "text"
			if in {
				texts = append(texts, "")
			}
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				texts[len(texts)-1] += string(tok)
			}
		}
	}
}
