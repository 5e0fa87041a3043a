// Package plot draws littlegrad's training figures with gonum.org/v1/plot
// (a function, the loss and accuracy of a run, a classifier's decision
// boundary) and a Training widget that replays how the boundary formed:
//
//	plot.Func(math.Tanh, -5, 5).Title("tanh").Show()
//	plot.DecisionBoundary(predict, X, y).Show()
//	run := plot.NewTraining(X, y, 100) // then run.Record(k, …) at every step
//	run.Show()
//
// Figures reach a notebook as display's drawings do, without graphviz, and
// Show does nothing outside a notebook. Functions panic, with a message that
// starts with "display/plot:", on arguments that cannot make a figure;
// drawing and writing files return errors.
package plot
