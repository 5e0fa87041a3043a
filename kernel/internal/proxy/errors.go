package proxy

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// GoNB v0.11.4, run with --raw_error, reports a cell that failed as the raw
// output of the command that failed, with a traceback entry per line of it
// that names the cell's line (internal/goexec/execcode.go, Compile and
// Execute; tests/gonb_test.go checks the forms). explain turns that into
// what a learner needs, the same in every front end and in plain text:
//
//	the cell does not compile:
//	Cell[4]: Line 4: cannot use c (variable of type float64) as *Value value in argument to a.Mul
//	    fmt.Println(a.Mul(c))
//	                      ^
//
// with no path of the machine, and a hint where the compiler's words
// mislead a newcomer ("undefined: fmt" after a misspelled fmt.Prinln,
// "undefined: model" for a value made in another cell).

var (
	compileLine = regexp.MustCompile(`^(?:\S*/)?main(?:_test)?\.go:\d+:(\d+): (.*)$`)
	cellLine    = regexp.MustCompile(`^Cell(?:\[\d+\])?: Line \d+$`)
	caretLine   = regexp.MustCompile(`^ *\^$`)
	ansi        = regexp.MustCompile("\x1b\\[[0-9;]*m")
	failedRun   = regexp.MustCompile(`failed to run "(?:[^"/ ]*/)*([^"/ ]+)[^"]*": `)
	exitStatus  = regexp.MustCompile(`^(?:\^C\n)?exit status (\d+)$`)
	undefined   = regexp.MustCompile(`^undefined: ([A-Za-z_]\w*)$`)
)

// scratchPath matches the path of GoNB's scratch program in a stack trace,
// which GoNB v0.11.4 keeps after the cell's line it names.
var scratchPath = regexp.MustCompile(`(?:/[^\s/]+)*/gonb_[0-9a-f]+/(main(?:_test)?\.go)`)

// explainTrace returns the standard error text of a cell with the path of
// GoNB's scratch program, a folder of this machine, cut to its name: a
// panic's stack trace names the cell's line before it ([[ Cell [n] Line m ]]).
func explainTrace(text string) string {
	return scratchPath.ReplaceAllString(text, "$1")
}

// explain rewrites the ename, evalue and traceback in content, an error
// message's or an execute_reply's, and reports whether it changed them.
func (p *proxy) explain(content map[string]any) bool {
	evalue, ok := content["evalue"].(string)
	if !ok {
		return false
	}
	var tb []string
	list, _ := content["traceback"].([]any)
	for _, l := range list {
		s, _ := l.(string)
		tb = append(tb, ansi.ReplaceAllString(s, ""))
	}
	var text string
	switch {
	case strings.HasPrefix(evalue, "# ") || compileLine.MatchString(evalue):
		// The go command's errors, or GoNB's when it parses the cell.
		text = p.compileError(evalue, tb)
	case exitStatus.MatchString(evalue):
		text = "the cell's program stopped with " + strings.TrimPrefix(evalue, "^C\n") + "; what it printed above says why"
		if strings.HasSuffix(evalue, "exit status 2") {
			text += " (a panic prints its message, then where it happened: [[ Cell [n] Line m ]] is the cell and its line)"
		}
	case failedRun.MatchString(evalue):
		text = failedRun.ReplaceAllString(evalue, "$1 failed: ")
	default:
		return false
	}
	content["evalue"] = text
	lines := []any{}
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, l)
	}
	content["traceback"] = lines
	return true
}

// compileError explains the go command's output in evalue, whose lines the
// entries of tb annotate one for one.
func (p *proxy) compileError(evalue string, tb []string) string {
	out := []string{"the cell does not compile:"}
	for i, l := range strings.Split(strings.TrimRight(evalue, "\n"), "\n") {
		m := compileLine.FindStringSubmatch(l)
		switch {
		case m == nil && strings.HasPrefix(l, "# "):
			continue // the package of GoNB's scratch program
		case m == nil:
			out = append(out, l)
			continue
		}
		where, src := "", ""
		if i < len(tb) {
			where, src = annotation(tb[i])
		}
		if where == "" {
			out = append(out, m[2])
			if strings.HasPrefix(m[2], "expected '}', found 'EOF'") {
				out = append(out, "hint: a { in the cell has no } to close it")
			}
			continue
		}
		out = append(out, where+": "+m[2])
		col, _ := strconv.Atoi(m[1])
		if src != "" && col >= 1 && col <= len(src)+1 {
			out = append(out, "    "+src, "    "+caret(src[:col-1]))
		}
		if h := p.hint(m[2], src, col); h != "" {
			out = append(out, h)
		}
	}
	return strings.Join(out, "\n")
}

// annotation returns the cell and line in a traceback entry of GoNB's
// ("Cell[4]: Line 4"), and the source line it points at, if it has them.
func annotation(entry string) (where, src string) {
	lines := strings.Split(entry, "\n")
	if len(lines) == 0 || !cellLine.MatchString(lines[0]) {
		return "", ""
	}
	for i := 2; i < len(lines); i++ {
		if caretLine.MatchString(lines[i]) {
			return lines[0], strings.TrimRight(lines[i-1], " \t\r")
		}
	}
	return lines[0], ""
}

// caret returns the white space that puts a ^ under the character after
// before: tabs where before has tabs, so that it lines up as they do.
func caret(before string) string {
	var b strings.Builder
	for _, c := range before {
		if c == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String() + "^"
}

// hint says what an "undefined: x" error means where the compiler's words
// do not: in src, the source line, at column col.
func (p *proxy) hint(msg, src string, col int) string {
	m := undefined.FindStringSubmatch(msg)
	if m == nil || col < 1 || col > len(src) {
		return ""
	}
	name, at := m[1], src[col-1:]
	if sel, ok := strings.CutPrefix(at, name+"."); ok && p.isPackage(name) {
		if n := strings.IndexFunc(sel, func(r rune) bool { return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) }); n >= 0 {
			sel = sel[:n]
		}
		return "hint: the kernel imports " + name + " for you only when what follows " + name + ". is a name it has: is " +
			name + "." + sel + " spelled right?"
	}
	if !strings.HasPrefix(at, name) {
		return ""
	}
	return "hint: if " + name + " was made in another cell, it is gone: each cell runs as a new program, and only declarations " +
		"carry over (types, functions, imports, constants, and top-level vars, which start again from their first value); " +
		"make it again in this cell, or write a function that makes it"
}

// isPackage reports whether name is the name of a package in Go's standard
// library or in the workspace GoNB runs in (the checkout), the packages
// the kernel imports for a cell when it uses them.
func (p *proxy) isPackage(name string) bool {
	p.pkgOnce.Do(func() {
		p.pkgs = map[string]bool{}
		roots := []string{filepath.Join(os.Getenv("GOROOT"), "src")}
		for _, a := range p.cfg.Kernel {
			if dir, ok := strings.CutPrefix(a, "--go_work="); ok {
				roots = append(roots, dir)
			}
		}
		for _, root := range roots {
			filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
				if err != nil || !d.IsDir() {
					return nil
				}
				base := d.Name()
				if path != root && (base == "testdata" || base == "internal" || base == "vendor" || base == "cmd" ||
					strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || base == "node_modules" || base == "out") {
					return filepath.SkipDir
				}
				p.pkgs[base] = true
				return nil
			})
		}
	})
	return p.pkgs[name]
}

// pkgNames is what isPackage knows, made on first use.
type pkgNames struct {
	pkgOnce sync.Once
	pkgs    map[string]bool
}
