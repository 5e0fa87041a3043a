package render

import "time"

// Limit is how long littlegrad lets graphviz lay out DOT text that can ask
// it for any amount of work (layout options such as maxiter can make a
// layout take hours): ShowDOT's limit, and the kernel's renderer's (renderd
// -timeout). The largest graph ShowDOT lays out takes about 5 s on our CI
// machine.
const Limit = 30 * time.Second
