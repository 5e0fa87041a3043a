// Command exportlist prints, for each package that cells of the browser
// kernel may import (cell.Packages) and each package they import,
// "import path=export data file", as built for GOOS=js GOARCH=wasm with
// the tag littlegrad_kernel: build.sh embeds them for go/types.
package main

import (
	"fmt"
	"os"
	"sort"

	"github.com/littlegrad/littlegrad/lite/cell"
	"github.com/littlegrad/littlegrad/lite/check"
)

func main() {
	files, err := check.ExportFiles(".", []string{"GOOS=js", "GOARCH=wasm", "GOFLAGS=-tags=littlegrad_kernel"}, cell.Packages...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "exportlist:", err)
		os.Exit(1)
	}
	want := map[string]bool{}
	for _, p := range cell.Packages {
		want[p] = true
	}
	var paths []string
	for p := range files {
		if want[p] {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Printf("%s=%s\n", p, files[p])
	}
}
