//go:build js && wasm

// Command wasm is the browser kernel's Go side, compiled to WebAssembly:
// it runs notebook cells in the yaegi interpreter (package cell), with
// littlegrad's packages compiled in, for the JavaScript that loads it
// (lite/js), which calls globalThis.littlegrad.run(code).
//
// What a cell prints goes to file descriptors 1 and 2, where the
// JavaScript side collects it, with the displays in band (package inband)
// in their place among the text. build.sh builds it, with the export data
// of cell.Packages in exportdata/ and display's renderer replaced by one
// that asks JavaScript's graphviz (display/internal/render/browser.go).
package main

import (
	"embed"
	"errors"
	"io"
	"os"
	"strings"
	"syscall/js"

	"github.com/littlegrad/littlegrad/lite/cell"
	"github.com/littlegrad/littlegrad/lite/check"
	"github.com/littlegrad/littlegrad/lite/symbols"
	"github.com/littlegrad/littlegrad/lite/symbols/stdlib"
)

//go:embed exportdata
var exportData embed.FS

func main() {
	s := cell.NewSession(stdlib.Symbols, symbols.Symbols)
	s.BeforeRun = ResetPackages
	s.Importer = check.IndexedImporter(func(path string) (io.ReadCloser, error) {
		f, err := exportData.Open("exportdata/" + strings.ReplaceAll(path, "/", "%") + ".x")
		if err != nil {
			return nil, errors.New("the browser kernel has no package " + path)
		}
		return f, nil
	})
	api := js.Global().Get("Object").New()
	api.Set("run", js.FuncOf(func(this js.Value, args []js.Value) any {
		res := js.Global().Get("Object").New()
		err := s.Run(args[0].String(), os.Stdout, os.Stderr)
		if err != nil {
			res.Set("error", err.Error())
			kind := "error"
			var ce *cell.Error
			if errors.As(err, &ce) {
				kind = ce.Kind
			}
			res.Set("kind", kind)
		}
		return res
	}))
	api.Set("reset", js.FuncOf(func(this js.Value, args []js.Value) any {
		s.Reset()
		return nil
	}))
	js.Global().Set("littlegrad", api)
	if ready := js.Global().Get("littlegradReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
