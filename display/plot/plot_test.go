package plot_test

import (
	"bytes"
	"encoding/base64"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/display/internal/svgtest"
	"github.com/littlegrad/littlegrad/display/plot"
)

var moonsX = [][]float64{{-1, 0.2}, {0, 1}, {1, 0}, {2, 0.5}, {1, -0.5}, {0, -0.2}}
var moonsY = []float64{1, 1, 1, -1, -1, -1}

func TestFigures(t *testing.T) {
	losses := []float64{1, 0.5, math.NaN(), 0.25, 0.1}
	acc := []float64{0.5, 0.6, 0.7, 0.9, 1}
	tests := []struct {
		name  string
		fig   *plot.Figure
		class string
		want  []string // texts in the SVG
	}{
		{"tanh", plot.Func(math.Tanh, -5, 5).Title("tanh"), "lg-func", []string{"tanh", "x", "y", "-5", "5"}},
		{"gaps", plot.Func(math.Log, -1, 1), "lg-func", []string{"x", "y"}},
		{"loss", plot.Loss(losses, nil), "lg-loss", []string{"loss", "step"}},
		{"loss and accuracy", plot.Loss(losses, acc).Title("moons").Size(600, 250), "lg-loss", []string{"moons", "loss", "accuracy", "accuracy (%)", "100"}},
		{"one step", plot.Loss([]float64{0.5}, []float64{1}), "lg-loss", []string{"loss"}},
		{"boundary", plot.DecisionBoundary(func(x, y float64) float64 { return x - 0.5 }, moonsX, moonsY), "lg-boundary", []string{"x", "y"}},
		{"constant boundary", plot.DecisionBoundary(func(x, y float64) float64 { return 1 }, moonsX, moonsY), "lg-boundary", nil},
		{"NaN boundary", plot.DecisionBoundary(func(x, y float64) float64 { return math.NaN() }, moonsX, moonsY), "lg-boundary", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := tt.fig.SVG()
			if err != nil {
				t.Fatal(err)
			}
			got := svgtest.Texts(t, svg)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("no text %q in %q", w, got)
				}
			}
			for _, m := range regexp.MustCompile(`font-family:([^;"]*)`).FindAllSubmatch(svg, -1) {
				if !bytes.HasSuffix(m[1], []byte("serif")) && !bytes.HasSuffix(m[1], []byte("monospace")) {
					t.Errorf("font-family %s has no generic fallback", m[1])
				}
			}
			if n := bytes.Count(svg, []byte("<image ")); n != bytes.Count(svg, []byte(`<image preserveAspectRatio="none" `)) {
				t.Errorf("an image keeps its aspect ratio")
			}
			again, _ := tt.fig.SVG()
			if !bytes.Equal(svg, again) {
				t.Error("two drawings of one figure differ")
			}
			h, err := tt.fig.HTML()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(h, `<div class="lg-plot `+tt.class+`" style="overflow-x:auto`) || strings.Count(h, "<") != 3 {
				t.Errorf("HTML is not a scrolling div with one image: %.200s", h)
			}
		})
	}
}

// The background shows the predicted class the right way up.
func TestDecisionBoundaryRegions(t *testing.T) {
	calls := 0
	// Positive above y = 0.5 and right of x = 0.5.
	predict := func(x, y float64) float64 {
		calls++
		return math.Min(x-0.5, y-0.5)
	}
	svg, err := plot.DecisionBoundary(predict, moonsX, moonsY).SVG()
	if err != nil {
		t.Fatal(err)
	}
	if calls != plot.BoundaryGrid*plot.BoundaryGrid {
		t.Errorf("predict called %d times, want %d", calls, plot.BoundaryGrid*plot.BoundaryGrid)
	}
	m := regexp.MustCompile(`xlink:href="data:image/[a-z]+;base64,([^"]+)"`).FindSubmatch(svg)
	if m == nil {
		t.Fatal("no background image")
	}
	data, _ := base64.StdEncoding.DecodeString(string(m[1]))
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	at := func(x, y int) color.RGBA { return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) }
	topRight, bottomLeft, topLeft := at(b.Max.X-1, b.Min.Y), at(b.Min.X, b.Max.Y-1), at(b.Min.X, b.Min.Y)
	if topRight == bottomLeft || bottomLeft != topLeft {
		t.Errorf("regions: top right %v, bottom left %v, top left %v; want the top right alone to differ", topRight, bottomLeft, topLeft)
	}
	if !(topRight.R > topRight.B) {
		t.Errorf("the positive region is %v, want reddish like the positive points", topRight)
	}
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"empty range", func() { plot.Func(math.Tanh, 1, 1) }},
		{"reversed range", func() { plot.Func(math.Tanh, 1, -1) }},
		{"infinite range", func() { plot.Func(math.Tanh, 0, math.Inf(1)) }},
		{"NaN range", func() { plot.Func(math.Tanh, math.NaN(), 1) }},
		{"no losses", func() { plot.Loss(nil, nil) }},
		{"accuracy length", func() { plot.Loss([]float64{1, 2}, []float64{1}) }},
		{"no points", func() { plot.DecisionBoundary(func(x, y float64) float64 { return 0 }, nil, nil) }},
		{"label count", func() { plot.DecisionBoundary(func(x, y float64) float64 { return 0 }, moonsX, moonsY[1:]) }},
		{"3-D points", func() {
			plot.DecisionBoundary(func(x, y float64) float64 { return 0 }, [][]float64{{1, 2, 3}}, []float64{1})
		}},
		{"NaN point", func() {
			plot.DecisionBoundary(func(x, y float64) float64 { return 0 }, [][]float64{{math.NaN(), 2}}, []float64{1})
		}},
		{"size", func() { plot.Func(math.Tanh, -1, 1).Size(0, 100) }},
		{"training of no steps", func() { plot.NewTraining(moonsX, moonsY, 0) }},
		{"training of no points", func() { plot.NewTraining(nil, nil, 10) }},
		{"training of 3-D points", func() { plot.NewTraining([][]float64{{1, 2, 3}}, []float64{1}, 10) }},
		{"frames every 0 steps", func() { plot.NewTraining(moonsX, moonsY, 10).Every(0) }},
		{"Every after Record", func() {
			run := plot.NewTraining(moonsX, moonsY, 10)
			run.Record(0, 1, 0.5, shifting(0))
			run.Every(2)
		}},
		{"first step 1", func() { plot.NewTraining(moonsX, moonsY, 10).Record(1, 1, 0.5, shifting(1)) }},
		{"a step twice", func() {
			run := plot.NewTraining(moonsX, moonsY, 10)
			run.Record(0, 1, 0.5, shifting(0))
			run.Record(0, 1, 0.5, shifting(0))
		}},
		{"accuracy in percent", func() { plot.NewTraining(moonsX, moonsY, 10).Record(0, 1, 95, shifting(0)) }},
		{"no predict", func() { plot.NewTraining(moonsX, moonsY, 10).Record(0, 1, 0.5, nil) }},
		{"past the last step", func() {
			run := plot.NewTraining(moonsX, moonsY, 1)
			run.Record(0, 1, 0.5, shifting(0))
			run.Record(1, 1, 0.5, shifting(1))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "display/plot: ") {
					t.Errorf("panic %q, want one starting with display/plot:", msg)
				}
			}()
			tt.f()
		})
	}
}

func TestWriteSVG(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tanh.svg")
	if err := plot.Func(math.Tanh, -5, 5).WriteSVG(path); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	svgtest.Texts(t, svg)
	bad := filepath.Join(dir, "missing", "tanh.svg")
	err = plot.Func(math.Tanh, -5, 5).WriteSVG(bad)
	if err == nil || !strings.HasPrefix(err.Error(), "display/plot: ") || !strings.Contains(err.Error(), bad) {
		t.Errorf("error %v, want one that starts with display/plot: and names the path", err)
	}
}

func BenchmarkDecisionBoundary(b *testing.B) {
	predict := func(x, y float64) float64 { return math.Tanh(x) - y }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := plot.DecisionBoundary(predict, moonsX, moonsY).SVG(); err != nil {
			b.Fatal(err)
		}
	}
}
