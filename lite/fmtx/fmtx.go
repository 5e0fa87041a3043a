// Package fmtx helps the programs that run notebook cells in the browser
// print what yaegi would hand to fmt without its methods (see package check).
package fmtx

// Shown is text that fmt prints as it is, for %v and %s, and as an operand
// that is not a string (fmt.Print puts spaces between such operands).
type Shown struct{ s string }

// Show returns s as a Shown.
func Show(s string) Shown { return Shown{s} }

// String returns the text.
func (s Shown) String() string { return s.s }
