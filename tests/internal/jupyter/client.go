// Package jupyter is a minimal Jupyter client for tests: it starts an
// installed kernel from its kernelspec, talks to it over ZeroMQ with signed
// messages (Jupyter messaging protocol 5.3, HMAC-SHA256), runs code on the
// shell channel and collects what the kernel publishes on IOPub until it is
// idle again.
//
// It speaks just enough of the protocol to run notebooks cell by cell and
// check a kernel's answers: execute (with input), any other request on the
// shell or control channel, heartbeats, shutdown. It is not safe for
// concurrent use, except that Request on the control channel may run while
// Execute waits (to interrupt it).
package jupyter

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Spec is a kernelspec's kernel.json.
type Spec struct {
	Argv        []string          `json:"argv"`
	DisplayName string            `json:"display_name"`
	Env         map[string]string `json:"env"`
}

// ReadSpec reads the kernel.json in dir.
func ReadSpec(dir string) (Spec, error) {
	var s Spec
	data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("%s/kernel.json: %v", dir, err)
	}
	if len(s.Argv) == 0 {
		return s, fmt.Errorf("%s/kernel.json has no argv", dir)
	}
	return s, nil
}

// Kernel is a running kernel and the client's sockets to it.
type Kernel struct {
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has exited
	exitErr error
	key     []byte
	session string
	shell   zmq4.Socket
	control zmq4.Socket
	iopub   zmq4.Socket
	stdin   zmq4.Socket
	hb      zmq4.Socket
	shellIn chan *Message
	ctrlIn  chan *Message
	iopubIn chan *Message
	stdinIn chan *Message
	// Input answers the kernel's input requests (stdin), given the
	// prompt; without it, Execute sends allow_stdin false.
	Input    func(prompt string) string
	dir      string // holds the connection file
	Stderr   *strings.Builder
	stopRead context.CancelFunc
}

// Start launches the kernel described by spec in workDir, with a fresh
// connection file on loopback, and waits until it answers kernel_info.
// The kernel runs in a process group of its own, so Shutdown can make sure
// nothing it started outlives it.
//
// The ports are free when Start picks them, but another process may take
// one before the kernel binds it (kernels starting at once do): Start then
// tries again with new ports, up to three times, as Jupyter's own client
// restarts a kernel that died.
func Start(ctx context.Context, spec Spec, workDir string) (*Kernel, error) {
	for try := 1; ; try++ {
		k, err := start(ctx, spec, workDir)
		if err == nil || try == 3 || !strings.Contains(err.Error(), "address already in use") {
			return k, err
		}
	}
}

func start(ctx context.Context, spec Spec, workDir string) (*Kernel, error) {
	dir, err := os.MkdirTemp("", "jupyter-client-")
	if err != nil {
		return nil, err
	}
	k := &Kernel{dir: dir, session: newID(), exited: make(chan struct{}), Stderr: &strings.Builder{}}
	key := make([]byte, 32)
	rand.Read(key)
	k.key = []byte(hex.EncodeToString(key))

	ports, err := freePorts(5)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	conn := map[string]any{
		"transport": "tcp", "ip": "127.0.0.1",
		"shell_port": ports[0], "iopub_port": ports[1], "stdin_port": ports[2],
		"control_port": ports[3], "hb_port": ports[4],
		"key": string(k.key), "signature_scheme": "hmac-sha256", "kernel_name": "",
	}
	connFile := filepath.Join(dir, "connection.json")
	data, _ := json.Marshal(conn)
	if err := os.WriteFile(connFile, data, 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}

	argv := make([]string, len(spec.Argv))
	for i, a := range spec.Argv {
		argv[i] = strings.ReplaceAll(a, "{connection_file}", connFile)
	}
	k.cmd = exec.Command(argv[0], argv[1:]...)
	k.cmd.Dir = workDir
	k.cmd.Env = os.Environ()
	for name, v := range spec.Env {
		k.cmd.Env = append(k.cmd.Env, name+"="+v)
	}
	k.cmd.Stdout = k.Stderr
	k.cmd.Stderr = k.Stderr
	k.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Wait returns even if something the kernel left running holds its
	// output open.
	k.cmd.WaitDelay = 10 * time.Second
	if err := k.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() {
		k.exitErr = k.cmd.Wait()
		close(k.exited)
	}()

	readCtx, cancel := context.WithCancel(context.Background())
	k.stopRead = cancel
	addr := func(port int) string { return fmt.Sprintf("tcp://127.0.0.1:%d", port) }
	retry := []zmq4.Option{zmq4.WithDialerRetry(50 * time.Millisecond), zmq4.WithDialerMaxRetries(400)}
	// The shell and stdin sockets share an identity, as Jupyter's clients
	// do: the kernel sends an input_request to the identity that sent the
	// execute_request.
	id := zmq4.WithID(zmq4.SocketIdentity(k.session))
	k.shell = zmq4.NewDealer(readCtx, append(retry, id)...)
	k.control = zmq4.NewDealer(readCtx, retry...)
	k.iopub = zmq4.NewSub(readCtx, retry...)
	k.stdin = zmq4.NewDealer(readCtx, append(retry, id)...)
	k.hb = zmq4.NewReq(readCtx, retry...)
	for _, c := range []struct {
		s    zmq4.Socket
		port int
	}{{k.shell, ports[0]}, {k.iopub, ports[1]}, {k.stdin, ports[2]}, {k.control, ports[3]}, {k.hb, ports[4]}} {
		if err := c.s.Dial(addr(c.port)); err != nil {
			k.kill()
			return nil, fmt.Errorf("connecting to the kernel: %v\nkernel output:\n%s", err, k.Stderr)
		}
	}
	if err := k.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		k.kill()
		return nil, err
	}
	k.shellIn = k.reader(k.shell)
	k.ctrlIn = k.reader(k.control)
	k.iopubIn = k.reader(k.iopub)
	k.stdinIn = k.reader(k.stdin)

	if err := k.waitReady(ctx); err != nil {
		k.kill()
		return nil, fmt.Errorf("%v\nkernel output:\n%s", err, k.Stderr)
	}
	return k, nil
}

// waitReady sends kernel_info requests until one is answered and IOPub
// carries the kernel's status too (a SUB socket misses what was published
// before it connected, so the first requests may go unheard there).
func (k *Kernel) waitReady(ctx context.Context) error {
	iopubSeen := false
	for {
		id, err := k.send(k.shell, "kernel_info_request", map[string]any{})
		if err != nil {
			return err
		}
		tick := time.After(time.Second)
		replied := false
	wait:
		for {
			select {
			case <-ctx.Done():
				return fmt.Errorf("kernel did not answer kernel_info: %v", ctx.Err())
			case <-k.exited:
				return fmt.Errorf("kernel exited at start: %v", k.exitErr)
			case m := <-k.shellIn:
				if m.Parent.MsgID == id && m.Header.MsgType == "kernel_info_reply" {
					replied = true
				}
			case m := <-k.iopubIn:
				if m.Parent.MsgID == id && m.Header.MsgType == "status" {
					iopubSeen = true
				}
			case <-tick:
				break wait
			}
			if replied && iopubSeen {
				return nil
			}
		}
	}
}

// Header is a message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one received message, its signature checked.
type Message struct {
	Header  Header
	Parent  Header
	Content map[string]any
}

// reader receives messages from s into a channel until the client closes.
// A message with a bad signature is a protocol failure: it is sent as a
// message of type "bad_signature" so the test sees it.
func (k *Kernel) reader(s zmq4.Socket) chan *Message {
	ch := make(chan *Message, 1024)
	go func() {
		for {
			msg, err := s.Recv()
			if err != nil {
				close(ch)
				return
			}
			m, err := k.decode(msg.Frames)
			if err != nil {
				m = &Message{Header: Header{MsgType: "bad_signature"}, Content: map[string]any{"error": err.Error()}}
			}
			ch <- m
		}
	}()
	return ch
}

func (k *Kernel) sign(parts ...[]byte) string {
	mac := hmac.New(sha256.New, k.key)
	for _, p := range parts {
		mac.Write(p)
	}
	return hex.EncodeToString(mac.Sum(nil))
}

func (k *Kernel) decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && string(frames[i]) != "<IDS|MSG>" {
		i++
	}
	if len(frames) < i+6 {
		return nil, fmt.Errorf("short message: %d frames", len(frames))
	}
	sig, header, parent, meta, content := frames[i+1], frames[i+2], frames[i+3], frames[i+4], frames[i+5]
	if want := k.sign(header, parent, meta, content); !hmac.Equal([]byte(want), sig) {
		return nil, errors.New("message signature does not match")
	}
	m := &Message{}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, err
	}
	json.Unmarshal(parent, &m.Parent)
	if err := json.Unmarshal(content, &m.Content); err != nil {
		return nil, err
	}
	return m, nil
}

// send signs and sends a request, returning its msg_id.
func (k *Kernel) send(s zmq4.Socket, msgType string, content any) (string, error) {
	h := Header{MsgID: newID(), Session: k.session, Username: "littlegrad-test",
		Date: time.Now().UTC().Format(time.RFC3339Nano), MsgType: msgType, Version: "5.3"}
	header, _ := json.Marshal(h)
	body, err := json.Marshal(content)
	if err != nil {
		return "", err
	}
	parent, meta := []byte("{}"), []byte("{}")
	sig := k.sign(header, parent, meta, body)
	return h.MsgID, s.SendMulti(zmq4.NewMsgFrom([]byte("<IDS|MSG>"), []byte(sig), header, parent, meta, body))
}

// Output is one output of a cell, as a notebook stores it.
type Output struct {
	Type      string         // "stream", "display_data", "execute_result", "error"
	Name      string         // stream: "stdout" or "stderr"
	Text      string         // stream text
	Data      map[string]any // display_data, execute_result: MIME type to content
	Ename     string         // error
	Evalue    string
	Traceback []string
}

// Result is what running one cell produced.
type Result struct {
	Status  string // of the execute_reply: "ok", "error" or "aborted"
	Outputs []Output
	Elapsed time.Duration // from the request until the kernel was idle
}

// Text returns the cell's stream text and text/plain results, in order.
func (r Result) Text() string {
	var b strings.Builder
	for _, o := range r.Outputs {
		b.WriteString(o.Text)
		if s, ok := o.Data["text/plain"].(string); ok {
			b.WriteString(s)
		}
	}
	return b.String()
}

// HTML returns every text/html output of the cell.
func (r Result) HTML() []string {
	var out []string
	for _, o := range r.Outputs {
		if s, ok := o.Data["text/html"].(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Error returns the cell's error output, if any.
func (r Result) Error() *Output {
	for i, o := range r.Outputs {
		if o.Type == "error" {
			return &r.Outputs[i]
		}
	}
	return nil
}

// Execute runs code and returns once the kernel is idle again and has
// replied, or when ctx ends.
func (k *Kernel) Execute(ctx context.Context, code string) (Result, error) {
	var r Result
	start := time.Now()
	id, err := k.send(k.shell, "execute_request", map[string]any{
		"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": k.Input != nil, "stop_on_error": true,
	})
	if err != nil {
		return r, err
	}
	idle, replied := false, false
	for !idle || !replied {
		select {
		case <-ctx.Done():
			return r, fmt.Errorf("cell did not finish: %v", ctx.Err())
		case <-k.exited:
			return r, fmt.Errorf("kernel exited while running a cell: %v\nkernel output:\n%s", k.exitErr, k.Stderr)
		case m := <-k.shellIn:
			if m.Header.MsgType == "bad_signature" {
				return r, fmt.Errorf("shell: %v", m.Content["error"])
			}
			if m.Parent.MsgID == id && m.Header.MsgType == "execute_reply" {
				r.Status, _ = m.Content["status"].(string)
				replied = true
			}
		case m := <-k.stdinIn:
			if m.Header.MsgType != "input_request" || k.Input == nil {
				return r, fmt.Errorf("stdin: unexpected %s: %v", m.Header.MsgType, m.Content)
			}
			prompt, _ := m.Content["prompt"].(string)
			if _, err := k.send(k.stdin, "input_reply", map[string]any{"value": k.Input(prompt)}); err != nil {
				return r, err
			}
		case m := <-k.iopubIn:
			if m.Header.MsgType == "bad_signature" {
				return r, fmt.Errorf("iopub: %v", m.Content["error"])
			}
			if m.Parent.MsgID != id {
				continue
			}
			switch m.Header.MsgType {
			case "status":
				idle = m.Content["execution_state"] == "idle"
			case "stream":
				o := Output{Type: "stream"}
				o.Name, _ = m.Content["name"].(string)
				o.Text, _ = m.Content["text"].(string)
				r.Outputs = append(r.Outputs, o)
			case "display_data", "execute_result", "update_display_data":
				o := Output{Type: m.Header.MsgType}
				o.Data, _ = m.Content["data"].(map[string]any)
				r.Outputs = append(r.Outputs, o)
			case "error":
				o := Output{Type: "error"}
				o.Ename, _ = m.Content["ename"].(string)
				o.Evalue, _ = m.Content["evalue"].(string)
				if tb, ok := m.Content["traceback"].([]any); ok {
					for _, line := range tb {
						s, _ := line.(string)
						o.Traceback = append(o.Traceback, s)
					}
				}
				r.Outputs = append(r.Outputs, o)
			}
		}
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// Request sends a request of type msgType (as "complete_request") on the
// shell channel, or on the control channel if control is true, and returns
// the kernel's reply.
func (k *Kernel) Request(ctx context.Context, control bool, msgType string, content any) (*Message, error) {
	sock, in := k.shell, k.shellIn
	if control {
		sock, in = k.control, k.ctrlIn
	}
	id, err := k.send(sock, msgType, content)
	if err != nil {
		return nil, err
	}
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("no reply to %s: %v", msgType, ctx.Err())
		case <-k.exited:
			return nil, fmt.Errorf("kernel exited: %v\nkernel output:\n%s", k.exitErr, k.Stderr)
		case m := <-in:
			if m.Header.MsgType == "bad_signature" {
				return nil, fmt.Errorf("%v", m.Content["error"])
			}
			if m.Parent.MsgID == id {
				return m, nil
			}
		}
	}
}

// Ping sends a heartbeat and waits for the kernel to echo it.
func (k *Kernel) Ping(ctx context.Context) error {
	done := make(chan error, 1)
	go func() {
		if err := k.hb.Send(zmq4.NewMsgString("ping")); err != nil {
			done <- err
			return
		}
		msg, err := k.hb.Recv()
		if err == nil && string(msg.Bytes()) != "ping" {
			err = fmt.Errorf("heartbeat echoed %q", msg.Bytes())
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("no heartbeat: %v", ctx.Err())
	}
}

// Shutdown asks the kernel to shut down on the control channel, waits for
// it to exit, and then makes sure nothing in its process group is left:
// it returns an error if the kernel had to be killed or left processes
// behind (they are killed too).
func (k *Kernel) Shutdown(ctx context.Context) error {
	defer k.close()
	var problems []string
	if _, err := k.send(k.control, "shutdown_request", map[string]any{"restart": false}); err != nil {
		problems = append(problems, "sending shutdown_request: "+err.Error())
	}
	select {
	case <-k.exited:
	case <-ctx.Done():
		problems = append(problems, "kernel did not exit after shutdown_request; killed it")
		k.kill()
	}
	// The kernel's children (go build, the cell's program) are in its group.
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(-k.cmd.Process.Pid, 0) == nil {
		if time.Now().After(deadline) {
			problems = append(problems, "processes of the kernel's group outlived it; killed them")
			syscall.Kill(-k.cmd.Process.Pid, syscall.SIGKILL)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Pid is the kernel's process ID.
func (k *Kernel) Pid() int { return k.cmd.Process.Pid }

// Kill kills the kernel with SIGKILL, as Jupyter does when a kernel does
// not shut down or is restarted: the kernel's whole process group, or with
// group false the kernel's process alone. It waits for the kernel's process
// to exit, and closes the client.
func (k *Kernel) Kill(group bool) {
	if group {
		k.kill()
		return
	}
	k.cmd.Process.Kill()
	<-k.exited
	k.close()
}

// kill ends the kernel's whole process group.
func (k *Kernel) kill() {
	if k.cmd.Process != nil {
		syscall.Kill(-k.cmd.Process.Pid, syscall.SIGKILL)
		<-k.exited
	}
	k.close()
}

func (k *Kernel) close() {
	for _, s := range []zmq4.Socket{k.shell, k.control, k.iopub, k.stdin, k.hb} {
		if s != nil {
			s.Close()
		}
	}
	if k.stopRead != nil {
		k.stopRead()
	}
	os.RemoveAll(k.dir)
}

// freePorts returns n distinct TCP ports free on loopback right now.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for len(ports) < n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
