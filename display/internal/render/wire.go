package render

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// The renderer's protocol, one connection per layout: the client sends the
// DOT text as a frame, and the server answers with a frame whose first byte
// is 'S', followed by the SVG, or 'E', followed by the error's text. A frame
// is a 4-byte big-endian length and that many bytes.

// maxFrame bounds what either side reads: graphviz's SVG of MaxNodes
// nodes is a few MB.
const maxFrame = 256 << 20

func writeFrame(w io.Writer, parts ...[]byte) error {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if err := binary.Write(w, binary.BigEndian, uint32(n)); err != nil {
		return err
	}
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

func readFrame(r io.Reader) ([]byte, error) {
	var n uint32
	if err := binary.Read(r, binary.BigEndian, &n); err != nil {
		return nil, err
	}
	if n > maxFrame {
		return nil, fmt.Errorf("a frame of %d bytes, more than %d", n, maxFrame)
	}
	b := make([]byte, n)
	_, err := io.ReadFull(r, b)
	return b, err
}

// dialPatience is how long remoteSVG tries to reach the renderer.
var dialPatience = 10 * time.Second

// remoteSVG asks the renderer at the Unix socket addr to lay out dot. It
// waits as long as the layout takes: the renderer gives up on a layout that
// runs too long.
func remoteSVG(addr string, dot []byte) ([]byte, error) {
	if addr == "" {
		return nil, errors.New("display: this program was built with the tag littlegrad_kernel, for the littlegrad kernel, " +
			"whose renderer draws its graphs, and LITTLEGRAD_RENDER names none: run it in the kernel, or build it without that tag")
	}
	// The kernel starts its renderer again when it exits, as after a
	// layout it gave up on: wait a while for it to listen.
	var c net.Conn
	var err error
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		c, err = net.DialTimeout("unix", addr, 10*time.Second)
		if err == nil {
			break
		}
		if time.Since(start) > dialPatience {
			return nil, fmt.Errorf("display: the kernel's renderer is not there (%v): restart the kernel", err)
		}
	}
	defer c.Close()
	if err := writeFrame(c, dot); err != nil {
		return nil, fmt.Errorf("display: sending the graph to the kernel's renderer: %v", err)
	}
	reply, err := readFrame(c)
	switch {
	case err != nil:
		return nil, fmt.Errorf("display: the kernel's renderer did not answer (%v): it restarts; run the cell again", err)
	case len(reply) > 0 && reply[0] == 'S':
		return reply[1:], nil
	case len(reply) > 0 && reply[0] == 'E':
		return nil, errors.New(string(reply[1:]))
	}
	return nil, errors.New("display: the kernel's renderer answered nonsense")
}
