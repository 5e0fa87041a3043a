package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The kernel's logo, which Jupyter shows next to the kernel's name: "∂go"
// in Go Mono Bold, white on Go's blue, in a rounded square. It is one
// description (logoShapes), drawn as the SVG and as the 32x32 and 64x64 PNGs
// that launchers look for; the SVG holds the letters as outlines, so it
// looks the same on machines without the font.

const (
	logoBox    = 64 // the logo's side, in the units of its shapes
	logoRadius = 12 // of the square's corners
	logoText   = "∂go"
	logoEm     = 28 // the text's size
	logoBase   = 42 // the text's baseline
)

var (
	goBlue = color.NRGBA{0x00, 0xad, 0xd8, 0xff}
	white  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// logoFiles are the files writeLogos writes, by the names Jupyter looks for.
var logoFiles = []string{"logo-svg.svg", "logo-32x32.png", "logo-64x64.png"}

// A shape is a filled outline: moves, lines, quadratic and cubic curves.
type shape struct {
	fill color.NRGBA
	segs []segment
}

type segment struct {
	op  byte // 'M', 'L', 'Q' or 'C'
	pts []float32
}

// logoShapes returns the logo: the square, then the text.
func logoShapes() ([]shape, error) {
	// The rounded square, its corners as cubic curves.
	const r, k = logoRadius, logoRadius * 0.5523
	const w = logoBox
	square := shape{fill: goBlue, segs: []segment{
		{'M', []float32{r, 0}}, {'L', []float32{w - r, 0}},
		{'C', []float32{w - r + k, 0, w, r - k, w, r}}, {'L', []float32{w, w - r}},
		{'C', []float32{w, w - r + k, w - r + k, w, w - r, w}}, {'L', []float32{r, w}},
		{'C', []float32{r - k, w, 0, w - r + k, 0, w - r}}, {'L', []float32{0, r}},
		{'C', []float32{0, r - k, r - k, 0, r, 0}},
	}}

	f, err := sfnt.Parse(gomonobold.TTF)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	ppem := fixed.I(logoEm)
	var width fixed.Int26_6
	var glyphs []sfnt.GlyphIndex
	for _, r := range logoText {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			return nil, fmt.Errorf("logo: no glyph for %q in Go Mono Bold", r)
		}
		adv, err := f.GlyphAdvance(&buf, g, ppem, 0)
		if err != nil {
			return nil, err
		}
		glyphs = append(glyphs, g)
		width += adv
	}
	text := shape{fill: white}
	x := (logoBox - float32(width)/64) / 2
	for _, g := range glyphs {
		segs, err := f.LoadGlyph(&buf, g, ppem, nil)
		if err != nil {
			return nil, err
		}
		for _, s := range segs {
			n := map[sfnt.SegmentOp]int{sfnt.SegmentOpMoveTo: 1, sfnt.SegmentOpLineTo: 1, sfnt.SegmentOpQuadTo: 2, sfnt.SegmentOpCubeTo: 3}[s.Op]
			seg := segment{op: "MLQC"[s.Op]}
			for _, p := range s.Args[:n] {
				// LoadGlyph's y grows downward from the baseline.
				seg.pts = append(seg.pts, x+float32(p.X)/64, logoBase+float32(p.Y)/64)
			}
			text.segs = append(text.segs, seg)
		}
		adv, _ := f.GlyphAdvance(&buf, g, ppem, 0)
		x += float32(adv) / 64
	}
	return []shape{square, text}, nil
}

// logoSVG draws shapes as an SVG document.
func logoSVG(shapes []shape) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %[1]d %[2]d">`+"\n", logoBox, logoBox)
	for _, s := range shapes {
		var d []string
		for _, seg := range s.segs {
			if seg.op == 'M' && len(d) > 0 {
				d = append(d, "Z")
			}
			part := string(seg.op)
			for _, v := range seg.pts {
				part += " " + strconv.FormatFloat(float64(v), 'f', -1, 32)
			}
			d = append(d, part)
		}
		fmt.Fprintf(&b, `<path fill="#%02x%02x%02x" d="%s Z"/>`+"\n", s.fill.R, s.fill.G, s.fill.B, strings.Join(d, " "))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// logoImage draws shapes into a size x size image.
func logoImage(shapes []shape, size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := float32(size) / logoBox
	for _, s := range shapes {
		z := vector.NewRasterizer(size, size)
		z.DrawOp = draw.Over
		for _, seg := range s.segs {
			p := make([]float32, len(seg.pts))
			for i, v := range seg.pts {
				p[i] = v * scale
			}
			switch seg.op {
			case 'M':
				z.ClosePath()
				z.MoveTo(p[0], p[1])
			case 'L':
				z.LineTo(p[0], p[1])
			case 'Q':
				z.QuadTo(p[0], p[1], p[2], p[3])
			case 'C':
				z.CubeTo(p[0], p[1], p[2], p[3], p[4], p[5])
			}
		}
		z.ClosePath()
		z.Draw(img, img.Bounds(), image.NewUniform(s.fill), image.Point{})
	}
	return img
}

// writeLogos writes the logo files into dir.
func writeLogos(dir string) error {
	shapes, err := logoShapes()
	if err != nil {
		return err
	}
	files := map[string][]byte{"logo-svg.svg": logoSVG(shapes)}
	for _, size := range []int{32, 64} {
		var b bytes.Buffer
		if err := png.Encode(&b, logoImage(shapes, size)); err != nil {
			return err
		}
		files[fmt.Sprintf("logo-%dx%d.png", size, size)] = b.Bytes()
	}
	for _, name := range logoFiles {
		if err := writeFileAtomic(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
