// Package notebook turns SVG drawings into HTML that Jupyter shows whether
// or not a notebook is trusted, and sends it to a GoNB notebook; it is the
// only package of littlegrad that imports gonbui, which cells of the
// littlegrad kernel do not link (ARCHITECTURE.md).
package notebook

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/littlegrad/littlegrad/internal/inband"
)

// pipeEnv is set in the programs of GoNB's cells: GoNB v0.11.4 names its
// display pipe there (gonbui/protocol/protocol.go, GONB_PIPE_ENV), and
// gonbui.IsNotebook reads it. Cells of the littlegrad kernel read it
// themselves (kernel.go); TestPipeEnv fails if GoNB renames it.
const pipeEnv = "GONB_PIPE"

// IsNotebook reports whether the program runs in a GoNB notebook cell.
func IsNotebook() bool { return isNotebook }

// inNotebook and send are IsNotebook and Display, replaced in tests.
var (
	inNotebook = IsNotebook
	send       = Display
)

// Show is what every Show function of display and display/plot does: in a
// notebook, it calls draw and shows the HTML it returns, with its text
// alternative, or draw's error instead. Outside a notebook it does not even
// call draw.
func Show(draw func() (html, text string, err error)) {
	if !inNotebook() {
		return
	}
	html, text, err := draw()
	if err != nil {
		html, text = Error(err), err.Error()
	}
	send(html, text)
}

// Display shows html as the output of the running notebook cell, with
// text for front ends that show no HTML. Outside a notebook it does
// nothing. In the littlegrad kernel the display goes in band (package
// inband); elsewhere through GoNB's display pipe.
func Display(html, text string) {
	if !isNotebook {
		return
	}
	if os.Getenv(inband.Env) != "" {
		stdout.Write(inband.Encode(map[string]string{"text/html": html, "text/plain": text}))
		return
	}
	outOfBand(html, text)
}

// stdout is the cell's standard output, where fmt.Print writes, even if the
// cell points os.Stdout elsewhere.
var stdout = os.Stdout

// ID returns the HTML id of a widget whose content is content: the same
// for the same content, so that a notebook run twice has the same outputs,
// byte for byte. Two identical widgets on a page share their id, which
// Script allows for.
func ID(content string) string {
	sum := sha256.Sum256([]byte(content))
	return "lg" + hex.EncodeToString(sum[:8])
}

// Clean strips the XML prolog, the DOCTYPE and the comments from an SVG
// document: inline, they are bytes that do nothing, and the DOCTYPE names
// an external DTD.
func Clean(svg []byte) []byte { return markup.ReplaceAll(svg, nil) }

// markup is what Clean strips, with the line breaks after it.
var markup = regexp.MustCompile(`(?s)(?:<\?.*?\?>|<!--.*?(?:-->|\z)|<![^>]*>)[\r\n]*`)

// DataURI returns svg as a data: URI, for the src of an <img>.
func DataURI(svg []byte) string {
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(Clean(svg))
}

// Image returns an <img> element showing svg (see Img), inside a div of the
// given class that scrolls sideways when the drawing does not fit. A
// drawing wider than the div is scaled down to fit it, but never so far
// that its smallest text is less than MinTextPx high: beyond that the div
// scrolls. The div starts scrolled to the drawing's right end, where a
// graph's result is. It stays sharp when the reader zooms in, being SVG.
//
// The sizes are plain width, max-width and min-width properties, not CSS
// functions, because JupyterLab's sanitizer (for notebooks that are not
// trusted) drops a style whose value is not a plain length. Jupyter
// Notebook 6's sanitizer drops every style, but keeps classes and an
// <img>'s width attribute, which styles override elsewhere: there, the
// drawing is as wide as Notebook's usual output column (NotebookColumnPx)
// if that keeps its text readable, and otherwise as narrow as it can be and
// keep it so, and the output scrolls, starting at the left.
func Image(svg []byte, class, alt string) string {
	natural, least, ok := widths(svg)
	if !ok {
		return `<div class="` + html.EscapeString(class) + `" style="overflow-x:auto;max-width:100%">` + Img(svg, "", alt) + `</div>`
	}
	// The div is as wide as its container, whatever the drawing's width:
	// width 0 keeps the drawing's min-width out of the div's own minimum
	// width, which would otherwise widen a flex item around it (Jupyter's
	// output areas are flex items) past the column, and min-width 100%
	// widens it back. In a right-to-left box, the scroll starts at the
	// right end. The <img> is a block pushed to the left by its auto right
	// margin, so a drawing that fits sits at the left, and its alt text
	// reads left to right.
	style := fmt.Sprintf("display:block;margin:0 auto 0 0;direction:ltr;width:100%%;max-width:%.0fpx;height:auto", natural)
	if least > 0 {
		style += fmt.Sprintf(";min-width:%.0fpx", math.Ceil(least))
	}
	// Where styles are dropped: Notebook 6 lifts its max-width of 100% from
	// images of class unconfined.
	width := max(math.Ceil(least), min(natural, NotebookColumnPx))
	return `<div class="` + html.EscapeString(class) + `" style="overflow-x:auto;width:0;min-width:100%;direction:rtl">` +
		img(svg, "unconfined", alt, fmt.Sprintf("%.0f", width), style) + `</div>`
}

// NotebookColumnPx is the width of an output in Jupyter Notebook 6 in a
// window 992 to 1,199 px wide: its page is then 940 px wide, less the
// prompt and padding. Image sizes drawings for it where Notebook drops
// their styles.
const NotebookColumnPx = 778

// MinTextPx is the height, in CSS pixels, below which Image does not
// shrink a drawing's smallest text. A graph's labels, 11 pt Courier, are
// 14.7 px at full size, so a graph shrinks to 68% at most: at the 45% that
// fitting a neuron's graph into a notebook's column took, they were 6.6 px,
// and 0.0000 looked like 0.8000.
const MinTextPx = 10

// widths returns the width at which svg is drawn at its natural size, in
// CSS pixels, and the narrowest width at which its smallest text is still
// MinTextPx high (0 if it has no text, or its text is smaller than that at
// its natural size). ok is false if svg's root element does not give its
// width in px, pt or no unit.
func widths(svg []byte) (natural, least float64, ok bool) {
	m := svgTag.FindSubmatch(svg)
	if m == nil {
		return 0, 0, false
	}
	tag := m[0]
	w := widthAttr.FindSubmatch(tag)
	if w == nil {
		return 0, 0, false
	}
	natural, err := strconv.ParseFloat(string(w[1]), 64)
	if err != nil || natural <= 0 {
		return 0, 0, false
	}
	if string(w[2]) == "pt" {
		natural *= 96.0 / 72
	}
	// Text sizes are in user units: the viewBox's, or px without one.
	perUnit := 1.0
	if vb := viewBoxAttr.FindSubmatch(tag); vb != nil {
		if f := strings.Fields(strings.ReplaceAll(string(vb[1]), ",", " ")); len(f) == 4 {
			if vw, err := strconv.ParseFloat(f[2], 64); err == nil && vw > 0 {
				perUnit = natural / vw
			}
		}
	}
	smallest := 0.0
	for _, fs := range fontSize.FindAllSubmatch(svg, -1) {
		if v, err := strconv.ParseFloat(string(fs[1]), 64); err == nil && v > 0 && (smallest == 0 || v < smallest) {
			smallest = v
		}
	}
	if text := smallest * perUnit; text > MinTextPx {
		least = natural * MinTextPx / text
	}
	return natural, least, true
}

var (
	svgTag      = regexp.MustCompile(`<svg\b[^>]*>`)
	widthAttr   = regexp.MustCompile(`\swidth="([0-9.]+)(pt|px)?"`)
	viewBoxAttr = regexp.MustCompile(`\sviewBox="([^"]*)"`)
	fontSize    = regexp.MustCompile(`font-size(?:="|:\s*)([0-9.]+)`)
)

// Img returns an <img> element of the given class (none if "") showing svg
// as a data: URI, scaled down to fit its container if it is wider.
//
// An <img> with a data: URI is the one form that every Jupyter front end
// shows in notebooks that are not trusted (every notebook opened from a
// clone or a download): their sanitizer strips an <svg> element inlined in
// HTML, and does not show an image/svg+xml output. Inside an <img>, the SVG
// is a document of its own, so its ids cannot clash with another drawing's.
func Img(svg []byte, class, alt string) string {
	return img(svg, class, alt, "", "max-width:100%;height:auto")
}

// img returns the <img> element of Img and Image, with a width attribute
// if width is not "".
func img(svg []byte, class, alt, width, style string) string {
	var b strings.Builder
	b.WriteString(`<img `)
	if class != "" {
		b.WriteString(`class="` + html.EscapeString(class) + `" `)
	}
	if width != "" {
		b.WriteString(`width="` + width + `" `)
	}
	b.WriteString(`src="`)
	b.WriteString(DataURI(svg))
	b.WriteString(`" alt="`)
	b.WriteString(html.EscapeString(alt))
	b.WriteString(`" style="` + style + `">`)
	return b.String()
}

// Page returns body, an HTML fragment, as a web page of its own.
func Page(title, body string) []byte {
	return []byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(title) +
		"</title></head>\n<body>\n" + body + "\n</body></html>\n")
}

// Error returns HTML that shows err in a notebook, as text.
func Error(err error) string {
	return `<pre class="lg-error" style="color:#a00">` + html.EscapeString(err.Error()) + `</pre>`
}

//go:embed player.js
var playerJS string

// Script returns a <script> element that runs widget, the source of a
// JavaScript function expression, as widget(root, lgPlayer), once: root is
// an element whose HTML id is id that no other script took (see lgFind in
// player.js), and lgPlayer adds the controls that every littlegrad widget
// shares. Nothing is defined globally, so any number of widgets can share
// a page.
func Script(widget, id string) string {
	return "<script>(function () {\n" + playerJS + "\nlgFind(" + strconv.Quote(id) + ", function (root) {\n(" +
		strings.TrimSpace(widget) + ")(root, lgPlayer);\n});\n})();</script>"
}
