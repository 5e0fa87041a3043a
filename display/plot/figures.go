package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"

	gonum "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

var (
	textColor = color.Gray{0x20}
	lineColor = color.RGBA{0x1f, 0x77, 0xb4, 0xff} // blue
	accColor  = color.RGBA{0x2c, 0xa0, 0x2c, 0xff} // green
	gridColor = color.Gray{0xe0}

	// The two classes of DecisionBoundary: points and, lighter, regions.
	posPoint  = color.RGBA{0xd6, 0x27, 0x28, 0xff}
	negPoint  = color.RGBA{0x1f, 0x77, 0xb4, 0xff}
	posRegion = color.RGBA{0xf8, 0xd0, 0xcc, 0xff}
	negRegion = color.RGBA{0xcf, 0xe0, 0xf3, 0xff}
	nanRegion = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
)

func newPanel(title, x, y string) *gonum.Plot {
	p := gonum.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	g := plotter.NewGrid()
	g.Vertical.Color = gridColor
	g.Horizontal.Color = gridColor
	p.Add(g)
	return p
}

// Func plots y = f(x) for x from xmin to xmax, as the tutorial plots tanh:
//
//	plot.Func(math.Tanh, -5, 5).Title("tanh").Show()
//
// f is called at 501 evenly spaced points; where it returns NaN or ±Inf the
// curve has a gap. Func panics if xmin and xmax are not finite with
// xmin < xmax.
func Func(f func(x float64) float64, xmin, xmax float64) *Figure {
	if !(xmin < xmax) || math.IsInf(xmin, 0) || math.IsInf(xmax, 0) {
		panic(fmt.Sprintf("display/plot: Func(f, %g, %g): give a finite range with xmin < xmax, as Func(math.Tanh, -5, 5)", xmin, xmax))
	}
	const n = 501
	p := newPanel("", "x", "y")
	p.X.Min, p.X.Max = xmin, xmax
	var seg plotter.XYs
	flush := func() {
		if len(seg) > 0 {
			addLine(p, seg, lineColor)
			seg = nil
		}
	}
	for i := range n {
		x := xmin + (xmax-xmin)*float64(i)/(n-1)
		y := f(x)
		if math.IsNaN(y) || math.IsInf(y, 0) {
			flush()
			continue
		}
		seg = append(seg, plotter.XY{X: x, Y: y})
	}
	flush()
	return newFigure("lg-func", "plot of a function", 6*vg.Inch, 4*vg.Inch, p)
}

// Loss plots a training run: the loss at each step and, if accuracy is not
// nil, the accuracy at each step (a fraction from 0 to 1, drawn as a
// percentage) in a second panel beside it. Steps count from 0. NaN or
// infinite losses are left out. Loss panics if losses is empty, or if
// accuracy is neither nil nor as long as losses.
func Loss(losses, accuracy []float64) *Figure {
	if len(losses) == 0 {
		panic("display/plot: Loss of no losses; pass the loss of every step")
	}
	if accuracy != nil && len(accuracy) != len(losses) {
		panic(fmt.Sprintf("display/plot: Loss got %d losses and %d accuracies; pass one of each per step, or nil accuracies", len(losses), len(accuracy)))
	}
	panels := lossPanels(losses, accuracy)
	if accuracy == nil {
		return newFigure("lg-loss", "loss per training step", 6*vg.Inch, 3.2*vg.Inch, panels...)
	}
	return newFigure("lg-loss", "loss and accuracy per training step", 9*vg.Inch, 3.2*vg.Inch, panels...)
}

// lossPanels plots losses and, unless it is nil, accuracy, in a panel each.
func lossPanels(losses, accuracy []float64) []*gonum.Plot {
	lp := newPanel("loss", "step", "loss")
	addSteps(lp, losses, 1, lineColor)
	if accuracy == nil {
		return []*gonum.Plot{lp}
	}
	ap := newPanel("accuracy", "step", "accuracy (%)")
	addSteps(ap, accuracy, 100, accColor)
	ap.Y.Min, ap.Y.Max = 0, 100
	return []*gonum.Plot{lp, ap}
}

// addSteps draws ys[k]*scale against k, leaving out non-finite values.
func addSteps(p *gonum.Plot, ys []float64, scale float64, c color.Color) {
	xy := make(plotter.XYs, 0, len(ys))
	for k, y := range ys {
		if !math.IsNaN(y) && !math.IsInf(y, 0) {
			xy = append(xy, plotter.XY{X: float64(k), Y: y * scale})
		}
	}
	p.X.Min, p.X.Max = 0, math.Max(1, float64(len(ys)-1))
	if len(xy) == 0 {
		return
	}
	addLine(p, xy, c)
	if len(xy) == 1 {
		s, _ := plotter.NewScatter(xy)
		s.Color = c
		p.Add(s)
	}
}

// addLine draws a line through xy, whose points are finite, in colour c.
func addLine(p *gonum.Plot, xy plotter.XYs, c color.Color) {
	l, _ := plotter.NewLine(xy) // finite: cannot fail
	l.Color = c
	l.Width = vg.Points(1.5)
	p.Add(l)
}

// BoundaryGrid is the number of points per side of the grid at which
// DecisionBoundary evaluates predict.
const BoundaryGrid = 100

// DecisionBoundary plots a classifier's decision regions and the data, as
// micrograd's moons demo does. points are the (x, y) inputs, one row of two
// numbers each, and labels their classes: a label above 0 is one class, any
// other the other (so both ±1 and 1/0 labels work). predict returns the
// classifier's score at (x, y); a score above 0 predicts the first class.
// The background shows the class predicted at each point, and a line where
// the score is 0.
//
// predict is called BoundaryGrid² (10,000) times, over the points' range
// widened on every side. If it records Values on a tape, as Forward does,
// drop them (Tape.Truncate) before it returns, or use a prediction that
// records nothing, such as nn's MLP.Predict:
//
//	predict := func(x, y float64) float64 { return model.Predict([]float64{x, y})[0] }
//	plot.DecisionBoundary(predict, X, labels).Show()
//
// It panics if points is empty, a row of points does not hold two numbers,
// or points and labels differ in length.
func DecisionBoundary(predict func(x, y float64) float64, points [][]float64, labels []float64) *Figure {
	d := newData("DecisionBoundary", points, labels)
	p := d.panel(append(d.grid(predict).plotters(), d.plotters()...)...)
	return newFigure("lg-boundary", "decision boundary and data", 5*vg.Inch, 4*vg.Inch, p)
}

// data is a classifier's 2-D data split by class, and the part of the plane
// that DecisionBoundary shows: the points' range, widened on every side.
type data struct {
	pos, neg               plotter.XYs
	xmin, xmax, ymin, ymax float64
}

// newData checks and splits points and labels, as DecisionBoundary
// describes, or panics with a message that names fn.
func newData(fn string, points [][]float64, labels []float64) data {
	if len(points) == 0 || len(points) != len(labels) {
		panic(fmt.Sprintf("display/plot: %s got %d points and %d labels; pass one label per point, and at least one point", fn, len(points), len(labels)))
	}
	d := data{xmin: math.Inf(1), xmax: math.Inf(-1), ymin: math.Inf(1), ymax: math.Inf(-1)}
	for i, row := range points {
		if len(row) != 2 {
			panic(fmt.Sprintf("display/plot: %s: point %d has %d coordinates; pass rows of two, (x, y)", fn, i, len(row)))
		}
		x, y := row[0], row[1]
		d.xmin, d.xmax = math.Min(d.xmin, x), math.Max(d.xmax, x)
		d.ymin, d.ymax = math.Min(d.ymin, y), math.Max(d.ymax, y)
		if labels[i] > 0 {
			d.pos = append(d.pos, plotter.XY{X: x, Y: y})
		} else {
			d.neg = append(d.neg, plotter.XY{X: x, Y: y})
		}
	}
	if math.IsInf(d.xmax-d.xmin, 0) || math.IsInf(d.ymax-d.ymin, 0) || math.IsNaN(d.xmax-d.xmin+d.ymax-d.ymin) {
		panic(fmt.Sprintf("display/plot: %s: the points are not all finite numbers", fn))
	}
	padX, padY := 0.5+0.1*(d.xmax-d.xmin), 0.5+0.1*(d.ymax-d.ymin)
	d.xmin, d.xmax, d.ymin, d.ymax = d.xmin-padX, d.xmax+padX, d.ymin-padY, d.ymax+padY
	return d
}

// grid evaluates predict over d's part of the plane.
func (d data) grid(predict func(x, y float64) float64) *grid {
	return newGrid(predict, d.xmin, d.xmax, d.ymin, d.ymax, BoundaryGrid)
}

// panel returns a panel over d's part of the plane that draws layers. It
// has no grid lines, which the background would hide.
func (d data) panel(layers ...gonum.Plotter) *gonum.Plot {
	p := gonum.New()
	p.X.Label.Text, p.Y.Label.Text = "x", "y"
	p.Add(layers...)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = d.xmin, d.xmax, d.ymin, d.ymax
	return p
}

// plotters draw the points, coloured by class.
func (d data) plotters() []gonum.Plotter {
	var ps []gonum.Plotter
	for _, cls := range []struct {
		xy    plotter.XYs
		color color.Color
	}{{d.neg, negPoint}, {d.pos, posPoint}} {
		if len(cls.xy) == 0 {
			continue
		}
		s, _ := plotter.NewScatter(cls.xy)
		s.GlyphStyle = draw.GlyphStyle{Color: cls.color, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		ring, _ := plotter.NewScatter(cls.xy)
		ring.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(3), Shape: draw.RingGlyph{}}
		ps = append(ps, s, ring)
	}
	return ps
}

// grid holds predict's scores on a regular grid.
type grid struct {
	n                              int
	xmin, xmax, dx, ymin, ymax, dy float64
	z                              []float64 // row r (y), column c (x) at r*n+c
	lo, hi                         float64   // finite extremes of z
}

func newGrid(predict func(x, y float64) float64, xmin, xmax, ymin, ymax float64, n int) *grid {
	g := &grid{n: n, xmin: xmin, xmax: xmax, dx: (xmax - xmin) / float64(n-1), ymin: ymin, ymax: ymax, dy: (ymax - ymin) / float64(n-1),
		z: make([]float64, n*n), lo: math.Inf(1), hi: math.Inf(-1)}
	for r := range n {
		for c := range n {
			s := predict(g.X(c), g.Y(r))
			g.z[r*n+c] = s
			if !math.IsNaN(s) && !math.IsInf(s, 0) {
				g.lo, g.hi = math.Min(g.lo, s), math.Max(g.hi, s)
			}
		}
	}
	return g
}

func (g *grid) Z(c, r int) float64 { return g.z[r*g.n+c] }
func (g *grid) X(c int) float64    { return g.xmin + float64(c)*g.dx }
func (g *grid) Y(r int) float64    { return g.ymin + float64(r)*g.dy }

// image colors each grid point by the class predicted there. An image's
// first row is its top, the grid's the bottom.
func (g *grid) image() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, g.n, g.n))
	for r := range g.n {
		for c := range g.n {
			col := nanRegion
			switch s := g.Z(c, r); {
			case s > 0:
				col = posRegion
			case s <= 0:
				col = negRegion
			}
			img.SetRGBA(c, g.n-1-r, col)
		}
	}
	return img
}

// plotters draw the predicted class as the background, and the line where
// the score is 0 if it changes sign.
func (g *grid) plotters() []gonum.Plotter {
	ps := []gonum.Plotter{plotter.NewImage(g.image(), g.xmin, g.ymin, g.xmax, g.ymax)}
	if g.lo < 0 && g.hi > 0 {
		ps = append(ps, boundary{g, boundaryStyle})
	}
	return ps
}
