package plot

import (
	"bytes"
	"image/color"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// fill draws a rectangle in col on a canvas made by wrap and returns the SVG.
func fill(t *testing.T, col color.Color, wrap func(vg.CanvasSizer) vg.Canvas) string {
	t.Helper()
	c := vgsvg.New(10, 10)
	dc := wrap(c)
	dc.Push()
	dc.SetColor(col)
	var p vg.Path
	p.Move(vg.Point{X: 1, Y: 1})
	p.Line(vg.Point{X: 5, Y: 1})
	p.Line(vg.Point{X: 5, Y: 5})
	p.Close()
	dc.Fill(p)
	dc.Pop()
	dc.Fill(p) // black again, after Pop
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestVgsvgTransparentGap pins the gap clearFills covers: gonum/plot's SVG
// canvas writes a transparent fill's colour as the int of NaN.
func TestVgsvgTransparentGap(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("the int of NaN is -9223372036854775808 on amd64 only")
	}
	svg := fill(t, color.Transparent, func(c vg.CanvasSizer) vg.Canvas { return c })
	if !strings.Contains(svg, "fill:#-8000000000000000") {
		t.Errorf("gonum/plot's vgsvg now writes a transparent fill without the int of NaN: clearFills (clearfills.go) can go\n%s", svg)
	}
}

// TestClearFills: nothing in a transparent colour, and the colour before
// Push is back after Pop.
func TestClearFills(t *testing.T) {
	svg := fill(t, color.Transparent, func(c vg.CanvasSizer) vg.Canvas { return &clearFills{CanvasSizer: c} })
	if n := strings.Count(svg, "<path"); n != 1 || strings.Contains(svg, "fill:#-") {
		t.Errorf("%d paths, want 1 (the black one after Pop):\n%s", n, svg)
	}
	svg = fill(t, color.White, func(c vg.CanvasSizer) vg.Canvas { return &clearFills{CanvasSizer: c} })
	if n := strings.Count(svg, "<path"); n != 2 {
		t.Errorf("%d paths in white and black, want 2:\n%s", n, svg)
	}
}
