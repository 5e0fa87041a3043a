package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// server is a running gopls, spoken to on its standard input and output.
type server struct {
	in   io.WriteCloser
	out  io.Reader
	stop func() // ends it and what it started, and waits for it
}

// initializeID is the id of the initialize request that the front sends
// gopls on the client's behalf; the client had its answer long before.
const initializeID = "littlegrad-lazy-initialize"

// initializeResult is the front's answer to the client's initialize. GoNB
// reads nothing of it (goplsclient/conn.go keeps it, unread), so it
// promises no capability.
var initializeResult = map[string]any{
	"capabilities": map[string]any{},
	"serverInfo":   map[string]string{"name": "gopls, once asked (littlegrad)"},
}

// serve is the front for one client: until the client's first request
// other than initialize and shutdown, it answers initialize itself, ends
// with exit, and keeps the notifications (initialized, didOpen, didChange)
// in order. The first request starts gopls, which gets the client's
// initialize (under an id of the front's, so that its answer, which the
// client had already, can be dropped), then the notifications and the
// request; from then on messages pass both ways as they are. serve
// returns when the client or gopls goes, with gopls ended.
func serve(client io.ReadWriter, start func() (*server, error)) error {
	fromClient := bufio.NewReader(client)
	var initialize, first []byte
	var queued [][]byte
	for first == nil {
		body, err := readFrame(fromClient)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		m, err := parse(body)
		if err != nil {
			return err
		}
		switch {
		case m.Method == "initialize" && m.ID != nil:
			if initialize, err = withID(body, initializeID); err != nil {
				return err
			}
			err = writeFrame(client, response(m.ID, initializeResult))
		case m.Method == "shutdown" && m.ID != nil:
			err = writeFrame(client, response(m.ID, nil))
		case m.Method == "exit":
			return nil
		case m.isRequest():
			first = body
		case m.Method != "":
			queued = append(queued, body)
		}
		// A response: the front asked the client nothing, so it is dropped.
		if err != nil {
			return err
		}
	}

	s, err := start()
	if err != nil {
		return err
	}
	defer s.stop()
	fromGopls := bufio.NewReader(s.out)
	if initialize != nil {
		if err := writeFrame(s.in, initialize); err != nil {
			return err
		}
		if err := awaitInitialize(fromGopls, client); err != nil {
			return err
		}
	}
	for _, body := range append(queued, first) {
		if err := writeFrame(s.in, body); err != nil {
			return err
		}
	}
	done := make(chan error, 2)
	go func() {
		_, err := io.Copy(s.in, fromClient)
		done <- err
	}()
	go func() {
		_, err := io.Copy(client, fromGopls)
		done <- err
	}()
	return <-done
}

// awaitInitialize reads gopls's messages up to its answer to the front's
// initialize, which it drops, passing on to the client what comes before.
func awaitInitialize(fromGopls *bufio.Reader, client io.Writer) error {
	id, _ := json.Marshal(initializeID)
	for {
		body, err := readFrame(fromGopls)
		if err != nil {
			return fmt.Errorf("gopls, before its answer to initialize: %v", err)
		}
		m, err := parse(body)
		if err != nil {
			return err
		}
		if m.Method == "" && string(m.ID) == string(id) {
			return nil
		}
		if err := writeFrame(client, body); err != nil {
			return err
		}
	}
}
