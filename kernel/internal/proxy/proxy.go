// Package proxy runs a Jupyter kernel behind a small ZeroMQ proxy that
// stands between the kernel's clients and GoNB. It forwards every message on
// the five channels (shell, control, stdin, IOPub, heartbeat) unchanged,
// with four exceptions: it answers is_complete_request itself, which GoNB
// ignores (so consoles and clients that wait for the answer work); it
// completes kernel_info_reply's language_info, banner and help links; it
// takes the displays that cells send in band out of their standard output
// (package inband), publishing the text and the displays in the order the
// cell made them; and it tells a failed cell's error in a learner's words,
// without paths of the machine (see errors.go).
//
// The proxy binds the ports of the client's connection file, starts GoNB
// with a connection file of its own on Unix sockets (same key), and exits
// with GoNB's exit status when GoNB exits, ending first what GoNB left
// behind (see reaper). GoNB and the renderer die with the proxy.
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
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
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
	// Renderer, if not nil, is the command line of the kernel's renderer
	// (display/internal/render/renderd), which the proxy runs beside the
	// kernel with -listen SOCKET added, restarting it when it exits, and
	// names to the kernel's cells in $LITTLEGRAD_RENDER.
	Renderer []string
	Info     Info
	Stderr   io.Writer // for the proxy's own complaints
	// NoStatusAnnounce turns announceStatus off, for the test that shows
	// JupyterLab still needs it.
	NoStatusAnnounce bool
}

// connection is a kernel connection file. Fields the proxy does not read
// are kept in extra, so GoNB's copy holds them too.
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
	rp := newReaper()
	kernel := exec.Command(args[0], args[1:]...)
	kernel.Stdin, kernel.Stdout, kernel.Stderr = os.Stdin, os.Stdout, os.Stderr
	// Cells send their displays in band: the proxy takes them out.
	kernel.Env = append(os.Environ(), inband.Env+"=1")
	stopRenderer := func() {}
	if cfg.Renderer != nil {
		socket := filepath.Join(dir, "render")
		stopRenderer = superviseRenderer(rp, append(cfg.Renderer, "-listen", socket), cfg.Stderr)
		defer stopRenderer()
		kernel.Env = append(kernel.Env, "LITTLEGRAD_RENDER="+socket)
	}
	// Jupyter interrupts and stops kernels by signalling their process
	// group, which GoNB shares with the proxy; a signal sent to the proxy
	// alone is passed on, except SIGINT, which would then interrupt twice.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	// GoNB, if the proxy is killed, stops as Jupyter would stop it, and
	// stops gopls.
	if err := rp.start(kernel, syscall.SIGTERM); err != nil {
		return 1, err
	}
	exited := make(chan struct{})
	go func() {
		kernel.Wait()
		rp.done(kernel)
		close(exited)
	}()
	chld := make(chan os.Signal, 1)
	signal.Notify(chld, syscall.SIGCHLD)
	defer signal.Stop(chld)
	go func() {
		for {
			select {
			case <-chld:
				rp.reapAdopted()
			case <-exited:
				return
			}
		}
	}()
	go func() {
		for s := range sigs {
			if s != os.Interrupt {
				kernel.Process.Signal(s)
			}
		}
	}()
	if os.Getenv("JPY_PARENT_PID") != "" {
		go stopWithParent(kernel.Process, exited)
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
	p.drain(200 * time.Millisecond)
	// What the kernel leaves behind ends with it.
	stopRenderer()
	rp.endAdopted(2 * time.Second)
	return kernel.ProcessState.ExitCode(), nil
}

// superviseRenderer runs the renderer's command line, again whenever it
// exits (after a layout it had to give up on, or a crash), until stop is
// called. The renderer dies with the proxy.
func superviseRenderer(rp *reaper, argv []string, stderr io.Writer) (stop func()) {
	var mu sync.Mutex
	stopped := false
	var current *exec.Cmd
	go func() {
		for {
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Stdout, cmd.Stderr = stderr, stderr
			mu.Lock()
			if stopped {
				mu.Unlock()
				return
			}
			err := rp.start(cmd, syscall.SIGKILL)
			current = cmd
			mu.Unlock()
			if err != nil {
				fmt.Fprintf(stderr, "littlegrad kernel: starting the renderer: %v; cells cannot draw\n", err)
				return
			}
			start := time.Now()
			cmd.Wait()
			rp.done(cmd)
			if time.Since(start) < time.Second {
				time.Sleep(time.Second) // not in a tight loop if it cannot start
			}
		}
	}()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		if current != nil && current.Process != nil {
			current.Process.Kill()
		}
	}
}

// stopWithParent stops the kernel when the process that started the proxy
// exits, as ipykernel does when Jupyter's client says who it is
// (JPY_PARENT_PID): a client that exits without waiting for its
// shutdown_request to arrive (jupyter console does) leaves nothing behind.
func stopWithParent(kernel *os.Process, exited <-chan struct{}) {
	parent := os.Getppid()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-exited:
			return
		case <-tick.C:
		}
		if os.Getppid() != parent {
			kernel.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(10 * time.Second):
				kernel.Kill()
			}
			return
		}
	}
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

	lastMu sync.Mutex
	last   time.Time // when a message last passed

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
	go p.pipe(p.shell, p.shellK, nil, p.fromClient)
	go p.pipe(p.shellK, p.shell, &p.shellMu, p.shellToClient)
	go p.pipe(p.control, p.controlK, nil, p.fromControl)
	go p.pipe(p.controlK, p.control, &p.controlMu, p.toClient)
	go p.pipe(p.stdin, p.stdinK, nil, nil)
	go p.pipe(p.stdinK, p.stdin, nil, nil)
	go p.publish()
	go p.heartbeat()
}

// pipe moves messages from src to dst until src closes, passing each
// through edit when it is not nil: edit returns the frames to send on, or
// nil to send nothing.
func (p *proxy) pipe(src, dst zmq4.Socket, mu *sync.Mutex, edit func([][]byte) [][]byte) {
	for {
		msg, err := src.Recv()
		if err != nil {
			return
		}
		p.passed()
		frames := msg.Frames
		if edit != nil {
			if frames = edit(frames); frames == nil {
				continue
			}
		}
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

// publish passes GoNB's IOPub messages on to the clients, through
// iopubToClient, until GoNB's socket closes.
func (p *proxy) publish() {
	for {
		msg, err := p.iopubK.Recv()
		if err != nil {
			return
		}
		p.passed()
		for _, frames := range p.iopubToClient(msg.Frames) {
			p.iopubMu.Lock()
			err = p.iopub.SendMulti(zmq4.NewMsgFrom(frames...))
			p.iopubMu.Unlock()
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

func (p *proxy) passed() {
	p.lastMu.Lock()
	p.last = time.Now()
	p.lastMu.Unlock()
}

// drain waits until no message has passed for quiet.
func (p *proxy) drain(quiet time.Duration) {
	for deadline := time.Now().Add(10 * quiet); time.Now().Before(deadline); {
		p.lastMu.Lock()
		idle := time.Since(p.last)
		p.lastMu.Unlock()
		if idle >= quiet {
			return
		}
		time.Sleep(quiet - idle)
	}
}

// fromClient answers is_complete_request on the shell channel, notes the
// execute requests, and passes everything else on to GoNB.
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

// shellToClient is toClient for GoNB's shell socket, which also sends the
// replies to control requests to the client's control socket.
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

// toClient completes GoNB's kernel_info_reply, and passes everything else
// on to the client.
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
// published. It takes the displays that cells send in band out of their
// standard output: a stdout stream message that holds (part of) a display
// becomes the text before the display, the display, and the text after it,
// and an unfinished display is held back until the rest arrives. GoNB
// publishes the whole of a cell's output before the cell's error or its
// idle status, when anything still held is published.
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
		out := p.fromParts(m, s.Write(c.Text), "stdout")
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
			return append(p.fromParts(m, s.Flush(), "stdout"), frames)
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

// fromParts returns parts, taken out of the stream (stdout or stderr) of
// the request that m is about, as stream and display_data messages.
func (p *proxy) fromParts(m message, parts []inband.Part, stream string) [][][]byte {
	var out [][][]byte
	for _, part := range parts {
		var d message
		var err error
		if part.Data == nil {
			d, err = p.sign.derive(m, "stream", map[string]string{"name": stream, "text": part.Text})
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
