//go:build littlegrad_kernel && !js

package render

import (
	"errors"
	"os/exec"
)

// draw has the renderer lay out the jobs: cells of the littlegrad kernel
// do not link graphviz.
func draw(jobs []Job) ([]Drawing, error) {
	path, err := exec.LookPath(Command)
	if err != nil {
		return nil, errors.New("display: this program was built with the tag littlegrad_kernel, for the cells of the littlegrad kernel, " +
			"and finds no " + Command + " on PATH to draw with: run it in the kernel, or build it without that tag")
	}
	return Run(path, jobs, Limit)
}
