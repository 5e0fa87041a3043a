package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/nn"
	"github.com/littlegrad/littlegrad/display/plot"
)

// trainConfig is what the flags of train set.
type trainConfig struct {
	data   string
	n      int
	noise  float64
	hidden []int
	steps  int
	seed   uint64
	opt    string
	lr     float64
	out    string
	quiet  bool
}

// sizes is a flag.Value for a list of layer sizes: 16,16.
type sizes []int

func (s *sizes) String() string {
	parts := make([]string, len(*s))
	for i, n := range *s {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func (s *sizes) Set(v string) error {
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1024 {
			return fmt.Errorf("want sizes from 1 to 1024 separated by commas, as 16,16")
		}
		out = append(out, n)
	}
	*s = out
	return nil
}

func runTrain(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	c := trainConfig{hidden: []int{16, 16}}
	fs.StringVar(&c.data, "data", "moons", "the data set: moons, circles or blobs")
	fs.IntVar(&c.n, "n", 100, "the number of samples")
	fs.Float64Var(&c.noise, "noise", 0.1, "the standard deviation of the noise added to the samples")
	fs.Var((*sizes)(&c.hidden), "hidden", "the `sizes` of the hidden layers, separated by commas")
	fs.IntVar(&c.steps, "steps", 100, "the number of training steps")
	fs.Uint64Var(&c.seed, "seed", nn.DefaultSeed, "the seed of the data set and of the initial weights")
	fs.StringVar(&c.opt, "opt", "sgd", "the optimizer: sgd or adam")
	fs.Float64Var(&c.lr, "lr", 0, "the learning rate; 0 for the optimizer's default: micrograd's schedule for sgd,\nfrom 1 down to 0.1, and 0.05 for adam")
	fs.StringVar(&c.out, "out", "littlegrad-out", "write the figures into `dir`, creating it if needed")
	fs.BoolVar(&c.quiet, "quiet", false, "show no progress")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	if err := mkdir(c.out); err != nil {
		return err
	}
	X, y := c.dataset()
	r := c.train(X, y, newProgress(stderr, c.steps, c.quiet))

	w := writer{dir: c.out, stdout: stdout}
	title := fmt.Sprintf("%s, MLP 2-%s-1, %s", c.data, strings.ReplaceAll((*sizes)(&c.hidden).String(), ",", "-"), c.opt)
	w.write("loss.svg", plot.Loss(r.losses, r.accuracy).Title(title).WriteSVG)
	predict := func(x, y float64) float64 { return r.model.Predict([]float64{x, y})[0] }
	boundary := plot.DecisionBoundary(predict, X, y).
		Title(fmt.Sprintf("%s after %d steps: accuracy %.0f%%", c.data, c.steps, 100*r.accuracy[len(r.accuracy)-1]))
	w.write("boundary.svg", boundary.WriteSVG)
	w.write("training.html", r.run.WriteHTML)
	return w.err
}

// check rejects values that would make no sense, with a message that says
// what would.
func (c *trainConfig) check() error {
	switch {
	case c.data != "moons" && c.data != "circles" && c.data != "blobs":
		return usagef("-data %q: want moons, circles or blobs", c.data)
	case c.n < 2 || c.n > 100_000:
		return usagef("-n %d: want from 2 to 100000 samples", c.n)
	case !(c.noise >= 0) || math.IsInf(c.noise, 0):
		return usagef("-noise %v: want a standard deviation of 0 or more, as 0.1", c.noise)
	case c.steps < 1 || c.steps > 1_000_000:
		return usagef("-steps %d: want from 1 to 1000000 steps", c.steps)
	case c.opt != "sgd" && c.opt != "adam":
		return usagef("-opt %q: want sgd or adam", c.opt)
	case !(c.lr >= 0) || math.IsInf(c.lr, 0):
		return usagef("-lr %v: want a learning rate above 0, or 0 for the default", c.lr)
	}
	return nil
}

// dataset returns the samples and their labels, -1 and +1.
func (c *trainConfig) dataset() (X [][]float64, y []float64) {
	switch c.data {
	case "circles":
		X, y = nn.Circles(c.n, c.noise, 0.5, c.seed)
	case "blobs":
		X, y = nn.Blobs(c.n, [][]float64{{-1, -1}, {1, 1}}, c.noise, c.seed)
	default:
		X, y = nn.Moons(c.n, c.noise, c.seed)
	}
	for i := range y {
		y[i] = 2*y[i] - 1
	}
	return X, y
}

type result struct {
	model            *nn.MLP
	losses, accuracy []float64
	run              *plot.Training // for the page that replays the run
}

// train runs micrograd's demo loop: the max-margin loss plus 1e-4 times the
// sum of the squared parameters, full batch, recording the run for
// plot.Training.
func (c *trainConfig) train(X [][]float64, y []float64, p *progress) result {
	tape := autograd.NewTape()
	model := nn.NewMLP(2, append(append([]int(nil), c.hidden...), 1), nn.OnTape(tape), nn.Seed(c.seed))
	params := model.Parameters()
	var opt nn.Optimizer
	switch {
	case c.opt == "adam" && c.lr == 0:
		opt = nn.NewAdam(params, 0.05)
	case c.opt == "adam":
		opt = nn.NewAdam(params, c.lr)
	case c.lr == 0:
		steps := float64(c.steps)
		opt = nn.NewSGD(params, 1).Schedule(func(k int) float64 { return 1.0 - 0.9*float64(k)/steps })
	default:
		opt = nn.NewSGD(params, c.lr)
	}
	inputs := nn.Inputs(tape, X)
	scores := make([]autograd.Value, 0, len(X))
	r := result{model: model, run: plot.NewTraining(X, y, c.steps)}
	predict := func(x, y float64) float64 { return model.Predict([]float64{x, y})[0] }
	nn.Train(model, opt, c.steps, func(k int) autograd.Value {
		scores = scores[:0]
		for _, x := range inputs {
			scores = model.AppendForward(scores, x)
		}
		loss := nn.Hinge(scores, y).Add(nn.L2(params, 1e-4))
		acc := nn.Accuracy(scores, y)
		r.losses = append(r.losses, loss.Data())
		r.accuracy = append(r.accuracy, acc)
		r.run.Record(k, loss.Data(), acc, predict)
		p.update(k+1, loss.Data(), acc)
		return loss
	})
	p.done()
	return r
}

func mkdir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the output folder: %w", err)
	}
	return nil
}
