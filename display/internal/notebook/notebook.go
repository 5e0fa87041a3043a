// Package notebook turns SVG drawings into HTML that Jupyter shows whether
// or not a notebook is trusted, and sends it to a GoNB notebook. It is the
// only package of littlegrad that imports gonbui.
package notebook

import (
	"bytes"
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"html"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/littlegrad/littlegrad/internal/inband"
)

// IsNotebook reports whether the program runs in a GoNB notebook cell.
func IsNotebook() bool { return gonbui.IsNotebook }

// inNotebook and send are IsNotebook and Display, replaced in tests.
var (
	inNotebook = IsNotebook
	send       = Display
)

// Show is what every Show function of display and display/plot does: in a
// notebook, it calls draw and shows the HTML it returns, with its text
// alternative, as the output of the running cell, or the error that draw
// returns instead, as text. Outside a notebook it does nothing, and does not
// even call draw: a program has no use for a drawing it cannot show.
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
// text for front ends that show no HTML (a console, an export to text).
// Outside a notebook it does nothing.
//
// In the littlegrad kernel, the display goes in band, in the cell's
// standard output (see package inband), so that it shows below whatever
// the cell printed before it, never above. Elsewhere (GoNB without
// littlegrad's kernel) it goes through GoNB's display pipe, and Display
// waits until GoNB has received it: a cell's program may exit right after,
// and output still in the pipe would be lost.
func Display(html, text string) {
	if !gonbui.IsNotebook {
		return
	}
	if os.Getenv(inband.Env) != "" {
		stdout.Write(inband.Encode(map[string]string{"text/html": html, "text/plain": text}))
		return
	}
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMETextHTML:  html,
		protocol.MIMETextPlain: text,
	}})
	gonbui.Sync()
}

// stdout is the cell's standard output, where fmt.Print writes, even if the
// cell points os.Stdout elsewhere.
var stdout = os.Stdout

var counter atomic.Uint64

// ID returns an HTML id that no other call returns, in this process or in
// another: every notebook cell runs as a new process, so a counter alone
// would repeat ids across cells of one page. It is the time, a counter and
// random bits.
func ID() string {
	var r [4]byte
	_, _ = rand.Read(r[:]) // never fails on supported platforms
	return "lg" + strconv.FormatInt(time.Now().UnixNano(), 36) +
		strconv.FormatUint(counter.Add(1), 36) + hex.EncodeToString(r[:])
}

// Clean strips the XML prolog, the DOCTYPE and the comments from an SVG
// document: inline, they are bytes that do nothing, and the DOCTYPE names
// an external DTD.
func Clean(svg []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(svg))
	for len(svg) > 0 {
		i := bytes.IndexByte(svg, '<')
		if i < 0 {
			out.Write(svg)
			break
		}
		out.Write(svg[:i])
		svg = svg[i:]
		var end []byte
		switch {
		case bytes.HasPrefix(svg, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(svg, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(svg, []byte("<!")):
			end = []byte(">")
		default:
			out.WriteByte('<')
			svg = svg[1:]
			continue
		}
		j := bytes.Index(svg, end)
		if j < 0 {
			break
		}
		svg = svg[j+len(end):]
		// Drop the line break that followed the removed markup.
		svg = bytes.TrimLeft(svg, "\r\n")
	}
	return out.Bytes()
}

// DataURI returns svg as a data: URI, for the src of an <img>.
func DataURI(svg []byte) string {
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(Clean(svg))
}

// Image returns an <img> element showing svg (see Img), inside a div of the
// given class. A drawing wider than the notebook is scaled down to fit, so
// that the result at the right of a graph is always in view; it stays sharp
// when the reader zooms in, being SVG.
func Image(svg []byte, class, alt string) string {
	return `<div class="` + html.EscapeString(class) + `" style="overflow-x:auto;max-width:100%">` + Img(svg, "", alt) + `</div>`
}

// Img returns an <img> element of the given class (none if "") showing svg
// as a data: URI, scaled down to fit its container if it is wider.
//
// An <img> with a data: URI is the one form that every Jupyter front end
// shows in notebooks that are not trusted (every notebook opened from a
// clone or a download): their sanitizer strips an <svg> element inlined in
// HTML, and does not show an image/svg+xml output. Inside an <img>, the SVG
// is a document of its own, so its ids cannot clash with another drawing's.
func Img(svg []byte, class, alt string) string {
	var b strings.Builder
	b.WriteString(`<img `)
	if class != "" {
		b.WriteString(`class="` + html.EscapeString(class) + `" `)
	}
	b.WriteString(`src="`)
	b.WriteString(DataURI(svg))
	b.WriteString(`" alt="`)
	b.WriteString(html.EscapeString(alt))
	b.WriteString(`" style="max-width:100%;height:auto">`)
	return b.String()
}

// Error returns HTML that shows err in a notebook, as text.
func Error(err error) string {
	return `<pre class="lg-error" style="color:#a00">` + html.EscapeString(err.Error()) + `</pre>`
}

//go:embed player.js
var playerJS string

// Script returns a <script> element that runs widget, the source of a
// JavaScript function expression, as widget(root, lgPlayer), once: root is
// the element whose HTML id is id, and lgPlayer (player.js) adds the
// controls that every littlegrad widget shares. Nothing is defined
// globally, so any number of widgets can share a page.
func Script(widget, id string) string {
	return "<script>(function () {\n" + playerJS + "\nlgFind(" + strconv.Quote(id) + ", function (root) {\n(" +
		strings.TrimSpace(widget) + ")(root, lgPlayer);\n});\n})();</script>"
}
