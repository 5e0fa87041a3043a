// Package symbols holds the symbol tables through which interpreted cells
// call littlegrad's compiled packages, made by yaegi extract.
package symbols

import "reflect"

//go:generate go tool yaegi extract github.com/littlegrad/littlegrad/autograd github.com/littlegrad/littlegrad/autograd/nn github.com/littlegrad/littlegrad/display github.com/littlegrad/littlegrad/display/plot github.com/littlegrad/littlegrad/lite/fmtx

// Symbols maps "import path/package name" to the package's exported
// symbols, as interp.Use takes them.
var Symbols = map[string]map[string]reflect.Value{}
