// Package proxy runs GoNB behind a ZeroMQ proxy that forwards every message
// on the five channels, and fills the gaps of GoNB that a client sees in its
// messages (is_complete, kernel_info, control replies, displays in band,
// errors in a learner's words); ARCHITECTURE.md lists them with the GoNB
// files they cover.
package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/littlegrad/littlegrad/internal/inband"
	"github.com/littlegrad/littlegrad/kernel/internal/cell"
)

// Info is what kernel_info_reply says about the kernel, on top of GoNB's.
type Info struct {
	Banner       string
	LanguageInfo map[string]any // merged into GoNB's language_info
	HelpLinks    []HelpLink     // replace GoNB's
}

// HelpLink is an entry of a front end's help menu.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Config says what to run.
type Config struct {
	// ConnectionFile is the client's connection file.
	ConnectionFile string
	// Kernel is GoNB's command line; every argument equal to
	// ConnectionFile is replaced by the path of GoNB's own connection file.
	Kernel []string
	Info   Info
	Stderr io.Writer // for the proxy's own complaints
	// NoStatusAnnounce turns announceStatus off, for the test that shows
	// JupyterLab still needs it.
	NoStatusAnnounce bool
}

// connection is what the proxy reads of a kernel connection file; Run
// copies the other fields into GoNB's as they are.
type connection struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
}

func (c connection) addr(port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", c.IP, port)
	}
	return fmt.Sprintf("tcp://%s:%d", c.IP, port)
}

// Run runs the kernel behind the proxy until the kernel exits, and returns
// its exit status.
func Run(cfg Config) (int, error) {
	data, err := os.ReadFile(cfg.ConnectionFile)
	if err != nil {
		return 1, err
	}
	var front connection
	if err := json.Unmarshal(data, &front); err != nil {
		return 1, fmt.Errorf("%s: %v", cfg.ConnectionFile, err)
	}
	if front.Key != "" && front.SignatureScheme != "hmac-sha256" {
		return 1, fmt.Errorf("%s: signature scheme %q; only hmac-sha256 is supported", cfg.ConnectionFile, front.SignatureScheme)
	}

	// GoNB's connection file: the client's, on Unix sockets in a folder
	// of the proxy's (TCP ports picked free now could be taken by the
	// time GoNB binds them, even by the client's own).
	dir, err := socketDir()
	if err != nil {
		return 1, err
	}
	defer os.RemoveAll(dir)
	var all map[string]any
	json.Unmarshal(data, &all)
	back := front
	back.Transport, back.IP = "ipc", filepath.Join(dir, "gonb")
	back.ShellPort, back.IOPubPort, back.StdinPort, back.ControlPort, back.HBPort = 1, 2, 3, 4, 5
	for k, v := range map[string]any{"transport": back.Transport, "ip": back.IP, "shell_port": back.ShellPort,
		"iopub_port": back.IOPubPort, "stdin_port": back.StdinPort, "control_port": back.ControlPort, "hb_port": back.HBPort} {
		all[k] = v
	}
	data, _ = json.Marshal(all)
	// The same base name: GoNB reads the kernel's id from it.
	backFile := filepath.Join(dir, filepath.Base(cfg.ConnectionFile))
	if err := os.WriteFile(backFile, data, 0o600); err != nil {
		return 1, err
	}

	args := make([]string, len(cfg.Kernel))
	for i, a := range cfg.Kernel {
		args[i] = a
		if a == cfg.ConnectionFile {
			args[i] = backFile
		}
	}
	kernel := exec.Command(args[0], args[1:]...)
	kernel.Stdin, kernel.Stdout, kernel.Stderr = os.Stdin, os.Stdout, os.Stderr
	// Cells send their displays in band: the proxy takes them out.
	kernel.Env = append(os.Environ(), inband.Env+"=1")
	rp := newReaper()
	exited, err := rp.runKernel(kernel)
	if err != nil {
		return 1, err
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &proxy{cfg: cfg, sign: signer{[]byte(front.Key)}, session: newID(), onControl: map[string]bool{},
		inband: map[string]*inband.Splitter{}, running: map[string]bool{}}
	if err := p.connect(ctx, front, back, exited); err != nil {
		kernel.Process.Kill()
		<-exited
		return 1, err
	}
	defer p.close()
	p.forward()
	<-exited
	// Let the kernel's last messages (shutdown_reply) reach the client.
	time.Sleep(200 * time.Millisecond)
	// What the kernel leaves behind ends with it.
	rp.endAdopted(2 * time.Second)
	return kernel.ProcessState.ExitCode(), nil
}

// proxy holds the sockets: front ones bound for the clients, back ones
// connected to GoNB.
type proxy struct {
	cfg     Config
	sign    signer
	session string

	shell, control, stdin, iopub, hb      zmq4.Socket // front
	shellK, controlK, stdinK, iopubK, hbK zmq4.Socket // back
	shellMu, controlMu, iopubMu           sync.Mutex  // front sockets written by two goroutines

	// GoNB sends its replies to control requests on its shell socket;
	// the proxy sends them on to the client's control socket, which
	// waits for them there.
	pendingMu sync.Mutex
	onControl map[string]bool // msg_ids of control requests not answered yet

	// The execute requests whose idle status GoNB has not yet published,
	// by msg_id: for the status announced after kernel_info_reply.
	runningMu sync.Mutex
	running   map[string]bool

	// The standard output of the requests whose cells sent part of a
	// display, or what may be the start of one, by the request's msg_id;
	// only the IOPub goroutine uses it.
	inband map[string]*inband.Splitter

	pkgNames // for explain's hints
}

// connect connects to GoNB's sockets, retrying while GoNB starts, then
// binds the client's.
func (p *proxy) connect(ctx context.Context, front, back connection, exited <-chan struct{}) error {
	// The shell, control and stdin sockets share an identity: GoNB routes
	// an input_request to the identity its execute_request came from, and
	// its replies to control requests through its shell socket.
	id := zmq4.WithID(zmq4.SocketIdentity("littlegrad-proxy-" + p.session))
	retry := []zmq4.Option{zmq4.WithDialerRetry(50 * time.Millisecond), zmq4.WithDialerMaxRetries(1200)}
	p.shellK = zmq4.NewDealer(ctx, append(retry, id)...)
	p.controlK = zmq4.NewDealer(ctx, append(retry, id)...)
	p.stdinK = zmq4.NewDealer(ctx, append(retry, id)...)
	p.iopubK = zmq4.NewSub(ctx, retry...)
	p.hbK = zmq4.NewReq(ctx, retry...)
	dialed := make(chan error, 1)
	go func() {
		for _, s := range []struct {
			sock zmq4.Socket
			port int
		}{{p.shellK, back.ShellPort}, {p.controlK, back.ControlPort}, {p.stdinK, back.StdinPort},
			{p.iopubK, back.IOPubPort}, {p.hbK, back.HBPort}} {
			if err := s.sock.Dial(back.addr(s.port)); err != nil {
				dialed <- fmt.Errorf("connecting to GoNB: %v", err)
				return
			}
		}
		dialed <- p.iopubK.SetOption(zmq4.OptionSubscribe, "")
	}()
	select {
	case err := <-dialed:
		if err != nil {
			return err
		}
	case <-exited:
		return errors.New("GoNB exited as it started (its log, gonb.log in the kernelspec folder, says why)")
	}

	p.shell = zmq4.NewRouter(ctx)
	p.control = zmq4.NewRouter(ctx)
	p.stdin = zmq4.NewRouter(ctx)
	p.iopub = zmq4.NewPub(ctx)
	p.hb = zmq4.NewRep(ctx)
	for _, s := range []struct {
		sock zmq4.Socket
		port int
	}{{p.shell, front.ShellPort}, {p.control, front.ControlPort}, {p.stdin, front.StdinPort},
		{p.iopub, front.IOPubPort}, {p.hb, front.HBPort}} {
		if err := s.sock.Listen(front.addr(s.port)); err != nil {
			return fmt.Errorf("listening on %s: %v", front.addr(s.port), err)
		}
	}
	return nil
}

func (p *proxy) close() {
	for _, s := range []zmq4.Socket{p.shell, p.control, p.stdin, p.iopub, p.hb,
		p.shellK, p.controlK, p.stdinK, p.iopubK, p.hbK} {
		if s != nil {
			s.Close()
		}
	}
}

// forward starts one goroutine per channel and direction.
func (p *proxy) forward() {
	one := func(edit func([][]byte) [][]byte) func([][]byte) [][][]byte {
		return func(frames [][]byte) [][][]byte {
			if frames = edit(frames); frames == nil {
				return nil
			}
			return [][][]byte{frames}
		}
	}
	as := func(frames [][]byte) [][]byte { return frames }
	go p.pipe(p.shell, p.shellK, nil, one(p.fromClient))
	go p.pipe(p.shellK, p.shell, &p.shellMu, one(p.shellToClient))
	go p.pipe(p.control, p.controlK, nil, one(p.fromControl))
	go p.pipe(p.controlK, p.control, &p.controlMu, one(p.toClient))
	go p.pipe(p.stdin, p.stdinK, nil, one(as))
	go p.pipe(p.stdinK, p.stdin, nil, one(as))
	go p.pipe(p.iopubK, p.iopub, &p.iopubMu, p.iopubToClient)
	go p.heartbeat()
}

// pipe moves messages from src to dst until src closes, sending for each
// the messages edit returns.
func (p *proxy) pipe(src, dst zmq4.Socket, mu *sync.Mutex, edit func([][]byte) [][][]byte) {
	for {
		msg, err := src.Recv()
		if err != nil {
			return
		}
		for _, frames := range edit(msg.Frames) {
			if mu != nil {
				mu.Lock()
			}
			err = dst.SendMulti(zmq4.NewMsgFrom(frames...))
			if mu != nil {
				mu.Unlock()
			}
			if err != nil && !errors.Is(err, context.Canceled) {
				fmt.Fprintf(p.cfg.Stderr, "littlegrad kernel: forwarding a message: %v\n", err)
			}
		}
	}
}

// heartbeat echoes the clients' pings through GoNB's heartbeat, one at a
// time as REQ and REP sockets go.
func (p *proxy) heartbeat() {
	for {
		ping, err := p.hb.Recv()
		if err != nil {
			return
		}
		if err := p.hbK.SendMulti(ping); err != nil {
			return
		}
		pong, err := p.hbK.Recv()
		if err != nil {
			return
		}
		if err := p.hb.SendMulti(pong); err != nil {
			return
		}
	}
}

// fromClient answers is_complete_request on the shell channel, which GoNB
// v0.11.4 ignores (internal/dispatcher/dispatcher.go), notes the execute
// requests, and passes everything else on to GoNB.
func (p *proxy) fromClient(frames [][]byte) [][]byte {
	m, ok := parse(frames)
	if !ok {
		return frames
	}
	switch m.msgType("is_complete_request", "execute_request") {
	case "execute_request":
		var h header
		if json.Unmarshal(m.header, &h) == nil {
			p.runningMu.Lock()
			p.running[h.MsgID] = true
			p.runningMu.Unlock()
		}
		return frames
	case "is_complete_request":
	default:
		return frames
	}
	if !p.sign.valid(m) {
		return frames // GoNB rejects it, as it would without the proxy
	}
	var req struct {
		Code string `json:"code"`
	}
	json.Unmarshal(m.content, &req)
	status, indent := cell.IsComplete(req.Code)
	content := map[string]any{"status": string(status)}
	if status == cell.Incomplete {
		content["indent"] = indent
	}
	p.publishStatus(m, "busy")
	if r, err := p.sign.reply(p.session, m.idents, m, "is_complete_reply", content); err == nil {
		p.shellMu.Lock()
		p.shell.SendMulti(zmq4.NewMsgFrom(r.frames()...))
		p.shellMu.Unlock()
	}
	p.publishStatus(m, "idle")
	return nil
}

// publishStatus publishes the kernel's execution state for a request the
// proxy answers, as a kernel does for every request.
func (p *proxy) publishStatus(parent message, state string) {
	m, err := p.sign.reply(p.session, [][]byte{[]byte("status")}, parent, "status", map[string]string{"execution_state": state})
	if err != nil {
		return
	}
	p.iopubMu.Lock()
	p.iopub.SendMulti(zmq4.NewMsgFrom(m.frames()...))
	p.iopubMu.Unlock()
}

// announceStatus publishes the kernel's execution state, busy while GoNB
// runs a cell and idle otherwise, with no parent: JupyterLab (since 4.5)
// ignores the status messages whose parent is one of jupyter_server's
// "untracked" message types, kernel_info_request among them
// (packages/services/src/kernel/default.ts, KernelConnection._handleMessage;
// the list comes from jupyterlab_server's app.py, untracked_message_types),
// so a kernel that has answered only kernel_info shows as "Unknown" until
// its first cell. ipykernel escapes because JupyterLab also sends it debug
// and history requests. TestJupyterLabStatusGap shows the gap is still
// there: it fails once JupyterLab closes it, and this can go.
func (p *proxy) announceStatus() {
	state := "idle"
	p.runningMu.Lock()
	if len(p.running) > 0 {
		state = "busy"
	}
	p.runningMu.Unlock()
	p.publishStatus(message{header: []byte("{}")}, state)
}

// fromControl notes the control requests on their way to GoNB.
func (p *proxy) fromControl(frames [][]byte) [][]byte {
	if m, ok := parse(frames); ok {
		var h header
		if json.Unmarshal(m.header, &h) == nil {
			p.pendingMu.Lock()
			p.onControl[h.MsgID] = true
			p.pendingMu.Unlock()
		}
	}
	return frames
}

// shellToClient is toClient for GoNB's shell socket, on which GoNB v0.11.4
// sends every reply (internal/kernel/messages.go, Reply): those to control
// requests go on to the client's control socket.
func (p *proxy) shellToClient(frames [][]byte) [][]byte {
	frames = p.toClient(frames)
	p.pendingMu.Lock()
	pending := len(p.onControl) > 0
	p.pendingMu.Unlock()
	if !pending {
		return frames
	}
	m, ok := parse(frames)
	if !ok {
		return frames
	}
	id := parentID(m)
	p.pendingMu.Lock()
	control := p.onControl[id]
	delete(p.onControl, id)
	p.pendingMu.Unlock()
	if !control {
		return frames
	}
	p.controlMu.Lock()
	p.control.SendMulti(zmq4.NewMsgFrom(frames...))
	p.controlMu.Unlock()
	return nil
}

// toClient completes GoNB's kernel_info_reply, whose language_info names
// no lexer (GoNB v0.11.4, internal/kernel/messages.go, SendKernelInfo),
// explains a failed cell's execute_reply, and passes everything else on to
// the client.
func (p *proxy) toClient(frames [][]byte) [][]byte {
	m, ok := parse(frames)
	if !ok {
		return frames
	}
	switch m.msgType("kernel_info_reply", "execute_reply") {
	case "execute_reply":
		if bytes.Contains(m.content, []byte(`"error"`)) {
			return p.explained(m, frames)
		}
		return frames
	case "kernel_info_reply":
	default:
		return frames
	}
	var content map[string]any
	if json.Unmarshal(m.content, &content) != nil {
		return frames
	}
	lang, _ := content["language_info"].(map[string]any)
	if lang == nil {
		lang = map[string]any{}
	}
	for k, v := range p.cfg.Info.LanguageInfo {
		lang[k] = v
	}
	content["language_info"] = lang
	if p.cfg.Info.Banner != "" {
		content["banner"] = p.cfg.Info.Banner
	}
	if p.cfg.Info.HelpLinks != nil {
		content["help_links"] = p.cfg.Info.HelpLinks
	}
	if !p.cfg.NoStatusAnnounce {
		p.announceStatus()
	}
	return p.sign.rewrite(m, content, frames)
}

// iopubToClient returns the messages to publish for frames, a message GoNB
// published. GoNB v0.11.4 publishes a cell's standard output and its
// displays from two pipes that race (internal/jpyexec), so littlegrad's
// displays travel in the standard output (package inband): iopubToClient
// cuts them out of the stdout stream messages, holding an unfinished one
// back until the cell's error or idle status, which GoNB publishes after
// the whole of its output.
func (p *proxy) iopubToClient(frames [][]byte) [][][]byte {
	m, ok := parse(frames)
	if !ok {
		return [][][]byte{frames}
	}
	switch typ := m.msgType("stream", "status", "error"); typ {
	case "stream":
		var c struct {
			Name string `json:"name"`
			Text string `json:"text"`
		}
		if json.Unmarshal(m.content, &c) != nil {
			break
		}
		if c.Name == "stderr" {
			if t := explainTrace(c.Text); t != c.Text {
				return [][][]byte{p.sign.rewrite(m, map[string]string{"name": "stderr", "text": t}, frames)}
			}
			break
		}
		if c.Name != "stdout" {
			break
		}
		id := parentID(m)
		s := p.inband[id]
		if s == nil {
			if !strings.Contains(c.Text, "\x1b") {
				break // no display, nothing held: as it is
			}
			s = &inband.Splitter{}
			p.inband[id] = s
		}
		out := p.fromParts(m, s.Write(c.Text))
		if !s.Holding() {
			delete(p.inband, id)
		}
		return out
	case "status", "error":
		if typ == "error" {
			frames = p.explained(m, frames)
		}
		id := parentID(m)
		if typ == "status" && bytes.Contains(m.content, []byte(`"idle"`)) {
			p.runningMu.Lock()
			delete(p.running, id)
			p.runningMu.Unlock()
		}
		if s := p.inband[id]; s != nil {
			delete(p.inband, id)
			return append(p.fromParts(m, s.Flush()), frames)
		}
	}
	return [][][]byte{frames}
}

// explained returns the frames of m, an error message or a reply with
// status error, with the error in a learner's words (see explain).
func (p *proxy) explained(m message, frames [][]byte) [][]byte {
	var content map[string]any
	if json.Unmarshal(m.content, &content) != nil || !p.explain(content) {
		return frames
	}
	return p.sign.rewrite(m, content, frames)
}

// fromParts returns parts, taken out of the standard output of the request
// that m is about, as stream and display_data messages.
func (p *proxy) fromParts(m message, parts []inband.Part) [][][]byte {
	var out [][][]byte
	for _, part := range parts {
		var d message
		var err error
		if part.Data == nil {
			d, err = p.sign.derive(m, "stream", map[string]string{"name": "stdout", "text": part.Text})
		} else {
			d, err = p.sign.derive(m, "display_data", map[string]any{"data": part.Data, "metadata": map[string]any{}, "transient": map[string]any{}})
		}
		if err != nil {
			fmt.Fprintf(p.cfg.Stderr, "littlegrad kernel: publishing a cell's output: %v\n", err)
			continue
		}
		out = append(out, d.frames())
	}
	return out
}

// parentID returns the msg_id of the request m is about.
func parentID(m message) string {
	var h header
	json.Unmarshal(m.parent, &h)
	return h.MsgID
}

// socketDir makes a private folder for Unix sockets, in the temporary
// folder if its path is short enough for them (about 100 bytes), else in
// /tmp.
func socketDir() (string, error) {
	dir, err := os.MkdirTemp("", "lgk-")
	if err == nil && len(dir) <= 80 {
		return dir, nil
	}
	if err == nil {
		os.Remove(dir)
	}
	return os.MkdirTemp("/tmp", "lgk-")
}
