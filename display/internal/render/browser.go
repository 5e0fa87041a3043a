//go:build littlegrad_kernel && js

package render

// draw, in the browser kernel (lite/, built for js/wasm): there is no
// renderer command to run in a browser, so the jobs go, as the same JSON,
// to globalThis.littlegradRender, which lays them out with graphviz
// compiled to WebAssembly (lite/js/kernel.mjs) and returns the drawings'
// JSON.

import (
	"encoding/json"
	"errors"
	"fmt"
	"syscall/js"
)

func draw(jobs []Job) ([]Drawing, error) {
	f := js.Global().Get("littlegradRender")
	if f.Type() != js.TypeFunction {
		return nil, errors.New("display: the browser kernel has no graphviz to draw with (globalThis.littlegradRender is not set)")
	}
	req, err := json.Marshal(jobs)
	if err != nil {
		return nil, err
	}
	out := f.Invoke(string(req))
	var ds []Drawing
	if err := json.Unmarshal([]byte(out.String()), &ds); err != nil || len(ds) != len(jobs) {
		return nil, fmt.Errorf("display: graphviz answered %d drawings for %d graphs (%v)", len(ds), len(jobs), err)
	}
	return ds, nil
}
