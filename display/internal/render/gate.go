package render

import (
	"bytes"
	"errors"
	"fmt"
)

// graphviz reads DOT with one scanner per process, whose state outlives a
// call: text it has not read stays for the next call, and so does an open
// string, comment or HTML label. So "digraph A {…} digraph B {…}" draws A,
// and then B in place of the next graph it is given; text after a graph
// goes in front of the next one; and "digraph { a [label=\"x" leaves the
// scanner inside a string, misreading whatever comes next. After a syntax
// error graphviz empties the scanner, but not before it has read a whole
// token. There is no way to reset the scanner short of a new process.
//
// So render hands graphviz only the text of one graph, up to its closing
// brace, and only once oneGraph has found that every string, comment and
// HTML label in it ends: then whatever graphviz makes of the text, its
// scanner is left empty and between tokens.

// oneGraph returns the length of the graph at the start of dot, up to and
// including its closing brace, or an error if dot is not one graph that
// graphviz's scanner reads to its end: [strict] graph|digraph [ID] { … },
// with white space and comments around it. It checks tokens and braces,
// not the grammar, which graphviz does. O(len(dot)).
func oneGraph(dot []byte) (int, error) {
	if i := bytes.IndexByte(dot, 0); i >= 0 {
		// graphviz reads text as a C string, which ends there.
		return 0, fmt.Errorf("display: the DOT text holds a NUL byte (at byte %d), which graphviz takes for its end", i)
	}
	s := scanner{src: dot, line: 1}
	depth, opened := 0, 0
	for {
		t, err := s.next()
		if err != nil {
			return 0, err
		}
		switch {
		case t == nil && opened == 0:
			return 0, errors.New("display: the DOT text holds no graph; write one as digraph { a -> b }")
		case t == nil:
			return 0, fmt.Errorf("display: the { on line %d of the DOT text has no } to close it", opened)
		case bytes.Equal(t, []byte("{")):
			if depth == 0 {
				opened = s.line
			}
			depth++
		case bytes.Equal(t, []byte("}")) && depth == 0:
			return 0, fmt.Errorf("display: line %d of the DOT text closes with } a { that it never opened", s.line)
		case bytes.Equal(t, []byte("}")):
			if depth--; depth > 0 {
				continue
			}
			end := s.off
			// Only white space and comments may follow.
			if t, err := s.next(); err != nil {
				return 0, err
			} else if t != nil {
				return 0, fmt.Errorf("display: the DOT text goes on after its graph's closing } (line %d: %.20q); give one graph at a time", s.line, t)
			}
			return end, nil
		}
	}
}

// scanner splits DOT text into tokens as graphviz's scanner does, as far
// as where tokens begin and end.
type scanner struct {
	src  []byte
	off  int
	line int
}

// next returns the next token, nil at the end of the text, or an error for
// a string, comment or HTML label that does not end.
func (s *scanner) next() ([]byte, error) {
	for s.off < len(s.src) {
		rest := s.src[s.off:]
		switch c := rest[0]; {
		case c == '\n':
			s.line++
			s.off++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			s.off++
		case c == '#' || bytes.HasPrefix(rest, []byte("//")):
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				s.off += i
			} else {
				s.off = len(s.src)
			}
		case bytes.HasPrefix(rest, []byte("/*")):
			i := bytes.Index(rest[2:], []byte("*/"))
			if i < 0 {
				return nil, fmt.Errorf("display: the comment that starts with /* on line %d of the DOT text has no */ to end it", s.line)
			}
			s.count(rest[:i+4])
		case c == '"':
			return s.quoted()
		case c == '<':
			return s.html()
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ';' || c == ',' || c == '=' || c == ':' || c == '+':
			s.off++
			return rest[:1], nil
		default:
			n := 1
			for n < len(rest) && !bytes.ContainsRune([]byte(" \t\r\n\f\v{}[];,=:+\"<#/"), rune(rest[n])) {
				n++
			}
			s.off += n
			return rest[:n], nil
		}
	}
	return nil, nil
}

// count moves past b, counting its lines.
func (s *scanner) count(b []byte) {
	s.line += bytes.Count(b, []byte("\n"))
	s.off += len(b)
}

// quoted scans "…", in which \" is a quote and \\ a backslash.
func (s *scanner) quoted() ([]byte, error) {
	rest, line := s.src[s.off:], s.line
	for i := 1; i < len(rest); i++ {
		switch rest[i] {
		case '\\':
			i++
		case '"':
			s.count(rest[:i+1])
			return rest[:i+1], nil
		}
	}
	return nil, fmt.Errorf("display: the string that starts on line %d of the DOT text has no closing quote (\")", line)
}

// html scans <…>, an HTML-like label, in which < and > nest.
func (s *scanner) html() ([]byte, error) {
	rest, depth := s.src[s.off:], 0
	for i, c := range rest {
		switch c {
		case '<':
			depth++
		case '>':
			depth--
		}
		if depth == 0 {
			s.count(rest[:i+1])
			return rest[:i+1], nil
		}
	}
	return nil, fmt.Errorf("display: the HTML label that starts with < on line %d of the DOT text has no matching > to end it", s.line)
}
