// Package plot draws littlegrad's training figures with gonum.org/v1/plot,
// as SVG shown inline in GoNB notebooks or written to files: a function
// (the tutorial's tanh), the loss and accuracy of a training run, and the
// decision boundary of a classifier over 2-D data (the moons demo).
//
//	plot.Func(math.Tanh, -5, 5).Title("tanh").Show()
//	plot.Loss(losses, accuracies).WriteSVG("loss.svg")
//	plot.DecisionBoundary(predict, X, y).Show()
//
// It is a package of its own, apart from display, because display links
// graphviz, which costs every program that imports it about 30 ms at
// start-up (0.5–1 s before its compile cache is warm) and every notebook
// cell more time to link: a notebook that only plots does not pay that.
// Like display, it shows figures as an <img> holding the SVG, the one form
// that notebooks show whether or not they are trusted, and Show does
// nothing outside a notebook.
//
// Functions panic, with a message that starts with "display/plot:", on
// arguments that cannot make a figure (an empty range, no data); drawing
// and writing files return errors.
package plot
