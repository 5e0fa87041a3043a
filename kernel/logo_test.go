package main

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The three logo files come from one source: the PNGs are the SVG's paths,
// read back from the SVG and drawn.
func TestLogos(t *testing.T) {
	dir := t.TempDir()
	if err := writeLogos(dir); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "logo-svg.svg"))
	if err != nil {
		t.Fatal(err)
	}
	shapes := readSVG(t, svg)
	if len(shapes) != 2 || len(shapes[1].segs) < 10 {
		t.Fatalf("the SVG has %d paths; want the square and the text's outlines", len(shapes))
	}
	for _, size := range []int{32, 64} {
		data, err := os.ReadFile(filepath.Join(dir, "logo-"+strconv.Itoa(size)+"x"+strconv.Itoa(size)+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds() != image.Rect(0, 0, size, size) {
			t.Errorf("logo %d: bounds %v", size, img.Bounds())
		}
		want := logoImage(shapes, size)
		if diff := differ(img, want); diff > 0 {
			t.Errorf("logo-%dx%d.png differs from the SVG's paths in %d pixels", size, size, diff)
		}
		// Transparent corners, blue edges, some white text (Go's blue has
		// no red).
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("logo %d: corner is not transparent", size)
		}
		if c := img.At(size/2, 1); c != goBlue {
			t.Errorf("logo %d: top edge is %v, want Go's blue", size, c)
		}
		whites := 0
		for y := 0; y < size; y++ {
			for x := 0; x < size; x++ {
				if r, _, _, _ := img.At(x, y).RGBA(); r > 0x8000 {
					whites++
				}
			}
		}
		if whites < size*size/40 {
			t.Errorf("logo %d: only %d whitish pixels: where is the text?", size, whites)
		}
	}
}

func differ(a, b image.Image) int {
	n := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1>>8 != r2>>8 || g1>>8 != g2>>8 || b1>>8 != b2>>8 || a1>>8 != a2>>8 {
				n++
			}
		}
	}
	return n
}

// readSVG reads back the shapes of an SVG that logoSVG wrote.
func readSVG(t *testing.T, data []byte) []shape {
	t.Helper()
	var doc struct {
		Paths []struct {
			Fill string `xml:"fill,attr"`
			D    string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var shapes []shape
	for _, p := range doc.Paths {
		var s shape
		switch p.Fill {
		case "#00add8":
			s.fill = goBlue
		case "#ffffff":
			s.fill = white
		default:
			t.Fatalf("fill %q", p.Fill)
		}
		for _, f := range strings.Fields(p.D) {
			switch f {
			case "M", "L", "Q", "C":
				s.segs = append(s.segs, segment{op: f[0]})
			case "Z":
			default:
				v, err := strconv.ParseFloat(f, 32)
				if err != nil {
					t.Fatal(err)
				}
				last := &s.segs[len(s.segs)-1]
				last.pts = append(last.pts, float32(v))
			}
		}
		shapes = append(shapes, s)
	}
	return shapes
}
