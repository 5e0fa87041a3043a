package check

import (
	"go/importer"
	"go/token"
	"go/types"
	"io"
)

// Importer returns a types.Importer that reads the export data of the
// package at an import path from what open returns for that path: the
// files that `go list -export` names, as the browser kernel embeds them.
func Importer(open func(path string) (io.ReadCloser, error)) types.Importer {
	return importer.ForCompiler(token.NewFileSet(), "gc", importer.Lookup(open))
}
