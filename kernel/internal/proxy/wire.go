package proxy

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// delimiter separates a message's routing frames from its signed parts.
var delimiter = []byte("<IDS|MSG>")

// message is a Jupyter message as its frames: routing identities, the
// signature, the four signed parts, and binary buffers.
type message struct {
	idents   [][]byte
	sig      []byte
	header   []byte
	parent   []byte
	metadata []byte
	content  []byte
	buffers  [][]byte
}

// parse splits frames into a message, or returns false if they are not one.
func parse(frames [][]byte) (message, bool) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if len(frames) < i+6 {
		return message{}, false
	}
	return message{
		idents: frames[:i], sig: frames[i+1],
		header: frames[i+2], parent: frames[i+3], metadata: frames[i+4], content: frames[i+5],
		buffers: frames[i+6:],
	}, true
}

// frames returns m as the frames to send.
func (m message) frames() [][]byte {
	f := make([][]byte, 0, len(m.idents)+6+len(m.buffers))
	f = append(f, m.idents...)
	f = append(f, delimiter, m.sig, m.header, m.parent, m.metadata, m.content)
	return append(f, m.buffers...)
}

// header is the part of a message header the proxy reads and writes.
type header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// msgType returns the type of m if it may be one of want, or "" (it parses
// the header only for messages that mention one, so forwarding stays cheap).
func (m message) msgType(want ...string) string {
	mentioned := false
	for _, w := range want {
		mentioned = mentioned || bytes.Contains(m.header, []byte(w))
	}
	if !mentioned {
		return ""
	}
	var h header
	if json.Unmarshal(m.header, &h) != nil {
		return ""
	}
	return h.MsgType
}

// signer signs and checks messages with the connection's key
// (HMAC-SHA256; no signature when the key is empty).
type signer struct{ key []byte }

func (s signer) sign(m message) []byte {
	if len(s.key) == 0 {
		return nil
	}
	mac := hmac.New(sha256.New, s.key)
	for _, p := range [][]byte{m.header, m.parent, m.metadata, m.content} {
		mac.Write(p)
	}
	return []byte(hex.EncodeToString(mac.Sum(nil)))
}

func (s signer) valid(m message) bool {
	return len(s.key) == 0 || hmac.Equal(s.sign(m), m.sig)
}

// reply makes a signed message of type msgType with content, in answer to
// (or, on IOPub, about) parent, routed with idents.
func (s signer) reply(session string, idents [][]byte, parent message, msgType string, content any) (message, error) {
	h, _ := json.Marshal(header{MsgID: newID(), Session: session, Username: "littlegrad", // strings only: cannot fail
		Date: time.Now().UTC().Format(time.RFC3339Nano), MsgType: msgType, Version: "5.3"})
	return s.message(idents, h, parent.header, content)
}

// derive makes a signed message of type msgType with content, with m's
// routing, parent and header (but a new msg_id): a message that GoNB could
// have sent in m's place.
func (s signer) derive(m message, msgType string, content any) (message, error) {
	var h map[string]any
	if err := json.Unmarshal(m.header, &h); err != nil {
		return message{}, err
	}
	h["msg_id"], h["msg_type"] = newID(), msgType
	header, _ := json.Marshal(h) // decoded JSON: cannot fail
	return s.message(m.idents, header, m.parent, content)
}

// message makes a signed message of the parts given, with content as JSON
// and no metadata.
func (s signer) message(idents [][]byte, header, parent []byte, content any) (message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return message{}, err
	}
	m := message{idents: idents, header: header, parent: parent, metadata: []byte("{}"), content: c}
	m.sig = s.sign(m)
	return m, nil
}

// rewrite returns the frames of m with content in place of its content,
// signed again, or frames, m's as they came, if content cannot be encoded.
func (s signer) rewrite(m message, content any, frames [][]byte) [][]byte {
	c, err := json.Marshal(content)
	if err != nil {
		return frames
	}
	m.content = c
	m.sig = s.sign(m)
	return m.frames()
}

func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
