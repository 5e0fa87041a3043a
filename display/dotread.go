package display

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file reads DOT text that someone else wrote, for ShowDOT. graphviz
// rejects bad syntax with terse messages, and some mistakes it does not
// reject at all: it silently splits an ID such as 0xc000 (Go's %p) in two,
// draws a node's name instead of a record label it cannot parse, and reads
// a second graph in the text at its next call, in place of the graph it is
// given. readDOT finds all of these first and says what to do, and counts
// nodes and edges so that a graph too large to lay out is refused before
// graphviz spends minutes on it.

// dotInfo is what readDOT learns about a graph.
type dotInfo struct {
	name     string // the graph's ID, "" if it has none
	directed bool
	nodes    int         // distinct node names
	edges    int         // edges, counting an edge to a subgraph once per node in it
	body     int         // byte offset just after the graph's opening "{"
	end      int         // byte offset of the graph's closing "}"
	labels   []nodeLabel // every node's label, in the order of first mention
}

// nodeLabel is the label a node is drawn with: "" if it has none.
type nodeLabel struct{ name, label string }

// readDOT parses dot as graphviz's grammar defines it
// (https://graphviz.org/doc/info/lang.html) and returns an error, starting
// with "display:", for text that graphviz would reject or silently draw
// other than written. O(len(dot)).
func readDOT(dot string) (dotInfo, error) {
	r := &dotReader{src: dot, line: 1, nodes: map[string]*dotNode{}}
	r.defaults = []map[string]dotValue{{}}
	if !utf8.ValidString(dot) {
		i := 0
		for i < len(dot) {
			c, n := utf8.DecodeRuneInString(dot[i:])
			if c == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		r.line = 1 + strings.Count(dot[:i], "\n")
		r.lineStart = strings.LastIndexByte(dot[:i], '\n') + 1
		t := token{off: i, line: r.line, col: r.col(i)}
		return dotInfo{}, r.errorAt(t, "the text is not UTF-8 (byte %#x), and graphviz would copy it into the SVG, which a browser would then not show; "+
			"write text in UTF-8, as Go strings are", dot[i])
	}
	info, err := r.graph()
	if err != nil {
		return info, err
	}
	for _, name := range r.order {
		if err := r.nodes[name].checkRecord(); err != nil {
			return info, err
		}
	}
	info.nodes, info.edges = len(r.nodes), r.edges
	for _, name := range r.order {
		info.labels = append(info.labels, nodeLabel{name, r.nodes[name].attrs["label"].text})
	}
	return info, nil
}

// A dotError is a mistake at a place in the text; its message quotes the
// line and points at the place.
type dotError struct {
	msg       string
	line, col int    // 1-based; col counts characters
	text      string // the line, as visible text
}

func (e *dotError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "display: DOT text, line %d: %s", e.line, e.msg)
	if e.text != "" && len(e.text) <= 200 {
		b.WriteString("\n\t" + e.text + "\n\t" + strings.Repeat(" ", max(e.col-1, 0)) + "^")
	}
	return b.String()
}

type tokKind int

const (
	tEOF   tokKind = iota
	tID            // a name, a number, a "quoted string" or an <HTML string>
	tPunct         // { } [ ] ; , = :
	tEdge          // -> or --
)

type token struct {
	kind   tokKind
	text   string // an ID's value (a quoted string without its quotes and \" escapes), or the punctuation
	quoted bool   // a quoted or HTML string, never a keyword
	html   bool   // an <HTML string>
	off    int    // byte offset in the source
	line   int
	col    int
}

// describe names a token in an error message.
func (t token) describe() string {
	switch {
	case t.kind == tEOF:
		return "the end of the text"
	case t.html:
		return "an HTML label"
	case t.quoted:
		return "the string " + strconv.Quote(shorten(t.text))
	default:
		return strconv.Quote(shorten(t.text))
	}
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		return string(r[:37]) + "..."
	}
	return visible(s)
}

// dotValue is an attribute's value.
type dotValue struct {
	text string
	html bool
	line int
	col  int
}

// dotNode is what the reader keeps of a node: the attributes that decide
// whether graphviz can read its label.
type dotNode struct {
	name  string
	attrs map[string]dotValue // shape and label
	r     *dotReader
}

type dotReader struct {
	src       string
	off       int // next byte to read
	line      int
	lineStart int // offset of the current line's first byte
	tok       token
	peeked    bool
	directed  bool
	nodes     map[string]*dotNode
	order     []string              // node names, first mention first
	edges     int                   //
	defaults  []map[string]dotValue // node [shape=..., label=...] in force, per open subgraph
}

// errorAt returns a dotError at the given token.
func (r *dotReader) errorAt(t token, format string, args ...any) error {
	return &dotError{msg: fmt.Sprintf(format, args...), line: t.line, col: t.col, text: r.lineText(t.off)}
}

// lineText returns, as visible text, the line of the source that holds off.
func (r *dotReader) lineText(off int) string {
	start := strings.LastIndexByte(r.src[:off], '\n') + 1
	end := strings.IndexByte(r.src[off:], '\n')
	if end < 0 {
		end = len(r.src)
	} else {
		end += off
	}
	return strings.ReplaceAll(visible(strings.TrimRight(r.src[start:end], "\r")), `\t`, " ")
}

// col returns the 1-based column, in characters, of off on the current line.
func (r *dotReader) col(off int) int {
	return utf8.RuneCountInString(r.src[r.lineStart:off]) + 1
}

// next returns the next token and consumes it.
func (r *dotReader) next() (token, error) {
	if r.peeked {
		r.peeked = false
		return r.tok, nil
	}
	return r.scan()
}

// peek returns the next token without consuming it.
func (r *dotReader) peek() (token, error) {
	if !r.peeked {
		t, err := r.scan()
		if err != nil {
			return t, err
		}
		r.tok, r.peeked = t, true
	}
	return r.tok, nil
}

func (r *dotReader) newline(off int) {
	r.line++
	r.lineStart = off + 1
}

// skip passes over white space and comments: /* … */, and // or # to the
// end of the line.
func (r *dotReader) skip() error {
	for r.off < len(r.src) {
		c := r.src[r.off]
		switch {
		case c == '\n':
			r.newline(r.off)
			r.off++
		case c == ' ' || c == '\t' || c == '\r':
			r.off++
		case c == '#' || strings.HasPrefix(r.src[r.off:], "//"):
			r.toEndOfLine()
		case strings.HasPrefix(r.src[r.off:], "/*"):
			start := token{off: r.off, line: r.line, col: r.col(r.off)}
			end := strings.Index(r.src[r.off+2:], "*/")
			if end < 0 {
				return r.errorAt(start, "a comment that starts with /* has no */ to end it")
			}
			for i := r.off; i < r.off+2+end; i++ {
				if r.src[i] == '\n' {
					r.newline(i)
				}
			}
			r.off += 2 + end + 2
		default:
			return nil
		}
	}
	return nil
}

func (r *dotReader) toEndOfLine() {
	if i := strings.IndexByte(r.src[r.off:], '\n'); i >= 0 {
		r.off += i
	} else {
		r.off = len(r.src)
	}
}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c >= 0x80
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (r *dotReader) scan() (token, error) {
	if err := r.skip(); err != nil {
		return token{}, err
	}
	t := token{off: r.off, line: r.line, col: r.col(r.off)}
	if r.off >= len(r.src) {
		return t, nil
	}
	s, c := r.src, r.src[r.off]
	switch {
	case strings.ContainsRune("{}[];,=:", rune(c)):
		r.off++
		t.kind, t.text = tPunct, string(c)
	case strings.HasPrefix(s[r.off:], "->") || strings.HasPrefix(s[r.off:], "--"):
		r.off += 2
		t.kind, t.text = tEdge, s[t.off:r.off]
	case isLetter(c):
		for r.off < len(s) && (isLetter(s[r.off]) || isDigit(s[r.off])) {
			r.off++
		}
		t.kind, t.text = tID, s[t.off:r.off]
	case isDigit(c) || c == '.' || c == '-':
		return r.number(t)
	case c == '"':
		return r.quoted(t)
	case c == '<':
		return r.htmlString(t)
	default:
		ch, _ := utf8.DecodeRuneInString(s[r.off:])
		return t, r.errorAt(t, "the character %s cannot start anything in DOT; put text inside \"quotes\"", strconv.QuoteRune(ch))
	}
	return t, nil
}

// number scans a numeral, -?(.[0-9]+ | [0-9]+(.[0-9]*)?), which may end
// with one more dot, as graphviz's scanner allows.
func (r *dotReader) number(t token) (token, error) {
	s := r.src
	if s[r.off] == '-' {
		r.off++
	}
	digits := 0
	for r.off < len(s) && isDigit(s[r.off]) {
		r.off++
		digits++
	}
	if r.off < len(s) && s[r.off] == '.' {
		r.off++
		for r.off < len(s) && isDigit(s[r.off]) {
			r.off++
			digits++
		}
		if digits > 0 && r.off < len(s) && s[r.off] == '.' {
			r.off++
		}
	}
	if digits == 0 {
		return t, r.errorAt(t, "%q is neither a number nor an edge (-> or --); put text inside \"quotes\"", s[t.off:r.off])
	}
	if r.off < len(s) && isLetter(s[r.off]) {
		end := r.off
		for end < len(s) && (isLetter(s[end]) || isDigit(s[end])) {
			end++
		}
		word := s[t.off:end]
		return t, r.errorAt(t, "%s is not one ID but a number followed by a name, and graphviz would draw two nodes, %s and %s. "+
			"An ID that starts with a digit must be a number: quote it (\"%s\"), or start it with a letter",
			visible(word), visible(s[t.off:r.off]), visible(s[r.off:end]), visible(word))
	}
	t.kind, t.text = tID, s[t.off:r.off]
	return t, nil
}

// quoted scans "…" strings, joined by + as in "a" + "b". Inside, \" is a
// quote and a backslash before a line break continues the line; every other
// backslash stays, for graphviz to read in labels.
func (r *dotReader) quoted(t token) (token, error) {
	var b strings.Builder
	for {
		start := token{off: r.off, line: r.line, col: r.col(r.off)}
		r.off++ // the opening quote
		for {
			if r.off >= len(r.src) {
				return t, r.errorAt(start, "this string has no closing quote (\")")
			}
			c := r.src[r.off]
			switch {
			case c == '"':
				r.off++
			case c == '\\' && r.off+1 < len(r.src) && r.src[r.off+1] == '"':
				b.WriteByte('"')
				r.off += 2
				continue
			case c == '\\' && r.off+1 < len(r.src) && r.src[r.off+1] == '\n':
				r.newline(r.off + 1)
				r.off += 2
				continue
			case c == '\\' && r.off+1 < len(r.src) && r.src[r.off+1] == '\\':
				b.WriteString(`\\`)
				r.off += 2
				continue
			default:
				if c == '\n' {
					r.newline(r.off)
				}
				if err := r.xmlChar(); err != nil {
					return t, err
				}
				b.WriteByte(c)
				r.off++
				continue
			}
			break
		}
		// A + and another quoted string continue this one.
		save, saveLine, saveStart := r.off, r.line, r.lineStart
		if err := r.skip(); err != nil {
			return t, err
		}
		if r.off < len(r.src) && r.src[r.off] == '+' {
			r.off++
			if err := r.skip(); err != nil {
				return t, err
			}
			if r.off < len(r.src) && r.src[r.off] == '"' {
				continue
			}
			plus := token{off: r.off, line: r.line, col: r.col(r.off)}
			return t, r.errorAt(plus, "a + joins two quoted strings; put a \"string\" after it")
		}
		r.off, r.line, r.lineStart = save, saveLine, saveStart
		break
	}
	t.kind, t.text, t.quoted = tID, b.String(), true
	return t, nil
}

// htmlString scans <…>, an HTML-like label, in which < and > nest.
func (r *dotReader) htmlString(t token) (token, error) {
	depth := 0
	for ; r.off < len(r.src); r.off++ {
		switch r.src[r.off] {
		case '<':
			depth++
		case '>':
			depth--
		case '\n':
			r.newline(r.off)
		default:
			if err := r.xmlChar(); err != nil {
				return t, err
			}
		}
		if depth == 0 {
			r.off++
			t.kind, t.text, t.quoted, t.html = tID, r.src[t.off+1:r.off-1], true, true
			return t, nil
		}
	}
	return t, r.errorAt(t, "this HTML label, which starts with <, has no matching > to end it; to show text, write a \"quoted string\"")
}

// xmlChar returns an error if the character at r.off, inside a string,
// cannot be in an XML document: graphviz would copy it into the SVG, and a
// browser shows nothing of an SVG that is not well-formed.
func (r *dotReader) xmlChar() error {
	c, _ := utf8.DecodeRuneInString(r.src[r.off:])
	if c == '\t' || c == '\n' || c == '\r' || ' ' <= c && c <= 0xD7FF || 0xE000 <= c && c <= 0xFFFD || c >= 0x10000 {
		return nil
	}
	t := token{off: r.off, line: r.line, col: r.col(r.off)}
	return r.errorAt(t, "a string holds the character %s, which graphviz would copy into the SVG, and a browser shows nothing of an SVG that holds it; "+
		"leave it out (write \\n for a line break in a label)", strconv.QuoteRune(c))
}

// keyword reports whether t is the DOT keyword kw (keywords ignore case).
func keyword(t token, kw string) bool {
	return t.kind == tID && !t.quoted && strings.EqualFold(t.text, kw)
}

func isKeyword(t token) bool {
	for _, kw := range []string{"node", "edge", "graph", "digraph", "subgraph", "strict"} {
		if keyword(t, kw) {
			return true
		}
	}
	return false
}

// expect consumes the punctuation p or returns an error that says what
// came instead.
func (r *dotReader) expect(p, why string) (token, error) {
	t, err := r.next()
	if err != nil {
		return t, err
	}
	if t.kind != tPunct || t.text != p {
		return t, r.errorAt(t, "expected %q %s, found %s", p, why, t.describe())
	}
	return t, nil
}

// graph: [strict] (graph | digraph) [ID] '{' stmt_list '}', then nothing.
func (r *dotReader) graph() (dotInfo, error) {
	var info dotInfo
	t, err := r.next()
	if err != nil {
		return info, err
	}
	if t.kind == tEOF {
		return info, fmt.Errorf("display: the DOT text is empty; write a graph such as digraph { a -> b }")
	}
	if keyword(t, "strict") {
		if t, err = r.next(); err != nil {
			return info, err
		}
	}
	switch {
	case keyword(t, "digraph"):
		r.directed = true
	case keyword(t, "graph"):
	default:
		return info, r.errorAt(t, "DOT text starts with digraph (or graph, or strict digraph), then an optional name and {; found %s", t.describe())
	}
	info.directed = r.directed
	if t, err = r.peek(); err != nil {
		return info, err
	}
	if t.kind == tID && !isKeyword(t) {
		r.next()
		info.name = t.text
	}
	open, err := r.expect("{", "to open the graph's body")
	if err != nil {
		return info, err
	}
	info.body = open.off + 1
	if _, err := r.stmts(); err != nil {
		return info, err
	}
	info.end = r.tok.off // stmts peeks at the "}" before it takes it
	if t, err = r.next(); err != nil {
		return info, err
	}
	if t.kind != tEOF {
		if keyword(t, "digraph") || keyword(t, "graph") || keyword(t, "strict") {
			return info, r.errorAt(t, "a second graph starts here; the text must hold one graph: show each graph with a call of its own")
		}
		return info, r.errorAt(t, "the graph's body ended with the } before this, and nothing may follow it; found %s", t.describe())
	}
	return info, nil
}

// stmts reads a stmt_list up to and including its closing "}", and returns
// the names of the nodes mentioned in it.
func (r *dotReader) stmts() ([]string, error) {
	var names []string
	for {
		t, err := r.peek()
		if err != nil {
			return nil, err
		}
		switch {
		case t.kind == tEOF:
			return nil, r.errorAt(t, "the text ends before the } that closes the graph (or a subgraph)")
		case t.kind == tPunct && t.text == "}":
			r.next()
			return names, nil
		}
		mentioned, err := r.stmt()
		if err != nil {
			return nil, err
		}
		names = append(names, mentioned...)
		if t, err = r.peek(); err != nil {
			return nil, err
		}
		if t.kind == tPunct && t.text == ";" {
			r.next()
		}
	}
}

// stmt reads one statement and returns the nodes it mentions.
func (r *dotReader) stmt() ([]string, error) {
	t, err := r.peek()
	if err != nil {
		return nil, err
	}
	switch {
	case keyword(t, "graph") || keyword(t, "edge"):
		r.next()
		_, err := r.attrList(true)
		return nil, err
	case keyword(t, "node"):
		r.next()
		attrs, err := r.attrList(true)
		if err != nil {
			return nil, err
		}
		top := r.defaults[len(r.defaults)-1]
		for k, v := range attrs {
			top[k] = v
		}
		return nil, nil
	case keyword(t, "digraph") || keyword(t, "strict"):
		return nil, r.errorAt(t, "a graph cannot hold another graph; for a group of nodes inside this one, write subgraph { ... }")
	case t.kind == tPunct && (t.text == "{" || t.text == "}") || keyword(t, "subgraph"):
		return r.edgeChain(nil)
	case t.kind == tID:
		r.next()
		if p, err := r.peek(); err != nil {
			return nil, err
		} else if p.kind == tPunct && p.text == "=" {
			r.next() // a graph attribute: ID = ID
			v, err := r.next()
			if err != nil {
				return nil, err
			}
			if v.kind != tID {
				return nil, r.errorAt(v, "expected a value after %s =, found %s", t.describe(), v.describe())
			}
			return nil, nil
		}
		if isKeyword(t) {
			return nil, r.errorAt(t, "%s is a DOT keyword; to name a node %s, quote it", t.describe(), t.describe())
		}
		return r.edgeChain(&t)
	default:
		r.next()
		return nil, r.errorAt(t, "expected a statement (a node, an edge, an attribute or a subgraph), found %s", t.describe())
	}
}

// edgeChain reads a node statement or an edge statement: an endpoint
// (first, a node ID already read, or else a subgraph), then any number of
// "->" and an endpoint, then an optional attribute list. It returns the
// nodes mentioned.
func (r *dotReader) edgeChain(first *token) ([]string, error) {
	var left []string // the nodes of the endpoint before the next edge
	var err error
	if first != nil {
		if left, err = r.nodeList(*first); err != nil {
			return nil, err
		}
	} else if left, err = r.subgraph(); err != nil {
		return nil, err
	}
	all, edges := left, 0
	for {
		t, err := r.peek()
		if err != nil {
			return nil, err
		}
		if t.kind != tEdge {
			break
		}
		r.next()
		if err := r.edgeOp(t); err != nil {
			return nil, err
		}
		n, err := r.peek()
		if err != nil {
			return nil, err
		}
		var right []string
		switch {
		case n.kind == tID && !isKeyword(n):
			r.next()
			if right, err = r.nodeList(n); err != nil {
				return nil, err
			}
		case n.kind == tPunct && n.text == "{" || keyword(n, "subgraph"):
			if right, err = r.subgraph(); err != nil {
				return nil, err
			}
		default:
			r.next()
			return nil, r.errorAt(n, "expected a node name or a subgraph after %s, found %s", t.text, n.describe())
		}
		r.edges += max(len(left), 1) * max(len(right), 1)
		edges++
		all = append(all, right...)
		left = right
	}
	attrs, err := r.attrList(false)
	if err != nil {
		return nil, err
	}
	if first != nil && edges == 0 { // a node statement: the attributes are its nodes'
		for _, name := range left {
			for k, v := range attrs {
				r.nodes[name].attrs[k] = v
			}
		}
	}
	return all, nil
}

// nodeList reads the rest of a node ID whose name is first, and any more
// after commas (a, b -> c is two edges), and returns their names.
func (r *dotReader) nodeList(first token) ([]string, error) {
	var names []string
	for n := first; ; {
		if err := r.port(); err != nil {
			return nil, err
		}
		r.mention(n)
		names = append(names, n.text)
		t, err := r.peek()
		if err != nil || t.kind != tPunct || t.text != "," {
			return names, err
		}
		r.next()
		if n, err = r.next(); err != nil {
			return nil, err
		}
		if n.kind != tID || isKeyword(n) {
			return nil, r.errorAt(n, "expected a node name after the comma, found %s", n.describe())
		}
	}
}

// edgeOp checks that the edge t is the kind the graph has.
func (r *dotReader) edgeOp(t token) error {
	switch {
	case r.directed && t.text == "--":
		return r.errorAt(t, "-- joins nodes in an undirected graph (graph { ... }); this is a digraph: write ->")
	case !r.directed && t.text == "->":
		return r.errorAt(t, "-> joins nodes in a digraph; this is an undirected graph (graph { ... }): write --, or make it a digraph")
	}
	return nil
}

// mention records a node, with the node attributes in force, the first
// time its name appears.
func (r *dotReader) mention(t token) {
	if _, ok := r.nodes[t.text]; ok {
		return
	}
	n := &dotNode{name: t.text, attrs: map[string]dotValue{}, r: r}
	for k, v := range r.defaults[len(r.defaults)-1] {
		n.attrs[k] = v
	}
	r.nodes[t.text] = n
	r.order = append(r.order, t.text)
}

// port reads an optional :port or :port:compass after a node ID.
func (r *dotReader) port() error {
	for range 2 {
		t, err := r.peek()
		if err != nil || t.kind != tPunct || t.text != ":" {
			return err
		}
		r.next()
		p, err := r.next()
		if err != nil {
			return err
		}
		if p.kind != tID {
			return r.errorAt(p, "expected a port name after :, found %s", p.describe())
		}
	}
	return nil
}

// subgraph: [subgraph [ID]] '{' stmt_list '}'. It returns the nodes
// mentioned inside.
func (r *dotReader) subgraph() ([]string, error) {
	t, err := r.next()
	if err != nil {
		return nil, err
	}
	if keyword(t, "subgraph") {
		if t, err = r.next(); err != nil {
			return nil, err
		}
		if t.kind == tID && !isKeyword(t) {
			if t, err = r.next(); err != nil {
				return nil, err
			}
		}
	}
	if t.kind != tPunct || t.text != "{" {
		return nil, r.errorAt(t, "expected \"{\" to open the subgraph, found %s", t.describe())
	}
	inner := map[string]dotValue{}
	for k, v := range r.defaults[len(r.defaults)-1] {
		inner[k] = v
	}
	r.defaults = append(r.defaults, inner)
	names, err := r.stmts()
	r.defaults = r.defaults[:len(r.defaults)-1]
	return names, err
}

// attrList reads any number of [ a=b, c=d; e=f ] lists (required if must)
// and returns the node attributes among them that readDOT checks.
func (r *dotReader) attrList(must bool) (map[string]dotValue, error) {
	attrs := map[string]dotValue{}
	for n := 0; ; n++ {
		t, err := r.peek()
		if err != nil {
			return nil, err
		}
		if t.kind != tPunct || t.text != "[" {
			if must && n == 0 {
				r.next()
				return nil, r.errorAt(t, "expected [ and a list of attributes, found %s", t.describe())
			}
			return attrs, nil
		}
		r.next()
		for {
			k, err := r.next()
			if err != nil {
				return nil, err
			}
			if k.kind == tPunct && k.text == "]" {
				break
			}
			if k.kind != tID {
				return nil, r.errorAt(k, "expected an attribute such as label=\"x\", or ], found %s", k.describe())
			}
			if _, err := r.expect("=", "between an attribute's name and its value"); err != nil {
				return nil, err
			}
			v, err := r.next()
			if err != nil {
				return nil, err
			}
			if v.kind != tID {
				return nil, r.errorAt(v, "expected a value for %s, found %s", k.describe(), v.describe())
			}
			if name := k.text; name == "label" || name == "shape" {
				attrs[name] = dotValue{text: v.text, html: v.html, line: v.line, col: v.col}
			}
			if p, err := r.peek(); err != nil {
				return nil, err
			} else if p.kind == tPunct && (p.text == "," || p.text == ";") {
				r.next()
			}
		}
	}
}

// checkRecord returns an error if n is a record whose label graphviz cannot
// parse: graphviz would draw the node's name in its place, without a word.
func (n *dotNode) checkRecord() error {
	shape, label := n.attrs["shape"], n.attrs["label"]
	if shape.text != "record" && shape.text != "Mrecord" || label.html || label.line == 0 {
		return nil
	}
	_, problem := recordFields(label.text, 0, true)
	if problem == "" {
		return nil
	}
	what := fmt.Sprintf("graphviz cannot read the record label of node %s, %s: %s; it would draw the node's name instead",
		strconv.Quote(visible(n.name)), strconv.Quote(shorten(label.text)), problem)
	if problem == strayClose {
		what = fmt.Sprintf("in the record label of node %s, %s, %s: graphviz would draw the label up to it and drop the rest",
			strconv.Quote(visible(n.name)), strconv.Quote(shorten(label.text)), problem)
	}
	return &dotError{
		msg: what + ". In a record label, { } | < > are structure: { } group fields, | separates them, < > name a port; " +
			"to show one of them as text, put a backslash before it (in a Go string, \"\\\\|\" or `\\|`)",
		line: label.line, col: label.col, text: n.r.lineText(n.r.offset(label.line, label.col)),
	}
}

// offset returns the byte offset of a line and column.
func (r *dotReader) offset(line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(r.src[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(r.src); c++ {
		_, n := utf8.DecodeRuneInString(r.src[off:])
		off += n
	}
	return off
}

// strayClose is the one problem of a record label that graphviz does not
// treat as an error: it draws the label up to the stray }, and drops the rest.
const strayClose = `a } closes no {`

// recordFields follows graphviz's parse_reclbl (lib/common/shapes.c) over
// the record label s from byte i, a group of fields that the caller opened
// with "{" unless top. It returns where the group ends and, if graphviz
// would fail, why.
func recordFields(s string, i int, top bool) (int, string) {
	const (
		hasTable = 1 << iota // a {…} group in this field
		hasPort              // a <port> in this field
		inPort               // inside <…>
		inText               // text in this field
	)
	mode := 0
	for {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		if c != 0 && c < ' ' { // graphviz ignores control characters
			i++
			continue
		}
		switch c {
		case '<':
			if mode&hasTable != 0 {
				return i, `a <port> follows a {…} group in the same field; separate them with |`
			}
			if mode&hasPort != 0 {
				return i, `a field has two <ports>; a field has at most one`
			}
			mode |= hasPort | inPort
			i++
		case '>':
			if mode&inPort == 0 {
				return i, `a > has no < before it`
			}
			mode &^= inPort
			i++
		case '{':
			i++
			if mode != 0 {
				return i, `a { follows text in the same field; separate them with |`
			}
			if i >= len(s) {
				return i, `the label ends with {`
			}
			mode = hasTable
			var problem string
			if i, problem = recordFields(s, i, false); problem != "" {
				return i, problem
			}
		case '}', '|', 0:
			if c == 0 && !top {
				return i, `a { is not closed by a }`
			}
			if mode&inPort != 0 {
				return i, `a < is not closed by a >`
			}
			switch c {
			case '}':
				i++
				if top && strings.TrimFunc(s[i:], func(r rune) bool { return r <= ' ' }) != "" {
					return i, strayClose
				}
				return i, ""
			case 0:
				return i, ""
			}
			i++
			mode = 0
		default:
			if c == '\\' && i+1 < len(s) {
				i++ // the character after a backslash is text, whatever it is
				c = s[i]
			}
			if mode&hasTable != 0 && c != ' ' {
				return i, `text follows a {…} group in the same field; separate them with |`
			}
			if mode&(inText|inPort) == 0 && c != ' ' {
				mode |= inText
			}
			i++
		}
	}
}
