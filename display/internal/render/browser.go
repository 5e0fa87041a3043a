//go:build littlegrad_kernel && js

package render

// draw, in the browser kernel (lite/, built for js/wasm): there is no
// renderer command to run in a browser, so the jobs go, as the same JSON,
// to globalThis.littlegradRender, which lays them out with graphviz
// compiled to WebAssembly (lite/js/kernel.mjs) and returns the drawings'
// JSON, with a written graph's name and counts read from its SVG. DOT
// someone wrote gets the checks of scan.go here; the one check that needs
// the graph as go-graphviz parsed it, of record labels (written.go), has no
// parsed graph to read in the browser.

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"syscall/js"
)

func draw(jobs []Job) ([]Drawing, error) {
	f := js.Global().Get("littlegradRender")
	if f.Type() != js.TypeFunction {
		return nil, errors.New("display: the browser kernel has no graphviz to draw with (globalThis.littlegradRender is not set)")
	}
	ds := make([]Drawing, len(jobs))
	var send []Job
	var sent []int   // the index in jobs of each job sent
	var ts [][]token // each written job's tokens, for syntax errors
	for i, j := range jobs {
		var toks []token
		if j.Written {
			graph, t, err := scanWritten(j.DOT)
			if err != nil {
				ds[i].Err = err.Error()
				continue
			}
			j.DOT, toks = graph, t
		}
		send, sent, ts = append(send, j), append(sent, i), append(ts, toks)
	}
	if len(send) == 0 {
		return ds, nil
	}
	req, err := json.Marshal(send)
	if err != nil {
		return nil, err
	}
	out := f.Invoke(string(req))
	var got []Drawing
	if err := json.Unmarshal([]byte(out.String()), &got); err != nil || len(got) != len(send) {
		return nil, fmt.Errorf("display: graphviz answered %d drawings for %d graphs (%v)", len(got), len(send), err)
	}
	for k, d := range got {
		j := jobs[sent[k]]
		if j.Written {
			if strings.HasPrefix(d.Name, "%") { // graphviz's name for an anonymous graph
				d.Name = ""
			}
			if d.Err != "" {
				d.Err = syntaxError(j.DOT, ts[k], errors.New(d.Err)).Error()
			} else if err := sizeError(d, j.MaxNodes); err != nil {
				d = Drawing{Err: err.Error()}
			}
		}
		ds[sent[k]] = d
	}
	return ds, nil
}
