package check

import (
	"go/importer"
	"go/token"
	"go/types"
	"io"

	"golang.org/x/tools/go/gcexportdata"
)

// Importer returns a types.Importer that reads the export data of the
// package at an import path from what open returns for that path: the
// files that `go list -export` names.
func Importer(open func(path string) (io.ReadCloser, error)) types.Importer {
	return importer.ForCompiler(token.NewFileSet(), "gc", importer.Lookup(open))
}

// IndexedImporter returns a types.Importer that reads each package from
// what open returns for its import path: export data in the indexed
// format that gcexportdata.Write writes (WriteIndexed), a third the size
// of the compiler's, which also holds the bodies of inlinable functions.
func IndexedImporter(open func(path string) (io.ReadCloser, error)) types.Importer {
	return &indexed{open: open, fset: token.NewFileSet(), pkgs: map[string]*types.Package{}}
}

type indexed struct {
	open func(string) (io.ReadCloser, error)
	fset *token.FileSet
	pkgs map[string]*types.Package
}

func (x *indexed) Import(path string) (*types.Package, error) {
	if p, ok := x.pkgs[path]; ok && p.Complete() {
		return p, nil
	}
	rc, err := x.open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return gcexportdata.Read(rc, x.fset, x.pkgs, path)
}

// WriteIndexed writes pkg's export data as IndexedImporter reads it.
func WriteIndexed(w io.Writer, pkg *types.Package) error {
	return gcexportdata.Write(w, token.NewFileSet(), pkg)
}
