//go:build littlegrad_kernel

package notebook

import (
	"fmt"
	"os"
)

// Cells of the littlegrad kernel do not link gonbui, and its dependencies,
// which made a drawing cell's program half as big again: its displays go
// in band.
var isNotebook = os.Getenv(pipeEnv) != ""

func outOfBand(html, text string) {
	fmt.Fprintln(os.Stderr, "display: this program was built with the tag littlegrad_kernel, for the cells of the littlegrad kernel, "+
		"whose proxy shows displays, and runs without it: run it in that kernel, or build it without that tag")
}
