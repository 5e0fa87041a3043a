package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress reports training on a terminal as a bar redrawn in place, and
// elsewhere (a file, a pipe, a CI log) as a line every tenth of the run.
type progress struct {
	w        io.Writer
	total    int
	quiet    bool
	terminal bool
	drawn    time.Time // when the bar was last drawn
	line     string    // the last report
}

func newProgress(w io.Writer, total int, quiet bool) *progress {
	return &progress{w: w, total: total, quiet: quiet, terminal: isTerminal(w)}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

const barWidth = 24

// update reports that step steps of total are done, with their loss and
// accuracy.
func (p *progress) update(step int, loss, accuracy float64) {
	if p.quiet {
		return
	}
	filled := barWidth * step / p.total
	p.line = fmt.Sprintf("step %*d/%d [%s%s] loss %.4f accuracy %3.0f%%",
		len(fmt.Sprint(p.total)), step, p.total,
		strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), loss, 100*accuracy)
	last := step == p.total
	if p.terminal {
		// Redrawing costs more than a small step: at most 20 times a second.
		if now := time.Now(); last || now.Sub(p.drawn) >= 50*time.Millisecond {
			fmt.Fprintf(p.w, "\r%s", p.line)
			p.drawn = now
		}
		return
	}
	every := max(1, p.total/10)
	if step == 1 || step%every == 0 || last {
		fmt.Fprintln(p.w, p.line)
	}
}

// done ends the report.
func (p *progress) done() {
	if !p.quiet && p.terminal {
		fmt.Fprintln(p.w)
	}
}
