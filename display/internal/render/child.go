package render

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Command is the renderer's name: the command, built from the folder of
// that name, that lays out graphs for the cells of the littlegrad kernel.
const Command = "littlegrad-render"

// Run has the renderer at path draw jobs, and kills it if it takes longer
// than limit. The renderer reads the jobs as JSON on its standard input,
// which stays open until it is done (it exits when it closes: the cell that
// asked is gone), and writes the drawings as JSON on its standard output.
func Run(path string, jobs []Job, limit time.Duration) ([]Drawing, error) {
	req, err := json.Marshal(jobs)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, path)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	defer in.Close()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("display: starting the renderer: %v", err)
	}
	in.Write(req) // if it fails, the renderer says why
	err = cmd.Wait()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, fmt.Errorf("display: graphviz has not finished laying out the graph after %v, so littlegrad gives up on it; "+
			"draw fewer nodes or edges, and remove layout options such as maxiter, nslimit, mclimit or searchsize if the text sets them", limit)
	case err != nil:
		return nil, fmt.Errorf("display: the renderer failed (%v): %s", err, strings.TrimSpace(stderr.String()))
	}
	var ds []Drawing
	if err := json.Unmarshal(out.Bytes(), &ds); err != nil || len(ds) != len(jobs) {
		return nil, fmt.Errorf("display: the renderer answered %d drawings for %d graphs (%v)", len(ds), len(jobs), err)
	}
	return ds, nil
}
