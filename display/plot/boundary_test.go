package plot

import (
	"bytes"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
)

// rings scores the plane so that its zero line has several pieces: rings
// around the points where sin(3x)·cos(3y) peaks.
func rings(x, y float64) float64 { return math.Sin(3*x)*math.Cos(3*y) - 0.5 }

var ringPoints = [][]float64{{-1, -1}, {1, 1}, {-1, 1}, {1, -1}}
var ringLabels = []float64{1, -1, 1, -1}

// A decision boundary of several pieces draws the same SVG every time; with
// gonum's plotter.Contour it did not (see boundary), and still would not:
// the test fails once gonum draws its pieces in a fixed order, and boundary
// can go.
func TestBoundaryDeterministic(t *testing.T) {
	first, err := DecisionBoundary(rings, ringPoints, ringLabels).SVG()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := DecisionBoundary(rings, ringPoints, ringLabels).SVG()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, first) {
			t.Fatal("the same decision boundary drew two different SVGs")
		}
	}

	d := newData("rings", ringPoints, ringLabels)
	g := d.grid(rings)
	if n := len(g.lines()); n < 3 {
		t.Fatalf("the test's boundary has %d pieces; it needs several to show their order", n)
	}
	gonumSVG := func() []byte {
		c := plotter.NewContour(gonumGrid{g}, []float64{0}, onePalette{})
		svg, _, err := newFigure("lg-plot", "boundary", 400, 400, d.panel(c)).render()
		if err != nil {
			t.Fatal(err)
		}
		return svg
	}
	theirs := gonumSVG()
	differ := false
	for range 20 {
		differ = differ || !bytes.Equal(gonumSVG(), theirs)
	}
	if !differ {
		t.Error("gonum's plotter.Contour drew the same SVG 21 times: if it now draws its pieces in a fixed order, boundary can go")
	}

}

// The boundary of a disc is one closed line through points on its circle.
func TestBoundaryCircle(t *testing.T) {
	const radius = 0.7
	g := newGrid(func(x, y float64) float64 { return x*x + y*y - radius*radius }, -1, 1, -1, 1, 41)
	lines := g.lines()
	if len(lines) != 1 {
		t.Fatalf("the disc's boundary has %d pieces, want 1", len(lines))
	}
	line := lines[0]
	if line[0] != line[len(line)-1] {
		t.Errorf("the disc's boundary is not closed: it runs from %v to %v", line[0], line[len(line)-1])
	}
	for _, e := range line {
		x, y, ok := g.crossing(e)
		if d := math.Hypot(x, y); !ok || math.Abs(d-radius) > g.dx/2 {
			t.Errorf("the boundary passes through (%.3f, %.3f), %.3f from the centre, want %.3f", x, y, d, radius)
		}
	}
	if n := len(line); n < 40 {
		t.Errorf("the disc's boundary has %d points; on a grid of 41 it cuts more edges", n)
	}
}

// gonumGrid is a grid as gonum's contour reads it.
type gonumGrid struct{ *grid }

func (g gonumGrid) Dims() (c, r int) { return g.n, g.n }
func (g gonumGrid) Min() float64     { return g.lo }
func (g gonumGrid) Max() float64     { return g.hi }

type onePalette struct{}

func (onePalette) Colors() []color.Color { return []color.Color{color.Gray{0x40}} }

var _ palette.Palette = onePalette{}
