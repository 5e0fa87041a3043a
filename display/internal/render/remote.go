//go:build littlegrad_kernel

package render

import (
	"os"
	"time"
)

// Remote says whether SVG asks the kernel's renderer: it does in this build.
const Remote = true

// SVG lays out the graph in dot with the kernel's renderer (see the package
// doc), which runs graphviz's dot layout as SVG does without the tag, and
// returns its SVG document. Text that is not one graph is refused here, as
// SVG does without the tag, before it travels. It is safe for concurrent use.
func SVG(dot []byte) ([]byte, error) {
	n, err := oneGraph(dot)
	if err != nil {
		return nil, err
	}
	return remoteSVG(os.Getenv("LITTLEGRAD_RENDER"), dot[:n])
}

// SVGWithin is SVG: the kernel's renderer gives up on a layout after its
// own time limit, Limit unless its -timeout says otherwise, whatever
// timeout says, and then restarts, so that the next cell draws again.
func SVGWithin(dot []byte, timeout time.Duration) ([]byte, error) {
	return SVG(dot)
}
