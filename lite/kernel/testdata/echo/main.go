//go:build js

// Command echo stands in for the Go module in tests of the kernel's
// plumbing: it prints each cell, and draws a graph for a cell that asks.
package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"strings"
	"syscall/js"
)

func main() {
	run := js.FuncOf(func(this js.Value, args []js.Value) any {
		code := args[0].String()
		fmt.Println("echo:", code)
		switch {
		case code == "fail":
			fmt.Fprintln(os.Stderr, "failing")
			return "the cell failed"
		case code == "loop":
			for {
			}
		case strings.HasPrefix(code, "digraph"):
			svg := js.Global().Call("littlegradLayout", code).String()
			img := `<img src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString([]byte(svg)) + `">`
			js.Global().Call("littlegradDisplay", img, "a graph")
		}
		return ""
	})
	js.Global().Set("littlegrad", js.ValueOf(map[string]any{"run": run}))
	select {}
}
