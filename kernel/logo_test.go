package main

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// install writes the logo files that Jupyter looks for: an SVG, and PNGs of
// the sizes their names say.
func TestLogos(t *testing.T) {
	dir := t.TempDir()
	if err := writeLogos(dir); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "logo-svg.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("logo-svg.svg is not an SVG document: %v", err)
	}
	for name, size := range map[string]int{"logo-32x32.png": 32, "logo-64x64.png": 64} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil || img.Bounds() != image.Rect(0, 0, size, size) {
			t.Errorf("%s: %v, bounds %v", name, err, img.Bounds())
		}
	}
}
