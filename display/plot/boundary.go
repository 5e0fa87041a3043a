package plot

import (
	"image/color"
	"math"

	gonum "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// boundary is the line where a grid's score is 0, the decision boundary,
// traced by marching squares. gonum's plotter.Contour draws the same line,
// but it keeps its pieces in a map and draws them, and starts each, in the
// map's random order (plotter/contour.go, contourPaths), so the same
// scores gave a different SVG each run (TestBoundaryDeterministic).
// boundary draws the pieces in the grid's order.
type boundary struct {
	g     *grid
	style draw.LineStyle
}

// edge is the side of a grid square that runs from grid point (c, r) to
// the right (dir 0) or up (dir 1).
type edge struct{ c, r, dir int }

// id numbers the edges of an n by n grid in the grid's order.
func (e edge) id(n int) int { return (e.r*n+e.c)*2 + e.dir }

// crossing returns where the line cuts e, if it does.
func (g *grid) crossing(e edge) (x, y float64, ok bool) {
	c2, r2 := e.c+1-e.dir, e.r+e.dir
	z1, z2 := g.Z(e.c, e.r), g.Z(c2, r2)
	if math.IsNaN(z1) || math.IsNaN(z2) || (z1 > 0) == (z2 > 0) {
		return 0, 0, false
	}
	t := z1 / (z1 - z2)
	if math.IsInf(z1, 0) || math.IsInf(z2, 0) {
		t = 0.5
	}
	return g.X(e.c) + t*(g.X(c2)-g.X(e.c)), g.Y(e.r) + t*(g.Y(r2)-g.Y(e.r)), true
}

// segments returns the line's pieces within each square of the grid, as
// pairs of the edges they join, square by square.
func (g *grid) segments() [][2]edge {
	var segs [][2]edge
	for r := range g.n - 1 {
		for c := range g.n - 1 {
			// The square's sides, counterclockwise from the bottom.
			sides := [4]edge{{c, r, 0}, {c + 1, r, 1}, {c, r + 1, 0}, {c, r, 1}}
			var cut []edge
			for _, s := range sides {
				if _, _, ok := g.crossing(s); ok {
					cut = append(cut, s)
				}
			}
			switch len(cut) {
			case 2:
				segs = append(segs, [2]edge{cut[0], cut[1]})
			case 4:
				// A saddle: the centre's sign says which corners the
				// line keeps apart.
				mean := (g.Z(c, r) + g.Z(c+1, r) + g.Z(c+1, r+1) + g.Z(c, r+1)) / 4
				if (mean > 0) == (g.Z(c, r) > 0) {
					segs = append(segs, [2]edge{cut[0], cut[1]}, [2]edge{cut[2], cut[3]})
				} else {
					segs = append(segs, [2]edge{cut[0], cut[3]}, [2]edge{cut[1], cut[2]})
				}
			}
		}
	}
	return segs
}

// lines joins the segments into polylines of edges: first those that end
// at the grid's border, then the closed ones, each begun at its edge that
// comes first in the grid's order.
func (g *grid) lines() [][]edge {
	segs := g.segments()
	next := map[int][]int{} // edge id to the segments that touch it
	for i, s := range segs {
		for _, e := range s {
			next[e.id(g.n)] = append(next[e.id(g.n)], i)
		}
	}
	used := make([]bool, len(segs))
	walk := func(from edge) []edge {
		line := []edge{from}
		for at := from; ; {
			i := -1
			for _, k := range next[at.id(g.n)] {
				if !used[k] {
					i = k
					break
				}
			}
			if i < 0 {
				return line
			}
			used[i] = true
			at = segs[i][0]
			if at == line[len(line)-1] {
				at = segs[i][1]
			}
			line = append(line, at)
		}
	}
	var lines [][]edge
	for _, open := range []bool{true, false} {
		for i, s := range segs {
			for _, e := range s {
				if used[i] || open && len(next[e.id(g.n)]) != 1 {
					continue
				}
				lines = append(lines, walk(e))
			}
		}
	}
	return lines
}

// Plot implements gonum's Plotter.
func (b boundary) Plot(c draw.Canvas, plt *gonum.Plot) {
	trX, trY := plt.Transforms(&c)
	for _, line := range b.g.lines() {
		pts := make([]vg.Point, len(line))
		for i, e := range line {
			x, y, _ := b.g.crossing(e)
			pts[i] = vg.Point{X: trX(x), Y: trY(y)}
		}
		c.StrokeLines(b.style, c.ClipLinesXY(pts)...)
	}
}

// boundaryStyle is the decision boundary's line.
var boundaryStyle = draw.LineStyle{Color: color.Gray{0x40}, Width: vg.Points(1)}
