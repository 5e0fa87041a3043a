package render

// The checks of DOT someone wrote (display.ShowDOT) that need no parsed
// graph, for the GoNB kernel's renderer (written.go) and the browser
// kernel's (browser.go) alike.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// scanWritten checks dot, written by someone, before graphviz reads it,
// and returns the text up to the } that closes its graph (graphviz would
// keep what follows for its next call), and its tokens.
func scanWritten(dot string) (string, []token, error) {
	if err := characters(dot); err != nil {
		return "", nil, err
	}
	ts, err := tokens(dot)
	if err != nil {
		return "", nil, err
	}
	end, err := oneGraph(dot, ts)
	if err != nil {
		return "", nil, err
	}
	return dot[:ts[end].off+1], ts, nil
}

// sizeError refuses a written graph, as graphviz parsed it, with no nodes,
// or more than ShowDOT lays out.
func sizeError(d Drawing, maxNodes int) error {
	switch {
	case d.Nodes == 0:
		return fmt.Errorf("display: the DOT text describes a graph with no nodes, so there is nothing to draw; add some, as in digraph { a -> b }")
	case d.Nodes > 2*maxNodes || d.Edges > 3*maxNodes:
		return fmt.Errorf("display: the graph has %d nodes and %d edges, more than ShowDOT lays out (%d nodes and %d edges: display.MaxNodes is %d), "+
			"because graphviz would take minutes; draw a part of it, or raise display.MaxNodes", d.Nodes, d.Edges, 2*maxNodes, 3*maxNodes, maxNodes)
	}
	return nil
}

// errorAt returns an error at byte off of dot, quoting its line with a
// caret under the place.
func errorAt(dot string, off int, format string, args ...any) error {
	start := strings.LastIndexByte(dot[:off], '\n') + 1
	end := strings.IndexByte(dot[off:], '\n')
	if end < 0 {
		end = len(dot) - off
	}
	msg := fmt.Sprintf("display: DOT text, line %d: ", 1+strings.Count(dot[:start], "\n")) + fmt.Sprintf(format, args...)
	visible := func(s string) string { return strings.ReplaceAll(Visible(strings.TrimRight(s, "\r")), `\t`, " ") }
	if line := visible(dot[start : off+end]); len(line) <= 200 {
		msg += "\n\t" + line + "\n\t" + strings.Repeat(" ", utf8.RuneCountInString(visible(dot[start:off]))) + "^"
	}
	return fmt.Errorf("%s", msg)
}

// characters refuses text that is not UTF-8, or holds a character that
// XML cannot: graphviz would copy it into the SVG.
func characters(dot string) error {
	for i, r := range dot {
		if _, n := utf8.DecodeRuneInString(dot[i:]); r == utf8.RuneError && n == 1 {
			return errorAt(dot, i, "the text is not UTF-8 (byte %#x), and graphviz would copy it into the SVG, which a browser would then not show; "+
				"write text in UTF-8, as Go strings are", dot[i])
		}
		if !(r == '\t' || r == '\n' || r == '\r' || ' ' <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || r >= 0x10000) {
			return errorAt(dot, i, "the text holds the character %s, which graphviz would copy into the SVG, and a browser shows nothing of an SVG that holds it; "+
				"leave it out (write \\n for a line break in a label)", strconv.QuoteRune(r))
		}
	}
	return nil
}

// A token is a piece of DOT text, as graphviz's scanner (lib/cgraph/scan.l)
// cuts it: tokens is the one scanner in littlegrad.
type token struct {
	kind byte   // 'i' a name or a number, 'q' a "quoted string", 'h' an <HTML string>, 'p' anything else
	text string // a quoted string's content, with \" as " and no line continuations; else as written
	off  int
}

// describe names t in an error message.
func (t token) describe() string {
	switch t.kind {
	case 'h':
		return "an HTML label"
	case 'q':
		return "the string " + strconv.Quote(t.text)
	}
	return strconv.Quote(t.text)
}

func (t token) keyword(kw ...string) bool {
	for _, k := range kw {
		if t.kind == 'i' && strings.EqualFold(t.text, k) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c >= 0x80
}
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// tokens cuts dot into tokens, and refuses a string, comment or HTML label
// that does not end, and a number run into a name.
func tokens(dot string) ([]token, error) {
	var ts []token
	for i := 0; i < len(dot); {
		rest, c := dot[i:], dot[i]
		n := 1 // the length of what starts here
		switch {
		case strings.ContainsRune(" \t\r\n\f\v", rune(c)):
		case c == '#' || strings.HasPrefix(rest, "//"):
			if n = strings.IndexByte(rest, '\n'); n < 0 {
				n = len(rest)
			}
		case strings.HasPrefix(rest, "/*"):
			if n = strings.Index(rest, "*/") + 2; n < 2 {
				return nil, errorAt(dot, i, "a comment that starts with /* has no */ to end it")
			}
		case c == '"':
			var b strings.Builder
			for ; n < len(rest) && rest[n] != '"'; n++ {
				switch {
				case strings.HasPrefix(rest[n:], `\"`):
					b.WriteByte('"')
					n++
				case strings.HasPrefix(rest[n:], `\\`):
					b.WriteString(`\\`)
					n++
				case strings.HasPrefix(rest[n:], "\\\n"):
					n++
				default:
					b.WriteByte(rest[n])
				}
			}
			if n++; n > len(rest) {
				return nil, errorAt(dot, i, "this string has no closing quote (\")")
			}
			ts = append(ts, token{'q', b.String(), i})
		case c == '<':
			for depth := 1; depth > 0; n++ {
				if n == len(rest) {
					return nil, errorAt(dot, i, "this HTML label, which starts with <, has no matching > to end it; to show text, write a \"quoted string\"")
				}
				switch rest[n] {
				case '<':
					depth++
				case '>':
					depth--
				}
			}
			ts = append(ts, token{'h', rest[1 : n-1], i})
		case strings.HasPrefix(rest, "->") || strings.HasPrefix(rest, "--"):
			n = 2
			ts = append(ts, token{'p', rest[:2], i})
		case isLetter(c):
			for n < len(rest) && (isLetter(rest[n]) || isDigit(rest[n])) {
				n++
			}
			ts = append(ts, token{'i', rest[:n], i})
		case numeral.MatchString(rest):
			n = len(numeral.FindString(rest))
			if w := n; w < len(rest) && isLetter(rest[w]) {
				for w < len(rest) && (isLetter(rest[w]) || isDigit(rest[w])) {
					w++
				}
				return nil, errorAt(dot, i, "%s is not one ID but a number followed by a name, and graphviz would draw two nodes, %s and %s. "+
					"An ID that starts with a digit must be a number: quote it (\"%s\"), or start it with a letter",
					Visible(rest[:w]), rest[:n], Visible(rest[n:w]), Visible(rest[:w]))
			}
			ts = append(ts, token{'i', rest[:n], i})
		default:
			_, n = utf8.DecodeRuneInString(rest)
			ts = append(ts, token{'p', rest[:n], i})
		}
		i += n
	}
	return ts, nil
}

// numeral is a number as DOT writes one.
var numeral = regexp.MustCompile(`^-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)`)

// oneGraph returns the index of the token that closes the one graph in ts,
// or an error if ts is not one graph: [strict] (graph | digraph) [ID] { … }.
func oneGraph(dot string, ts []token) (int, error) {
	if len(ts) == 0 {
		return 0, fmt.Errorf("display: the DOT text is empty; write a graph such as digraph { a -> b }")
	}
	first := 0
	if ts[0].keyword("strict") && len(ts) > 1 {
		first = 1
	}
	if !ts[first].keyword("graph", "digraph") {
		return 0, errorAt(dot, ts[first].off, "DOT text starts with digraph (or graph, or strict digraph), then an optional name and {; found %s", ts[first].describe())
	}
	depth := 0
	for k, t := range ts {
		switch {
		case t.kind != 'p':
		case t.text == "{":
			depth++
		case t.text == "}" && depth == 0:
			return 0, errorAt(dot, t.off, "this } closes no {")
		case t.text == "}":
			if depth--; depth > 0 {
				continue
			}
			switch {
			case k+1 == len(ts):
				return k, nil
			case ts[k+1].keyword("graph", "digraph", "strict"):
				return 0, errorAt(dot, ts[k+1].off, "a second graph starts here; the text must hold one graph: show each graph with a call of its own")
			}
			return 0, errorAt(dot, ts[k+1].off, "the graph's body ended with the } before this, and nothing may follow it; found %s", ts[k+1].describe())
		}
	}
	return 0, errorAt(dot, len(dot), "the text ends before the } that closes the graph (or a subgraph)")
}

// graphvizSyntax is how graphviz reports a syntax error.
var graphvizSyntax = regexp.MustCompile(`^syntax error in line (\d+)(?: near '(.*)')?`)

// syntaxError says where graphviz found err, a syntax error, with hints.
func syntaxError(dot string, ts []token, err error) error {
	m := graphvizSyntax.FindStringSubmatch(strings.TrimPrefix(err.Error(), "display: graphviz cannot read the DOT text: "))
	if m == nil {
		return err
	}
	line, _ := strconv.Atoi(m[1])
	near := m[2]
	msg := fmt.Sprintf("graphviz cannot read the text here (syntax error near %q)", near)
	directed := ts[0].keyword("digraph") || len(ts) > 1 && ts[1].keyword("digraph")
	switch {
	case near == "->" && !directed:
		msg = "-> joins nodes in a digraph; this is an undirected graph (graph { ... }): write --, or make it a digraph"
	case near == "--" && directed:
		msg = "-- joins nodes in an undirected graph (graph { ... }); this is a digraph: write ->"
	case token{kind: 'i', text: near}.keyword("node", "edge", "graph", "digraph", "subgraph", "strict"):
		msg += fmt.Sprintf("; %s is a DOT keyword: to name a node %[1]s, quote it, and a graph cannot hold another graph (write subgraph { ... })", near)
	}
	for _, t := range ts {
		if t.text == near && 1+strings.Count(dot[:t.off], "\n") == line {
			return errorAt(dot, t.off, "%s", msg)
		}
	}
	return fmt.Errorf("display: DOT text, line %d: %s", line, msg)
}
