//go:build !littlegrad_kernel

package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/cgraph"
)

// go-graphviz keeps one WASM module per process, which it compiles when
// the program starts, and is not safe for concurrent use: a failure in one
// goroutine leaves the module unusable for all. So one graphviz, made on
// first use, lays out every graph, one at a time.
var (
	mu sync.Mutex
	gv *graphviz.Graphviz
)

func draw(jobs []Job) ([]Drawing, error) {
	return Local(jobs), nil
}

// Local lays out jobs in this process, as Draw does, and says in each
// drawing's Err why its job failed. The renderer command serves the cells
// of the littlegrad kernel with it.
func Local(jobs []Job) []Drawing {
	mu.Lock()
	defer mu.Unlock()
	ds := make([]Drawing, len(jobs))
	for i, j := range jobs {
		if err := layout(j, &ds[i]); err != nil {
			ds[i] = Drawing{Err: err.Error()}
		}
	}
	return ds
}

// layout does j into d; its caller holds mu.
func layout(j Job, d *Drawing) error {
	if gv == nil {
		g, err := graphviz.New(context.Background())
		if err != nil {
			return fmt.Errorf("display: starting graphviz: %w", err)
		}
		gv = g
	}
	var g *cgraph.Graph
	var err error
	if j.Written {
		g, err = written(j, d)
	} else {
		g, err = parse(j.DOT)
	}
	if err != nil {
		return err
	}
	defer g.Close()
	// RenderFilename writes empty files, so always render to a buffer.
	var buf bytes.Buffer
	if err := gv.Render(context.Background(), g, graphviz.SVG, &buf); err != nil {
		return fmt.Errorf("display: graphviz: %w", err)
	}
	if buf.Len() == 0 {
		return errors.New("display: graphviz produced no output")
	}
	d.SVG = buf.String()
	return nil
}

// parse has graphviz read dot, one whole graph (see written.go for why).
func parse(dot string) (*cgraph.Graph, error) {
	g, err := graphviz.ParseBytes([]byte(dot))
	if err != nil {
		return nil, fmt.Errorf("display: graphviz cannot read the DOT text: %w", err)
	}
	if g == nil {
		return nil, errors.New("display: graphviz read no graph from the DOT text")
	}
	return g, nil
}
