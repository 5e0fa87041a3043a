package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"testing"

	"github.com/littlegrad/littlegrad/internal/inband"
)

// A cell's output, as GoNB publishes it: its stdout in pieces cut anywhere,
// displays included, then its idle status. The clients get the text and
// the displays in the cell's order, as signed messages of their own.
func TestInbandDisplays(t *testing.T) {
	s := signer{[]byte("secret")}
	p := &proxy{sign: s, inband: map[string]*inband.Splitter{}, cfg: Config{Stderr: io.Discard}}
	request := []byte(`{"msg_id":"req1","msg_type":"execute_request"}`)
	gonb := func(msgType string, content any) [][]byte {
		c, _ := json.Marshal(content)
		m := message{idents: [][]byte{[]byte("kernel." + msgType)}, header: []byte(fmt.Sprintf(`{"msg_id":%q,"msg_type":%q,"session":"gonb","username":"x","date":"now","version":"5.3"}`, newID(), msgType)),
			parent: request, metadata: []byte("{}"), content: c}
		m.sig = s.sign(m)
		return m.frames()
	}
	drawing := string(inband.Encode(map[string]string{"text/html": "<img>", "text/plain": "a drawing"}))
	stdout := "before\n" + drawing + "between\n" + drawing + "after \x1b[1mbold\x1b[0m\n" + drawing[:4]
	var got []string
	ids := map[string]bool{}
	publish := func(frames [][]byte) {
		for _, f := range p.iopubToClient(frames) {
			m, ok := parse(f)
			if !ok || !s.valid(m) {
				t.Fatalf("published an unsigned or broken message: %q", f)
			}
			var h header
			json.Unmarshal(m.header, &h)
			if ids[h.MsgID] || string(m.parent) != string(request) {
				t.Errorf("message %s: msg_id used twice, or parent %s", h.MsgType, m.parent)
			}
			ids[h.MsgID] = true
			var c map[string]any
			json.Unmarshal(m.content, &c)
			switch h.MsgType {
			case "stream":
				if c["name"] != "stdout" {
					got = append(got, fmt.Sprint(c["name"], " ", c["text"]))
				} else if n := len(got); n > 0 && got[n-1][0] == 't' {
					got[n-1] += c["text"].(string) // a notebook joins adjacent stream outputs
				} else {
					got = append(got, "text "+c["text"].(string))
				}
			case "display_data":
				got = append(got, fmt.Sprint("display ", c["data"]))
			default:
				got = append(got, h.MsgType)
			}
		}
	}
	for _, size := range []int{1, 5, 30, len(stdout)} {
		got, ids = nil, map[string]bool{}
		publish(gonb("status", map[string]string{"execution_state": "busy"}))
		for rest := stdout; len(rest) > 0; {
			n := min(size, len(rest))
			publish(gonb("stream", map[string]string{"name": "stdout", "text": rest[:n]}))
			rest = rest[n:]
		}
		publish(gonb("stream", map[string]string{"name": "stderr", "text": "\x1b]littlegrad-display;{}\a"}))
		publish(gonb("status", map[string]string{"execution_state": "idle"}))
		want := []string{"status", "text before\n", "display map[text/html:<img> text/plain:a drawing]", "text between\n",
			"display map[text/html:<img> text/plain:a drawing]", "text after \x1b[1mbold\x1b[0m\n",
			"stderr \x1b]littlegrad-display;{}\a", // as it came
			"text " + drawing[:4], "status"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("stdout in pieces of %d bytes: published\n%q\nwant\n%q", size, got, want)
		}
		if len(p.inband) != 0 {
			t.Errorf("the proxy still holds output of %d requests", len(p.inband))
		}
	}
}

// A panic's trace on stderr reaches the clients with the kernel's paths
// taken out (explainTrace), in the message GoNB sent: same header, signed
// again.
func TestStderrTraceKeepsItsMessage(t *testing.T) {
	s := signer{[]byte("secret")}
	p := &proxy{sign: s, inband: map[string]*inband.Splitter{}, cfg: Config{Stderr: io.Discard}}
	trace := "panic: x\n\ngoroutine 1 [running]:\nmain.main()\n\t \x1b[7m[[ Cell [4] Line 4 ]]\x1b[0m /tmp/littlegrad-jupyter-22/kernels/littlegrad/tmp/gonb_63f11a62/main.go:17 +0x94\n"
	c, _ := json.Marshal(map[string]string{"name": "stderr", "text": trace})
	in := message{idents: [][]byte{[]byte("kernel.stream")}, header: []byte(`{"msg_id":"gonb1","msg_type":"stream","session":"gonb","username":"x","date":"now","version":"5.3"}`),
		parent: []byte(`{"msg_id":"req1","msg_type":"execute_request"}`), metadata: []byte(`{"kept":true}`), content: c}
	in.sig = s.sign(in)
	out := p.iopubToClient(in.frames())
	if len(out) != 1 {
		t.Fatalf("published %d messages, want 1", len(out))
	}
	m, ok := parse(out[0])
	if !ok || !s.valid(m) {
		t.Fatalf("published an unsigned or broken message: %q", out[0])
	}
	if string(m.header) != string(in.header) || string(m.parent) != string(in.parent) || string(m.metadata) != string(in.metadata) {
		t.Errorf("published header %s, parent %s, metadata %s; want GoNB's", m.header, m.parent, m.metadata)
	}
	var got struct{ Name, Text string }
	json.Unmarshal(m.content, &got)
	if got.Name != "stderr" || got.Text != explainTrace(trace) || got.Text == trace {
		t.Errorf("published %s %q, want stderr %q", got.Name, got.Text, explainTrace(trace))
	}
}
