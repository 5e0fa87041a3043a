// Package plot draws littlegrad's training figures with gonum.org/v1/plot:
// a function (the tutorial's tanh), the loss and accuracy of a training run,
// and the decision boundary of a classifier over 2-D data (the moons demo);
// and a Training, recorded step by step, replays how the boundary formed.
//
//	plot.Func(math.Tanh, -5, 5).Title("tanh").Show()
//	plot.Loss(losses, accuracies).WriteSVG("loss.svg")
//	plot.DecisionBoundary(predict, X, y).Show()
//	run := plot.NewTraining(X, y, 100) // then run.Record(k, …) at every step
//	run.Show()                         // a slider over the boundary, with the curves
//
// Like display's drawings, a figure reaches a notebook as SVG inside an
// <img>, which notebooks show whether or not they are trusted, and Show does
// nothing outside a notebook. Unlike display, plot does not link graphviz,
// so programs and notebook cells that only plot start faster.
//
// Functions panic, with a message that starts with "display/plot:", on
// arguments that cannot make a figure (an empty range, no data); drawing
// and writing files return errors.
package plot
