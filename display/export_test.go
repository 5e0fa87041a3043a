package display

// DotHTML is ShowDOT's drawing, for the tests of package display_test.
func DotHTML(dot string, opts ...Option) (html, text string, err error) {
	return dotHTML(dot, opts...)
}
