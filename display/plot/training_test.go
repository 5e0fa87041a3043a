package plot_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/nn"
	"github.com/littlegrad/littlegrad/display/internal/svgtest"
	"github.com/littlegrad/littlegrad/display/plot"
)

// shifting returns the classifier of step k of a made-up run: the line x =
// 2 - 0.1k, moving left.
func shifting(k int) func(x, y float64) float64 {
	return func(x, y float64) float64 { return x - 2 + 0.1*float64(k) }
}

// record runs a made-up training of steps steps, with a frame every every
// steps (0 for the default).
func record(steps, every int) *plot.Training {
	run := plot.NewTraining(moonsX, moonsY, steps)
	if every > 0 {
		run.Every(every)
	}
	for k := range steps {
		run.Record(k, 1/float64(k+1), math.Min(1, 0.5+0.05*float64(k)), shifting(k))
	}
	return run
}

// widget is what tests read of a Training's HTML.
type widget struct {
	frames   int       // data-frames
	steps    []int     // data-step of each frame
	xs       []float64 // data-x of each frame, in percent
	captions []string
	regions  [][]byte // the SVG of each frame
	still    []byte
	curves   []byte
	data     []byte
	box      []float64   // where the regions go over the still, in percent
	boxes    [][]float64 // the curves' panels
	caption  string      // the caption shown without scripts
}

func readWidget(t *testing.T, h string) widget {
	t.Helper()
	var w widget
	svg := func(uri string) []byte {
		b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(uri, "data:image/svg+xml;base64,"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	nums := func(s string) []float64 {
		var out []float64
		for _, f := range strings.Split(s, ",") {
			x, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, x)
		}
		return out
	}
	m := regexp.MustCompile(`^<div class="lg-training" id="lg[a-z0-9]+" data-frames="(\d+)" data-frame="(\d+)" data-step="(\d+)">`).FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("the widget starts %.200s", h)
	}
	w.frames, _ = strconv.Atoi(m[1])
	for _, m := range regexp.MustCompile(`<div class="lg-training-frame" data-step="(\d+)" data-x="([0-9.]+)" data-caption="([^"]*)" data-src="([^"]*)"></div>`).FindAllStringSubmatch(h, -1) {
		k, _ := strconv.Atoi(m[1])
		x, _ := strconv.ParseFloat(m[2], 64)
		w.steps, w.xs, w.captions = append(w.steps, k), append(w.xs, x), append(w.captions, html.UnescapeString(m[3]))
		w.regions = append(w.regions, svg(m[4]))
	}
	if n, _ := strconv.Atoi(m[2]); n != w.frames-1 || m[3] != strconv.Itoa(w.steps[len(w.steps)-1]) {
		t.Errorf("the widget shows frame %s, step %s; want the last, %d, step %d", m[2], m[3], w.frames-1, w.steps[len(w.steps)-1])
	}
	one := func(re string) []string {
		m := regexp.MustCompile(re).FindAllStringSubmatch(h, -1)
		if len(m) != 1 {
			t.Fatalf("%d matches of %s, want 1", len(m), re)
		}
		return m[0]
	}
	b := one(`<div style="position:relative;max-width:100%;background:#fff" data-box="([0-9.,]+)"><img class="lg-training-still" src="([^"]*)"`)
	w.box, w.still = nums(b[1]), svg(b[2])
	c := one(`<div style="position:relative;max-width:100%" data-boxes="([0-9.,;]+)"><img class="lg-training-curves" src="([^"]*)"`)
	for _, s := range strings.Split(c[1], ";") {
		w.boxes = append(w.boxes, nums(s))
	}
	w.curves = svg(c[2])
	w.data = svg(one(`<div class="lg-training-data" data-src="([^"]*)"></div>`)[1])
	w.caption = html.UnescapeString(one(`<div class="lg-training-caption">([^<]*)</div>`)[1])
	if strings.Count(h, "<script>") != 1 || !strings.Contains(h, "lgPlayer(root, root.querySelector(\".lg-training-view\")") {
		t.Error("the widget lacks its script")
	}
	return w
}

// background returns the PNG background image of an SVG drawing, which
// shows the predicted class.
func background(t *testing.T, svg []byte) []byte {
	t.Helper()
	m := regexp.MustCompile(`<image preserveAspectRatio="none" [^>]*xlink:href="data:image/[a-z]+;base64,([^"]+)"`).FindAllSubmatch(svg, -1)
	if len(m) != 1 {
		t.Fatalf("%d background images, want 1", len(m))
	}
	png, err := base64.StdEncoding.DecodeString(string(m[0][1]))
	if err != nil {
		t.Fatal(err)
	}
	return png
}

func TestTrainingFrames(t *testing.T) {
	tests := []struct {
		steps, every int
		want         []int // the steps of the frames
	}{
		{100, 0, []int{0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 99}},
		{25, 10, []int{0, 10, 20, 24}},
		{21, 10, []int{0, 10, 20}},
		{10, 0, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{1, 0, []int{0}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d every %d", tt.steps, tt.every), func(t *testing.T) {
			h, err := record(tt.steps, tt.every).HTML()
			if err != nil {
				t.Fatal(err)
			}
			w := readWidget(t, h)
			if !slices.Equal(w.steps, tt.want) || w.frames != len(tt.want) {
				t.Fatalf("frames at steps %v (data-frames %d), want %v", w.steps, w.frames, tt.want)
			}
			last := tt.want[len(tt.want)-1]
			for i, k := range w.steps {
				// Each frame is the boundary that the step's classifier draws.
				want, err := plot.DecisionBoundary(shifting(k), moonsX, moonsY).SVG()
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(background(t, w.regions[i]), background(t, want)) {
					t.Errorf("frame %d does not show step %d's classifier", i, k)
				}
				svgtest.Texts(t, w.regions[i])
				if wantCaption := fmt.Sprintf("step %d of %d: loss %.4f, accuracy", k, tt.steps-1, 1/float64(k+1)); !strings.HasPrefix(w.captions[i], wantCaption) {
					t.Errorf("frame %d's caption %q, want it to start %q", i, w.captions[i], wantCaption)
				}
			}
			// The still is the last frame with the data; the data layer
			// has no background.
			if !bytes.Equal(background(t, w.still), background(t, w.regions[len(w.regions)-1])) {
				t.Error("the still does not show the last frame")
			}
			if bytes.Contains(w.data, []byte("<image")) || bytes.Contains(w.data, []byte("fill:#FFFFFF")) {
				t.Error("the data layer has a background")
			}
			for _, svg := range [][]byte{w.still, w.data, w.curves} {
				svgtest.Texts(t, svg)
			}
			if !strings.Contains(w.caption, fmt.Sprintf("the decision boundary at step %d of %d", last, tt.steps-1)) {
				t.Errorf("caption without scripts: %q", w.caption)
			}
		})
	}
}

// The markers sit on the curves' x axis: at its left end at step 0, at its
// right end at the last step, in proportion between.
func TestTrainingMarkers(t *testing.T) {
	h, err := record(100, 0).HTML()
	if err != nil {
		t.Fatal(err)
	}
	w := readWidget(t, h)
	if len(w.boxes) != 2 {
		t.Fatalf("%d panels of curves, want loss and accuracy", len(w.boxes))
	}
	for _, b := range w.boxes {
		if math.Abs(b[0]-w.boxes[0][0]) > 0.01 || math.Abs(b[2]-w.boxes[0][2]) > 0.01 {
			t.Errorf("the panels' x axes differ: %v", w.boxes)
		}
	}
	left, width := w.boxes[0][0], w.boxes[0][2]
	for i, k := range w.steps {
		if want := left + width*float64(k)/99; math.Abs(w.xs[i]-want) > 0.01 {
			t.Errorf("step %d's marker at %.3f%%, want %.3f%%", k, w.xs[i], want)
		}
	}
	if w.box[0] <= 0 || w.box[1] < 0 || w.box[0]+w.box[2] > 100 || w.box[1]+w.box[3] > 100 {
		t.Errorf("the regions' box %v is not inside the drawing", w.box)
	}
}

// The moons demo of the tutorial, 100 steps with a frame every 5: its
// widget stays well under 2 MB of notebook output.
func TestTrainingMoonsSize(t *testing.T) {
	h, err := moonsRun(t).HTML()
	if err != nil {
		t.Fatal(err)
	}
	w := readWidget(t, h)
	if w.frames != 21 {
		t.Errorf("%d frames, want 21", w.frames)
	}
	if len(h) > 1<<20 {
		t.Errorf("the widget takes %d bytes, want under 1 MiB", len(h))
	}
	t.Logf("the moons widget: %d frames, %d bytes", w.frames, len(h))
}

// moonsRun trains micrograd's moons demo for 100 steps, recording it.
func moonsRun(tb testing.TB) *plot.Training {
	X, y := nn.Moons(100, 0.1, 1337)
	for i := range y {
		y[i] = 2*y[i] - 1
	}
	model := nn.NewMLP(2, []int{16, 16, 1})
	params := model.Parameters()
	inputs := nn.Inputs(model.Tape(), X)
	opt := nn.NewSGD(params, 1).Schedule(func(k int) float64 { return 1.0 - 0.9*float64(k)/100 })
	predict := func(a, b float64) float64 { return model.Predict([]float64{a, b})[0] }
	run := plot.NewTraining(X, y, 100)
	scores := make([]autograd.Value, 0, len(X))
	nn.Train(model, opt, 100, func(k int) autograd.Value {
		scores = scores[:0]
		for _, x := range inputs {
			scores = model.AppendForward(scores, x)
		}
		total := nn.Hinge(scores, y).Add(nn.L2(params, 1e-4))
		run.Record(k, total.Data(), nn.Accuracy(scores, y), predict)
		return total
	})
	return run
}

func TestTrainingErrors(t *testing.T) {
	if _, err := plot.NewTraining(moonsX, moonsY, 10).HTML(); err == nil || !strings.Contains(err.Error(), "no step recorded") {
		t.Errorf("HTML of no steps: %v", err)
	}
	defer func(n int) { plot.MaxFrames = n }(plot.MaxFrames)
	plot.MaxFrames = 3
	if _, err := record(10, 3).HTML(); err != nil { // 0, 3, 6, 9
		if !strings.HasPrefix(err.Error(), "display/plot: ") || !strings.Contains(err.Error(), "Every") {
			t.Errorf("too many frames: %v", err)
		}
	} else {
		t.Error("4 frames above MaxFrames 3: no error")
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "missing", "training.html")
	if err := record(2, 0).WriteHTML(bad); err == nil || !strings.HasPrefix(err.Error(), "display/plot: ") || !strings.Contains(err.Error(), bad) {
		t.Errorf("error %v, want one that starts with display/plot: and names the path", err)
	}
	good := filepath.Join(dir, "training.html")
	if err := record(2, 0).WriteHTML(good); err != nil {
		t.Fatal(err)
	}
	if page, _ := os.ReadFile(good); !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) || !bytes.Contains(page, []byte(`class="lg-training"`)) {
		t.Errorf("the page is not the widget's: %.200s", page)
	}
}

// BenchmarkTrainingHTML is the time to draw the moons demo's widget: 21
// frames, the still, the data and the curves.
func BenchmarkTrainingHTML(b *testing.B) {
	run := moonsRun(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := run.HTML(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrainingMoons is the time to train the moons demo for 100 steps
// while recording it, frames included, and to draw its widget: what a
// notebook cell runs.
func BenchmarkTrainingMoons(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := moonsRun(b).HTML(); err != nil {
			b.Fatal(err)
		}
	}
}

// The widget is the same each time it is made, id included, so a notebook
// run twice has the same outputs; another run has another id.
func TestTrainingDeterministic(t *testing.T) {
	h1, err1 := record(10, 2).HTML()
	h2, err2 := record(10, 2).HTML()
	h3, err3 := record(10, 5).HTML()
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	id := regexp.MustCompile(`id="(lg[0-9a-f]+)"`)
	if h1 != h2 || id.FindString(h1) == id.FindString(h3) {
		t.Errorf("the same run's widgets differ (%v), or two runs' share an id (%s)", h1 != h2, id.FindString(h3))
	}
}
