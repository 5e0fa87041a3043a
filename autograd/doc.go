// Package autograd is a scalar reverse-mode automatic differentiation engine.
//
// A Value is one number in a computation. Ops such as Add, Mul and Tanh return
// new Values and record how they were made; Backward then fills in the gradient
// of a result with respect to every Value it was computed from:
//
//	a := autograd.New(2).Named("a")
//	b := autograd.New(-3).Named("b")
//	L := a.Mul(b).Add(a)  // L = a*b + a
//	L.Backward()
//	fmt.Println(a.Grad()) // dL/da = b + 1 = -2
//
// Every Value stays recorded until it is dropped, so a loop that builds a new
// expression at every step grows memory at every step unless it drops what
// the step recorded. Mark, build and Backward, drop:
//
//	mark := autograd.DefaultTape().Len()  // what is recorded so far stays
//	loss := f(w); loss.Backward()         // build, Backward, read w.Grad()
//	autograd.DefaultTape().Truncate(mark) // drop the rest: memory stays flat
//
// When the default tape grows by 50 million nodes (1.6 GB) over Backward
// calls with no Truncate between them, Backward says so on stderr, once per
// process.
//
// # The tape
//
// Values live on a Tape: a flat list of nodes in the order they were created.
// Because a node can only be made from nodes that already exist, that order is
// already a topological order of the graph, so Backward is a single loop from
// the root down to the oldest node it depends on: no recursion, no visited
// set, no allocation per node, and no cost for what else the tape holds. The
// nodes hold no pointers; labels and the operand lists of the n-ary ops (Sum,
// Dot, Affine) live in side slices.
//
// New records leaves on a package-level default tape, which is convenient in
// notebooks and small programs; NewTape makes a separate one. A training loop
// keeps its parameters at the start of a tape and drops everything recorded
// after them at every step with Truncate, so memory stays constant:
//
//	t := autograd.NewTape()
//	w := t.New(0.5) // parameters first
//	mark := t.Len()
//	for step := 0; step < 100; step++ {
//		t.Truncate(mark)
//		loss := w.Mul(w).SubScalar(1).Pow(2)
//		t.ZeroGrad()
//		loss.Backward()
//		w.SetData(w.Data() - 0.1*w.Grad())
//	}
//
// A Tape, the default one included, is not safe for concurrent use: use one
// tape per goroutine.
//
// # Misuse
//
// Programmer errors panic with a message that starts with "autograd:" and says
// what to do: using the zero Value, mixing Values of two tapes in one op, and
// using a Value that Truncate dropped. Numbers follow IEEE 754 like package
// math: Log of a negative number is NaN and division by zero is ±Inf; such
// results, and their NaN gradients, propagate without a panic.
//
// # A fast path for layers: Row and Affines
//
// Package nn's layers need more speed than the ops above give, and this API
// exists for them; other code does not need it. A neural network's work is
// mostly its neurons' b + w·x, and Affine records one as a single node with
// the bits of the chain of Mul and Add nodes it replaces. A Row is Values
// made one after another, such as a layer's parameters or its outputs,
// checked once by RowOf. Affines records a whole layer's Affine nodes from
// the Row of its parameters and the Row of its inputs, and Row.Relu and
// Row.Tanh its activations, each checking its Rows in O(1) and returning
// its nodes as a Row for the next layer. Backward then takes a layer's
// neurons four at a time.
package autograd
