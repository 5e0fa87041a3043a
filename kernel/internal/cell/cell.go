// Package cell reads notebook cells written in GoNB's cell syntax (Go
// declarations, then optionally a line `%%` after which the lines are the
// body of main, with `%` and `!` special lines), to tell a console whether
// a cell is complete.
package cell

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// A Status says whether a cell is ready to run, in the words of Jupyter's
// is_complete_reply.
type Status string

const (
	Complete   Status = "complete"   // run it
	Incomplete Status = "incomplete" // more lines are coming (an open brace, a trailing operator, ...)
	Invalid    Status = "invalid"    // a syntax error that more lines cannot fix
)

// gonbPrefix lets a special line hide as a Go comment: `//gonb:%%`.
const gonbPrefix = "//gonb:"

// nonGoCells are the first words that make a whole cell something else
// than Go, as GoNB reads them.
var nonGoCells = []string{"%%writefile", "%%script", "%%bash", "%%sh", "%%gx"}

// IsComplete says whether a console should send code to the kernel when the
// user presses Enter, and if not, what indent the next line should get (one
// tab per open bracket, plus one after a line that ends in an operator).
// It reads code the way GoNB does and checks its Go with Go's own scanner
// and parser. Two blank lines at the end turn an incomplete cell into an
// invalid one, so a user can always send a cell and see GoNB's error.
func IsComplete(code string) (Status, string) {
	st, indent := isComplete(code)
	if st == Incomplete && strings.HasSuffix(strings.TrimRight(code, " \t"), "\n\n") {
		return Invalid, ""
	}
	return st, indent
}

func isComplete(code string) (Status, string) {
	lines := strings.Split(code, "\n")
	if first := strings.Fields(strings.TrimPrefix(lines[0], gonbPrefix)); len(first) > 0 {
		for _, c := range nonGoCells {
			if first[0] == c {
				return Complete, ""
			}
		}
	}
	g, ok := goOf(lines)
	if !ok {
		return Incomplete, "" // a special line ends in `\`
	}
	if g.mainLast {
		return Incomplete, "" // `%%` and nothing yet for main to do
	}

	// Brackets, and comments and raw strings left open.
	var s scanner.Scanner
	src := []byte(g.src)
	file := token.NewFileSet().AddFile("", -1, len(src))
	var scanErrs scanner.ErrorList
	s.Init(file, src, func(pos token.Position, msg string) { scanErrs.Add(pos, msg) }, scanner.ScanComments)
	var open []token.Token
	mainDepth := -1 // where main's brace sits in open, if the cell has `%%`
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if file.Offset(pos) == g.mainAt {
				mainDepth = len(open)
			}
			open = append(open, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(open) == 0 || open[len(open)-1] != opener[tok] || len(open)-1 == mainDepth {
				return Invalid, ""
			}
			open = open[:len(open)-1]
		}
	}
	if len(scanErrs) > 0 {
		if msg := scanErrs[0].Msg; msg == "comment not terminated" || msg == "raw string literal not terminated" {
			return Incomplete, "" // more of the comment or the string is coming
		}
		return Invalid, ""
	}
	depth := len(open)
	if mainDepth >= 0 {
		depth-- // main's own brace, which the cell does not write
	}
	if depth > 0 {
		return Incomplete, strings.Repeat("\t", depth)
	}

	// Balanced: the parser says whether it is Go, or stops at the end of
	// the cell wanting more (after a trailing operator, a comma, a dot).
	full := g.src
	if mainDepth >= 0 {
		full += "}\n"
	}
	_, err := parser.ParseFile(token.NewFileSet(), "", full, parser.SkipObjectResolution)
	if err == nil {
		return Complete, ""
	}
	if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 && list[0].Pos.Offset >= len(g.src)-1 {
		return Incomplete, "\t"
	}
	return Invalid, ""
}

var opener = map[token.Token]token.Token{token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE}

// goSource is the Go file a cell makes, as GoNB composes main.go.
type goSource struct {
	src      string // "package main", then the cell's lines, special lines blanked, `%%` as "func main() {"
	mainAt   int    // offset of main's "{" in src, or -1
	mainLast bool   // `%%` is the cell's last line that is not blank
}

// goOf composes the Go source of a cell's lines. It returns false if the
// last special line continues (ends in `\`) onto a line not yet written.
func goOf(lines []string) (goSource, bool) {
	var b strings.Builder
	b.WriteString("package main\n")
	g := goSource{mainAt: -1}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimPrefix(lines[i], gonbPrefix)
		switch {
		case len(line) > 1 && (line[0] == '%' || line[0] == '!'):
			for strings.HasSuffix(line, `\`) {
				i++
				if i == len(lines) {
					return g, false
				}
				line = strings.TrimPrefix(lines[i], gonbPrefix)
			}
			g.mainLast = false
			if g.mainAt < 0 && startsMain(line) {
				b.WriteString("func main() ")
				g.mainAt = b.Len()
				b.WriteString("{")
				g.mainLast = true
			}
		case strings.HasPrefix(lines[i], "package"):
			// GoNB drops package clauses: every cell is package main.
		default:
			b.WriteString(lines[i])
			if strings.TrimSpace(lines[i]) != "" {
				g.mainLast = false
			}
		}
		b.WriteString("\n")
	}
	g.src = b.String()
	return g, true
}

// startsMain reports whether a special line starts main's body: `%%` (with
// arguments or not) or `%main`.
func startsMain(line string) bool {
	if strings.HasPrefix(line, "%main") {
		return true
	}
	rest, ok := strings.CutPrefix(line, "%%")
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}
