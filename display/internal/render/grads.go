package render

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// gradStops are the colours of GradScale at 0, 0.2, …, 1 times the largest
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

const notFiniteColor = "#bbbbbb" // the fill for a NaN or infinite gradient

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

// GradScale returns display.GradColors' legend for a graph with the given
// gradients, as DOT statements that set the graph's label, and the fill
// colour for a gradient. The scale is linear, so that a colour reads as a
// share of the largest gradient. zero ends the legend's sentence when no
// gradient is other than 0. O(len(grads)).
func GradScale(grads []float64, zero string) (legend string, fill func(grad float64) string) {
	largest, notFinite := 0.0, false
	for _, g := range grads {
		switch a := math.Abs(g); {
		case math.IsNaN(a) || math.IsInf(a, 0):
			notFinite = true
		default:
			largest = max(largest, a)
		}
	}
	var b strings.Builder
	b.WriteString("<<table border=\"0\" cellspacing=\"0\" cellpadding=\"2\"><tr>")
	if largest == 0 {
		b.WriteString("<td>fill: |grad|, " + html.EscapeString(zero) + "</td>")
	} else {
		n := Number(largest)
		if largest < 0.5e-4 { // not 0.0000
			n = fmt.Sprintf("%.4g", largest)
		}
		fmt.Fprintf(&b, "<td>fill: |grad| as a share of the largest, %s:</td>", n)
		for _, r := range []float64{0, 0.25, 0.5, 0.75, 1} {
			fmt.Fprintf(&b, "<td border=\"1\" bgcolor=\"%s\" width=\"34\">%g</td>", gradColor(r), r)
		}
	}
	if notFinite {
		fmt.Fprintf(&b, "<td>  </td><td border=\"1\" bgcolor=\"%s\">NaN or ±Inf</td>", notFiniteColor)
	}
	b.WriteString("</tr></table>>")
	return Legend(b.String()), func(grad float64) string {
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

// Legend returns DOT statements that set a graph's label, a DOT string or
// an HTML label, as a legend below the graph, in the graph's font.
func Legend(label string) string {
	return "\tlabelloc=b;\n\tlabeljust=l;\n\tfontname=\"Courier\";\n\tfontsize=11;\n\tlabel=" + label + ";\n"
}

// Number formats x as the tutorial's draw_dot does, with 4 decimals: every
// number in littlegrad's drawings and their captions.
func Number(x float64) string { return fmt.Sprintf("%.4f", x) }
