package display

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// GradColors is an Option that fills each Value's record by the size of its
// gradient relative to the largest in the graph: white where the gradient
// is 0, the deepest orange where its absolute value is the largest, and
// shades between in proportion, with a legend below the graph. It shows at a
// glance where Backward sends the most gradient and where almost none gets
// through, as behind a saturated tanh:
//
//	display.Show(o, display.GradColors())
//
// A gradient that is NaN or infinite is filled grey.
//
// Given to ShowDOT, it fills the nodes of DOT text you wrote whose labels
// show a gradient as the tutorial's draw_dot writes it, "grad -3.0000"; the
// legend replaces any label of the graph, and the fill any style of those
// nodes.
func GradColors() Option { return Option{func(st *style) { st.grads = true }} }

// gradStops are the colours of GradColors at 0, 0.2, …, 1 times the largest
// |grad|: ColorBrewer's Oranges from white, lightness falling steadily, and
// no darker than black text can be read on.
var gradStops = [...][3]float64{
	{0xff, 0xff, 0xff},
	{0xfe, 0xe6, 0xce},
	{0xfd, 0xd0, 0xa2},
	{0xfd, 0xae, 0x6b},
	{0xfd, 0x8d, 0x3c},
	{0xf1, 0x69, 0x13},
}

const notFiniteColor = "#bbbbbb" // GradColors' fill for a NaN or infinite gradient

// gradColor returns the colour for a gradient r times the largest, 0 ≤ r ≤
// 1, interpolating between gradStops.
func gradColor(r float64) string {
	x := r * float64(len(gradStops)-1)
	i := min(int(x), len(gradStops)-2)
	f := x - float64(i)
	var c [3]int
	for j := range c {
		c[j] = int(math.Round(gradStops[i][j] + f*(gradStops[i+1][j]-gradStops[i][j])))
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}

// gradLegend writes GradColors' legend for g into b, as the graph's label,
// and returns the fill colour for a gradient. O(n).
func (g graph) gradLegend(b *strings.Builder) func(grad float64) string {
	grads := make([]float64, len(g.nodes))
	for k, v := range g.nodes {
		grads[k] = v.Grad()
	}
	return gradScale(b, grads, "which is 0 everywhere")
}

// gradScale writes into b, as the graph's label, the legend of GradColors
// for a graph with the given gradients, and returns the fill colour for a
// gradient. The scale is linear, so that a colour reads as a share of the
// largest gradient. zero ends the legend's sentence when no gradient is
// other than 0.
func gradScale(b *strings.Builder, grads []float64, zero string) func(grad float64) string {
	largest, notFinite := 0.0, false
	for _, g := range grads {
		switch a := math.Abs(g); {
		case math.IsNaN(a) || math.IsInf(a, 0):
			notFinite = true
		default:
			largest = max(largest, a)
		}
	}
	b.WriteString("\tlabelloc=b;\n\tlabeljust=l;\n\tfontname=\"Courier\";\n\tfontsize=11;\n")
	b.WriteString("\tlabel=<<table border=\"0\" cellspacing=\"0\" cellpadding=\"2\"><tr>")
	if largest == 0 {
		b.WriteString("<td>fill: |grad|, " + html.EscapeString(zero) + "</td>")
	} else {
		fmt.Fprintf(b, "<td>fill: |grad| as a share of the largest, %s:</td>", legendNumber(largest))
		for _, r := range []float64{0, 0.25, 0.5, 0.75, 1} {
			fmt.Fprintf(b, "<td border=\"1\" bgcolor=\"%s\" width=\"34\">%g</td>", gradColor(r), r)
		}
	}
	if notFinite {
		fmt.Fprintf(b, "<td>  </td><td border=\"1\" bgcolor=\"%s\">NaN or ±Inf</td>", notFiniteColor)
	}
	b.WriteString("</tr></table>>;\n")
	return func(grad float64) string {
		a := math.Abs(grad)
		switch {
		case math.IsNaN(a) || math.IsInf(a, 0):
			return notFiniteColor
		case largest == 0:
			return gradColor(0)
		}
		return gradColor(a / largest)
	}
}

// gradField finds the gradient in a label written as the tutorial's
// draw_dot writes it, { a | data 2.0000 | grad -3.0000 }: the number after
// the word grad.
var gradField = regexp.MustCompile(`\bgrad\s*[=:]?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?Inf|NaN)`)

// dotGradFills returns DOT statements that fill, as GradColors does, each
// node of labels whose label holds a gradient (see gradField), and set the
// legend as the graph's label; the caller puts them at the end of the
// graph's body, where they add to what the text says of those nodes.
func dotGradFills(labels []nodeLabel) string {
	var b strings.Builder
	var names []string
	var grads []float64
	for _, l := range labels {
		m := gradField.FindStringSubmatch(l.label)
		if m == nil {
			continue
		}
		g, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			continue
		}
		names, grads = append(names, l.name), append(grads, g)
	}
	b.WriteString("\n")
	zero := "which is 0 everywhere"
	if len(names) == 0 {
		zero = "but no label shows a grad, as { a | data 2.0000 | grad -3.0000 } does"
	}
	tint := gradScale(&b, grads, zero)
	for i, name := range names {
		fmt.Fprintf(&b, "\t\"%s\" [style=filled, fillcolor=\"%s\"];\n", strings.ReplaceAll(name, `"`, `\"`), tint(grads[i]))
	}
	return b.String()
}

// legendNumber formats x as the records do, with 4 decimals, unless that
// would show a small x as 0.0000.
func legendNumber(x float64) string {
	if x < 0.5e-4 {
		return fmt.Sprintf("%.4g", x)
	}
	return fmt.Sprintf("%.4f", x)
}
