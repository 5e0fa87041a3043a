package main

import "github.com/littlegrad/littlegrad/autograd"

// ResetPackages gives each cell compiled packages in the state a new
// process has them: in the GoNB kernel every cell is a new process, and
// part 2 prints the index of a node on the default tape.
func ResetPackages() {
	t := autograd.DefaultTape()
	t.Truncate(0)
}
