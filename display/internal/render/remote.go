//go:build littlegrad_kernel

package render

import "os"

// SVG lays out the graph in dot with the kernel's renderer (see the package
// doc), which runs graphviz's dot layout as SVG does without the tag, and
// returns its SVG document. It is safe for concurrent use.
func SVG(dot []byte) ([]byte, error) {
	return remoteSVG(os.Getenv("LITTLEGRAD_RENDER"), dot)
}
