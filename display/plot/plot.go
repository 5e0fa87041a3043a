package plot

import (
	"bytes"
	"fmt"
	"os"

	gonum "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/littlegrad/littlegrad/display/internal/notebook"
)

// A Figure is one or more plots side by side (or one above the other),
// ready to be drawn as SVG.
// Make one with Func, Loss or DecisionBoundary; its methods that set
// something return the Figure, for chaining:
//
//	plot.Func(math.Tanh, -5, 5).Title("tanh").Show()
//
// A Figure is not safe for concurrent use.
type Figure struct {
	panels        []*gonum.Plot
	stacked       bool // panels one above the other, not side by side
	title         string
	width, height vg.Length
	class         string // of the HTML div, for scripts and tests
	kind          string // what the figure shows, for its alt text
}

func newFigure(class, kind string, width, height vg.Length, panels ...*gonum.Plot) *Figure {
	return &Figure{panels: panels, width: width, height: height, class: class, kind: kind}
}

// Title sets the figure's title, drawn above it, and returns f.
func (f *Figure) Title(title string) *Figure {
	f.title = title
	return f
}

// Size sets the figure's width and height in points (1/72 inch; a
// notebook shows a point as 4/3 of a CSS pixel) and returns f. It panics if
// either is not positive.
func (f *Figure) Size(width, height float64) *Figure {
	if !(width > 0 && height > 0) {
		panic(fmt.Sprintf("display/plot: Size(%g, %g): give a positive width and height in points, as Size(432, 288) for 6×4 inches", width, height))
	}
	f.width, f.height = vg.Length(width), vg.Length(height)
	return f
}

// SVG draws the figure and returns it as an SVG document.
//
// Text is set in the Liberation fonts, whose metrics gonum/plot uses to
// place it, and names fonts with the same metrics (Times New Roman) as
// fallbacks for browsers that lack them, so labels stay where they belong.
// The fonts are not embedded, which would add about 400 KB per figure.
func (f *Figure) SVG() ([]byte, error) {
	svg, _, err := f.render()
	return svg, err
}

// render draws the figure, and returns with the SVG the data area of each
// panel: the rectangle, in points from the bottom left corner, that its
// axes span.
func (f *Figure) render() (svg []byte, areas []draw.Canvas, err error) {
	defer func() {
		// gonum/plot reports some failures, such as an axis it cannot
		// scale, by panicking.
		if r := recover(); r != nil {
			svg, areas, err = nil, nil, fmt.Errorf("display/plot: drawing the figure: %v", r)
		}
	}()
	c := vgsvg.New(f.width, f.height)
	dc := draw.New(&clearFills{CanvasSizer: c})
	if f.title != "" {
		sty := text.Style{
			Color:   textColor,
			Font:    font.From(gonum.DefaultFont, 13),
			XAlign:  draw.XCenter,
			YAlign:  draw.YTop,
			Handler: gonum.DefaultTextHandler,
		}
		dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - 4}, f.title)
		dc.Max.Y -= sty.Height(f.title) + 8
	}
	rows := [][]*gonum.Plot{f.panels}
	tiles := draw.Tiles{Rows: 1, Cols: len(f.panels), PadX: vg.Points(24), PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 8}
	if f.stacked {
		rows = nil
		for _, p := range f.panels {
			rows = append(rows, []*gonum.Plot{p})
		}
		tiles.Rows, tiles.Cols, tiles.PadY = len(f.panels), 1, vg.Points(10)
	}
	canvases := gonum.Align(rows, tiles, dc)
	for j, row := range rows {
		for i, p := range row {
			p.Draw(canvases[j][i])
			areas = append(areas, p.DataCanvas(canvases[j][i]))
		}
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, nil, fmt.Errorf("display/plot: writing SVG: %w", err)
	}
	return fontFallbacks(stretchImages(buf.Bytes())), areas, nil
}

// stretchImages lets the images in svg fill the rectangles gonum/plot gives
// them: SVG keeps an image's aspect ratio by default, which shrinks a
// decision boundary's background away from its axes.
func stretchImages(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte("<image "), []byte(`<image preserveAspectRatio="none" `))
}

// fontFallbacks adds metric-compatible fallbacks to the font families that
// gonum/plot names in svg: a browser without Liberation Serif would
// otherwise use its default font, whose wider or narrower glyphs misplace
// the labels.
func fontFallbacks(svg []byte) []byte {
	for _, f := range []struct{ family, fallbacks string }{
		{"Liberation Serif", "'Liberation Serif','Times New Roman',Times,serif"},
		{"Liberation Sans", "'Liberation Sans',Arial,Helvetica,sans-serif"},
		{"Liberation Mono", "'Liberation Mono','Courier New',Courier,monospace"},
	} {
		svg = bytes.ReplaceAll(svg, []byte("font-family:"+f.family+";"), []byte("font-family:"+f.fallbacks+";"))
	}
	return svg
}

// HTML returns what Show displays: an HTML fragment with the figure as an
// <img> holding the SVG, which Jupyter shows whether or not the notebook is
// trusted, in a <div class="lg-plot">, scaled down to fit if it is wider
// than the page, but no further than its text stays readable (then it
// scrolls sideways).
func (f *Figure) HTML() (string, error) {
	svg, err := f.SVG()
	if err != nil {
		return "", err
	}
	return notebook.Image(svg, "lg-plot "+f.class, f.alt()), nil
}

// alt describes the figure for readers who cannot see it.
func (f *Figure) alt() string {
	if f.title != "" {
		return f.kind + ": " + f.title
	}
	return f.kind
}

// Show draws the figure as the output of the running GoNB notebook cell
// and returns once GoNB has it; if drawing fails, it shows the error
// instead. Outside a notebook it does nothing, not even draw: use WriteSVG
// in programs.
func (f *Figure) Show() {
	notebook.Show(func() (string, string, error) {
		h, err := f.HTML()
		return h, f.alt(), err
	})
}

// WriteSVG draws the figure into the file at path, replacing it if it
// exists.
func (f *Figure) WriteSVG(path string) error {
	svg, err := f.SVG()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, svg, 0o644); err != nil {
		return fmt.Errorf("display/plot: %w", err)
	}
	return nil
}
