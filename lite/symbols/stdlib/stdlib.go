// Package stdlib holds the symbol tables of the standard library's packages
// that cells may import in the browser kernel (cell.Packages), made by
// yaegi extract: yaegi's own stdlib package has them all, and made the
// WebAssembly module 58 MB. slices, maps and cmp are generic: yaegi
// interprets their source, and their tables here are empty.
package stdlib

import "reflect"

//go:generate go tool yaegi extract -name stdlib bufio bytes cmp container/heap container/list errors fmt io maps math math/bits math/cmplx math/rand math/rand/v2 os slices sort strconv strings sync time unicode unicode/utf8

// Symbols maps "import path/package name" to the package's exported
// symbols, as interp.Use takes them.
var Symbols = map[string]map[string]reflect.Value{}
