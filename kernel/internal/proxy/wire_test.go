package proxy

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestWire(t *testing.T) {
	s := signer{[]byte("secret")}
	req := message{idents: [][]byte{[]byte("client")}, header: []byte(`{"msg_id":"1","msg_type":"is_complete_request"}`),
		parent: []byte("{}"), metadata: []byte("{}"), content: []byte(`{"code":"%%"}`)}
	req.sig = s.sign(req)
	frames := append(req.frames(), []byte("buffer"))
	m, ok := parse(frames)
	if !ok || !s.valid(m) || len(m.buffers) != 1 || !bytes.Equal(m.idents[0], []byte("client")) {
		t.Fatalf("parse(frames) = %+v, %v; valid %v", m, ok, s.valid(m))
	}
	if got := m.msgType("is_complete_request"); got != "is_complete_request" {
		t.Errorf("msgType = %q", got)
	}
	if got := m.msgType("kernel_info_reply"); got != "" {
		t.Errorf("msgType of another type = %q", got)
	}
	m.content = []byte(`{"code":"tampered"}`)
	if s.valid(m) {
		t.Error("a changed message passes the signature check")
	}
	if _, ok := parse([][]byte{[]byte("no delimiter")}); ok {
		t.Error("parse accepted frames without <IDS|MSG>")
	}

	r, err := s.reply("session", req.idents, req, "is_complete_reply", map[string]string{"status": "incomplete"})
	if err != nil || !s.valid(r) || !bytes.Equal(r.parent, req.header) {
		t.Fatalf("reply: %+v, %v", r, err)
	}
	var h header
	json.Unmarshal(r.header, &h)
	if h.MsgType != "is_complete_reply" || h.Session != "session" || h.MsgID == "" {
		t.Errorf("reply header %+v", h)
	}
	if !s.valid(message{header: r.header, parent: r.parent, metadata: r.metadata, content: r.content, sig: r.sig}) {
		t.Error("reply signature")
	}
	if (signer{}).sign(r) != nil || !(signer{}).valid(r) {
		t.Error("without a key, messages are unsigned and all valid")
	}
}
