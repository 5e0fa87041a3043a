// Command exportlist writes into the folder it is given the export data
// of each package that cells of the browser kernel may import
// (cell.Packages), as built for GOOS=js GOARCH=wasm with the tag
// littlegrad_kernel, in the indexed format that check.IndexedImporter
// reads: build.sh embeds them in the module, for go/types.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/littlegrad/littlegrad/lite/cell"
	"github.com/littlegrad/littlegrad/lite/check"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: exportlist DIR")
		os.Exit(2)
	}
	files, err := check.ExportFiles(".", []string{"GOOS=js", "GOARCH=wasm", "GOFLAGS=-tags=littlegrad_kernel"}, cell.Packages...)
	if err != nil {
		fail(err)
	}
	imp := check.Importer(func(path string) (io.ReadCloser, error) { return os.Open(files[path]) })
	total := 0
	for _, p := range cell.Packages {
		pkg, err := imp.Import(p)
		if err != nil {
			fail(err)
		}
		var b bytes.Buffer
		if err := check.WriteIndexed(&b, pkg); err != nil {
			fail(fmt.Errorf("%s: %v", p, err))
		}
		total += b.Len()
		if err := os.WriteFile(filepath.Join(os.Args[1], strings.ReplaceAll(p, "/", "%")+".x"), b.Bytes(), 0o644); err != nil {
			fail(err)
		}
	}
	fmt.Fprintf(os.Stderr, "exportlist: %d packages, %d bytes of export data\n", len(cell.Packages), total)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "exportlist:", err)
	os.Exit(1)
}
