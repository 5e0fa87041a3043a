package plot

import (
	"image/color"

	"gonum.org/v1/plot/vg"
)

// clearFills is a vg.CanvasSizer that draws nothing in a colour with no alpha,
// such as a transparent background. gonum/plot's SVG canvas
// (vg/vgsvg/vgsvg.go, colorString) divides by the alpha to write the
// colour: for alpha 0 it converts NaN to an int, which gives
// "fill:#-8000000000000000-8000000000000000-8000000000000000" on amd64 and
// no fill at all under WebAssembly, so the same figure differed between
// the GoNB kernel and the browser kernel. TestVgsvgTransparentGap fails
// when gonum/plot writes such a colour well, and this can go.
type clearFills struct {
	vg.CanvasSizer
	clear []bool // for each Push, whether the colour then was clear
	now   bool   // whether the colour is clear
}

func (c *clearFills) SetColor(col color.Color) {
	c.now = false
	if col != nil {
		_, _, _, a := col.RGBA()
		c.now = a == 0
	}
	c.CanvasSizer.SetColor(col)
}

func (c *clearFills) Push() {
	c.clear = append(c.clear, c.now)
	c.CanvasSizer.Push()
}

func (c *clearFills) Pop() {
	if n := len(c.clear); n > 0 {
		c.now, c.clear = c.clear[n-1], c.clear[:n-1]
	}
	c.CanvasSizer.Pop()
}

func (c *clearFills) Fill(p vg.Path) {
	if !c.now {
		c.CanvasSizer.Fill(p)
	}
}

func (c *clearFills) Stroke(p vg.Path) {
	if !c.now {
		c.CanvasSizer.Stroke(p)
	}
}
