package plot

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"image/color"
	"os"
	"strings"

	gonum "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/littlegrad/littlegrad/display/internal/notebook"
)

// MaxFrames is the largest number of frames that a Training's widget
// holds. A frame of the moons demo takes about 6 KB of notebook output.
var MaxFrames = 200

// A Training records a training run of a classifier on 2-D data (the loss
// and accuracy at every step, and every few steps the decision boundary)
// and replays it in a widget, with a slider and a play button: the boundary
// over the data at the step chosen, beside the loss and accuracy curves
// with a marker at that step. In micrograd's moons demo:
//
//	run := plot.NewTraining(X, y, 100) // 100 steps: a frame every 5
//	nn.Train(model, opt, 100, func(k int) autograd.Value {
//		total, scores := loss(model, params, inputs, y)
//		predict := func(a, b float64) float64 { return model.Predict([]float64{a, b})[0] }
//		run.Record(k, total.Data(), nn.Accuracy(scores, y), predict)
//		return total
//	})
//	run.Show()
//
// The frames are drawn once, in Go, and travel in the notebook's output, so
// the widget needs no kernel to play; see HTML for how it shows where
// scripts do not run. A Training is not safe for concurrent use.
type Training struct {
	data             data
	steps, every     int
	losses, accuracy []float64
	frames           []frame
}

// A frame is the decision boundary at one step.
type frame struct {
	step int
	grid *grid
}

// NewTraining starts the record of a run of steps steps on points with
// labels, given as DecisionBoundary takes them. It keeps a frame of the
// decision boundary every steps/20 steps (at least every step), and at the
// last step; Every changes that. It panics if steps < 1, and as
// DecisionBoundary on points and labels.
func NewTraining(points [][]float64, labels []float64, steps int) *Training {
	if steps < 1 {
		panic(fmt.Sprintf("display/plot: NewTraining of %d steps; pass the number of steps the run takes, as NewTraining(X, y, 100)", steps))
	}
	return &Training{data: newData("NewTraining", points, labels), steps: steps, every: max(1, steps/20)}
}

// Every sets t to keep a frame every k steps (steps 0, k, 2k, …, and the
// last) and returns t. Each frame costs BoundaryGrid² calls of predict when
// it is recorded. It panics if k < 1 or if steps were recorded already.
func (t *Training) Every(k int) *Training {
	if k < 1 || len(t.losses) > 0 {
		panic(fmt.Sprintf("display/plot: Every(%d) with %d steps recorded; call it once, with k ≥ 1, before Record", k, len(t.losses)))
	}
	t.every = k
	return t
}

// Record records step k of the run: its loss, its accuracy (a fraction from
// 0 to 1) and, if k is a frame's step, the decision boundary of predict,
// which returns the classifier's score at (x, y) as for DecisionBoundary.
// Call it at every step, in order from step 0, with the loss that the step
// computed before updating the parameters, as in the loss function given to
// nn.Train: the boundary is then the one that the loss measured. NaN or
// infinite losses and accuracies are left out of the curves. It panics if k
// is not the next step, or is past the last, if accuracy is a number
// outside [0, 1] (a percentage, say), or if predict is nil.
func (t *Training) Record(k int, loss, accuracy float64, predict func(x, y float64) float64) {
	switch {
	case k != len(t.losses) || k >= t.steps:
		panic(fmt.Sprintf("display/plot: Record(%d, …) after %d of %d steps; record every step once, in order, from step 0", k, len(t.losses), t.steps))
	case accuracy < 0 || accuracy > 1:
		panic(fmt.Sprintf("display/plot: Record got accuracy %g; pass a fraction from 0 to 1, as nn.Accuracy returns", accuracy))
	case predict == nil:
		panic("display/plot: Record got a nil predict; pass the classifier's score at (x, y), as func(x, y float64) float64 { return model.Predict([]float64{x, y})[0] }")
	}
	t.losses = append(t.losses, loss)
	t.accuracy = append(t.accuracy, accuracy)
	if k%t.every == 0 || k == t.steps-1 {
		t.frames = append(t.frames, frame{step: k, grid: t.data.grid(predict)})
	}
}

// The widget's figures, in points: side by side they fit a notebook.
const (
	boundaryWidth  = 4.2 * vg.Inch
	curvesWidth    = 4.6 * vg.Inch
	trainingHeight = 3.6 * vg.Inch
)

// trainingJS turns the widget into a player (see notebook.Script).
//
//go:embed training.js
var trainingJS string

// HTML returns the widget that Show displays, as an HTML fragment that
// needs nothing from elsewhere. Its drawings are SVG in <img> elements, so
// it shows wherever a notebook's HTML is shown, as much as scripts are
// allowed there:
//
//   - without scripts (a notebook that is not trusted), it shows the
//     decision boundary at the last step recorded, as DecisionBoundary draws
//     it, the loss and accuracy curves, and a caption that says so;
//   - with scripts (a trusted notebook, HTML exported by nbconvert), a player
//     shows any frame: a slider, buttons to step and to play and pause,
//     and a marker on the curves at the frame's step.
//
// For scripts and tests, its parts carry stable names. The container is a
// <div class="lg-training"> whose data-frames attribute is the number of
// frames, data-frame the frame shown (0-based) and data-step its step. The
// still drawing of the boundary is an <img class="lg-training-still">, the
// curves an <img class="lg-training-curves">. Each frame is a <div
// class="lg-training-frame"> with data-step and its drawing in data-src. The
// player's controls are those of display.BackwardHTML; it draws each frame
// as an <img class="lg-training-regions"> under the still, which then shows
// the data alone, and the markers as <div class="lg-training-marker">.
//
// It returns an error if no step was recorded, if there are more than
// MaxFrames frames, or if drawing fails.
func (t *Training) HTML() (string, error) {
	h, _, err := t.html()
	return h, err
}

// Show shows the widget (see HTML) as the output of the running GoNB
// notebook cell and returns once GoNB has it; if drawing fails, it shows the
// error instead. Outside a notebook it does nothing, not even draw: use
// WriteHTML in programs.
func (t *Training) Show() {
	notebook.Show(t.html)
}

// WriteHTML writes the widget (see HTML) as a web page into the file at
// path, replacing it if it exists.
func (t *Training) WriteHTML(path string) error {
	h, text, err := t.html()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, notebook.Page(text, h), 0o644); err != nil {
		return fmt.Errorf("display/plot: %w", err)
	}
	return nil
}

// html returns the widget and a line of text that describes it.
func (t *Training) html() (h, text string, err error) {
	switch {
	case len(t.frames) == 0:
		return "", "", fmt.Errorf("display/plot: the Training has no step recorded; call Record at every step of the run")
	case len(t.frames) > MaxFrames:
		return "", "", fmt.Errorf("display/plot: the Training has %d frames, more than MaxFrames (%d); keep fewer with Every", len(t.frames), MaxFrames)
	}
	last := t.frames[len(t.frames)-1]
	n := len(t.losses)
	text = fmt.Sprintf("training: the decision boundary at step %d of %d, %s", last.step, n-1, t.scores(last.step))

	still := newFigure("", "", boundaryWidth, trainingHeight,
		t.data.panel(append(last.grid.plotters(), t.data.plotters()...)...))
	stillSVG, areas, err := still.render()
	if err != nil {
		return "", "", err
	}
	area := areas[0]
	over := t.data.panel(t.data.plotters()...)
	over.BackgroundColor = color.Transparent
	overSVG, overAreas, err := newFigure("", "", boundaryWidth, trainingHeight, over).render()
	if err != nil {
		return "", "", err
	}
	if overAreas[0].Rectangle != area.Rectangle {
		return "", "", fmt.Errorf("display/plot: the data and the boundary are laid out differently (%v, %v)", overAreas[0].Rectangle, area.Rectangle)
	}
	cp := lossPanels(t.losses, t.accuracy)
	curves := newFigure("", "", curvesWidth, trainingHeight, cp...)
	curves.stacked = true
	curvesSVG, panels, err := curves.render()
	if err != nil {
		return "", "", err
	}

	var b strings.Builder
	b.WriteString(`<div class="lg-training-view" style="display:flex;flex-wrap:wrap;align-items:flex-start;gap:12px">`)
	fmt.Fprintf(&b, `<div style="position:relative;max-width:100%%;background:#fff" data-box="%s">`,
		percents(boundaryWidth, trainingHeight, area.Rectangle))
	b.WriteString(notebook.Img(stillSVG, "lg-training-still", fmt.Sprintf("decision boundary and data at step %d", last.step)))
	b.WriteString("</div>")
	var boxes []string
	for _, p := range panels {
		boxes = append(boxes, percents(curvesWidth, trainingHeight, p.Rectangle))
	}
	fmt.Fprintf(&b, `<div style="position:relative;max-width:100%%" data-boxes="%s">`, strings.Join(boxes, ";"))
	b.WriteString(notebook.Img(curvesSVG, "lg-training-curves", fmt.Sprintf("loss and accuracy at each of %d steps", n)))
	b.WriteString("</div></div>\n")
	fmt.Fprintf(&b, `<div class="lg-training-caption">Above: the decision boundary at step %d of %d (%s), and the loss and accuracy at every step. In a trusted notebook, or in the exported HTML, a player shows the boundary every %d steps.</div>`+"\n",
		last.step, n-1, html.EscapeString(t.scores(last.step)), t.every)
	fmt.Fprintf(&b, `<div class="lg-training-data" data-src="%s"></div>`+"\n", notebook.DataURI(overSVG))
	w, hgt := area.Max.X-area.Min.X, area.Max.Y-area.Min.Y
	for _, f := range t.frames {
		svg, err := t.data.layerSVG(w, hgt, f.grid.plotters())
		if err != nil {
			return "", "", err
		}
		x, _ := cp[0].Transforms(&panels[0]) // the panels share their x axis
		fmt.Fprintf(&b, `<div class="lg-training-frame" data-step="%d" data-x="%.3f" data-caption="%s" data-src="%s"></div>`+"\n",
			f.step, 100*float64(x(float64(f.step)))/float64(curvesWidth),
			html.EscapeString(fmt.Sprintf("step %d of %d: %s", f.step, n-1, t.scores(f.step))), notebook.DataURI(svg))
	}
	body := b.String()
	id := notebook.ID(body)
	return fmt.Sprintf(`<div class="lg-training" id="%s" data-frames="%d" data-frame="%d" data-step="%d">`+"\n",
		id, len(t.frames), len(t.frames)-1, last.step) + body + notebook.Script(trainingJS, id) + "\n</div>", text, nil
}

// scores describes the loss and accuracy at step k.
func (t *Training) scores(k int) string {
	return fmt.Sprintf("loss %.4f, accuracy %.0f%%", t.losses[k], 100*t.accuracy[k])
}

// percents returns where r lies in a figure of w × h points, as CSS
// percentages of the figure's size, left, top, width and height, joined by
// commas. Figures have their origin at the bottom left, CSS at the top left.
func percents(w, h vg.Length, r vg.Rectangle) string {
	pc := func(x, of vg.Length) string { return fmt.Sprintf("%.3f", 100*float64(x)/float64(of)) }
	return strings.Join([]string{pc(r.Min.X, w), pc(h-r.Max.Y, h), pc(r.Max.X-r.Min.X, w), pc(r.Max.Y-r.Min.Y, h)}, ",")
}

// layerSVG draws layers alone over d's part of the plane, which fills a
// canvas of w × h points: no axes, no background.
func (d data) layerSVG(w, h vg.Length, layers []gonum.Plotter) ([]byte, error) {
	c := vgsvg.New(w, h)
	p := gonum.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = d.xmin, d.xmax, d.ymin, d.ymax
	dc := draw.New(&clearFills{CanvasSizer: c})
	for _, l := range layers {
		l.Plot(dc, p)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("display/plot: writing SVG: %w", err)
	}
	return stretchImages(buf.Bytes()), nil
}
