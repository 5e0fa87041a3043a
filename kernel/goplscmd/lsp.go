package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
)

// maxFrame bounds the body of one LSP message: a cell's file is a few
// kilobytes, gopls's largest answers a few megabytes.
const maxFrame = 64 << 20

// readFrame reads one LSP message, its Content-Length header and JSON
// body, and returns the body. At the end of r it returns io.EOF.
func readFrame(r *bufio.Reader) ([]byte, error) {
	header, err := textproto.NewReader(r).ReadMIMEHeader()
	if err != nil {
		if err == io.EOF && len(header) == 0 {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("reading an LSP header: %v", err)
	}
	n, err := strconv.Atoi(header.Get("Content-Length"))
	if err != nil || n < 0 || n > maxFrame {
		return nil, fmt.Errorf("LSP header with Content-Length %q: want a length up to %d", header.Get("Content-Length"), maxFrame)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("reading an LSP message of %d bytes: %v", n, err)
	}
	return body, nil
}

// writeFrame writes body as one LSP message.
func writeFrame(w io.Writer, body []byte) error {
	_, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

// message is what the front reads of a JSON-RPC message: a request has
// a method and an id, a notification a method only, a response an id only.
type message struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
}

func parse(body []byte) (message, error) {
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return m, fmt.Errorf("an LSP message that is not JSON-RPC: %v", err)
	}
	if string(m.ID) == "null" {
		m.ID = nil
	}
	return m, nil
}

func (m message) isRequest() bool { return m.Method != "" && m.ID != nil }

// withID returns the JSON-RPC message body with its id replaced.
func withID(body []byte, id string) ([]byte, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, err
	}
	fields["id"], _ = json.Marshal(id)
	return json.Marshal(fields)
}

// response returns the body of a response to the request of that id.
func response(id json.RawMessage, result any) []byte {
	body, err := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  any             `json:"result"`
	}{"2.0", id, result})
	if err != nil {
		panic("goplscmd: " + err.Error()) // ids come from json.Unmarshal
	}
	return body
}
