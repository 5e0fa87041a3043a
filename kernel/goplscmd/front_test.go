package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// With LITTLEGRAD_FAKE_GOPLS=LOG, the test binary is a fake gopls on its
// standard input and output: it logs the pid of itself and of a child it
// starts (as gopls starts go list), then each message it gets, as
// "method id"; it answers initialize, and answers a completion only after
// asking the client workspace/configuration, with the client's answer.
func TestMain(m *testing.M) {
	if log := os.Getenv("LITTLEGRAD_FAKE_GOPLS"); log != "" {
		fakeGopls(log)
		return
	}
	os.Exit(m.Run())
}

func fakeGopls(logPath string) {
	log, err := os.Create(logPath)
	if err != nil {
		panic(err)
	}
	child := exec.Command("sleep", "300")
	if err := child.Start(); err != nil {
		panic(err)
	}
	fmt.Fprintf(log, "pids %d %d\n", os.Getpid(), child.Process.Pid)
	in := bufio.NewReader(os.Stdin)
	var completion json.RawMessage
	for {
		body, err := readFrame(in)
		if err != nil {
			return
		}
		var m struct {
			ID     json.RawMessage
			Method string
			Result json.RawMessage
		}
		json.Unmarshal(body, &m)
		fmt.Fprintf(log, "%s %s\n", m.Method, m.ID)
		switch m.Method {
		case "initialize":
			writeFrame(os.Stdout, response(m.ID, map[string]any{"capabilities": map[string]any{"fake": true}}))
		case "textDocument/completion":
			completion = m.ID
			writeFrame(os.Stdout, []byte(`{"jsonrpc":"2.0","id":99,"method":"workspace/configuration","params":{}}`))
		case "":
			writeFrame(os.Stdout, response(completion, map[string]any{"items": m.Result}))
		}
	}
}

// lsp is the client's end of a connection to the front.
type lsp struct {
	t    *testing.T
	conn net.Conn
	in   *bufio.Reader
}

func (c *lsp) send(body string) {
	c.t.Helper()
	if err := writeFrame(c.conn, []byte(body)); err != nil {
		c.t.Fatal(err)
	}
}

func (c *lsp) receive() string {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	body, err := readFrame(c.in)
	if err != nil {
		c.t.Fatal(err)
	}
	return string(body)
}

// startFront runs the front on a socket, with the fake gopls, and returns
// a client connected to it, the fake's log, how many goplses it started,
// and what the front returned, once it returns.
func startFront(t *testing.T) (*lsp, string, *atomic.Int32, chan error) {
	dir := t.TempDir()
	log := filepath.Join(dir, "gopls.log")
	t.Setenv("LITTLEGRAD_FAKE_GOPLS", log)
	socket := filepath.Join(dir, "gopls.sock")
	starts := new(atomic.Int32)
	start := func() (*server, error) {
		starts.Add(1)
		return startGopls(os.Args[0])()
	}
	done := make(chan error, 1)
	go func() { done <- front("unix", socket, time.Minute, start) }()
	var conn net.Conn
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if conn, err = net.Dial("unix", socket); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &lsp{t, conn, bufio.NewReader(conn)}, log, starts, done
}

const (
	initializeRequest  = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":0,"workspaceFolders":[{"uri":"file:///tmp/w","name":"w"}]}}`
	initialized        = `{"jsonrpc":"2.0","method":"initialized","params":{}}`
	didOpen            = `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/w/main.go","version":1,"text":"package main"}}}`
	didChange          = `{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/w/main.go","version":2},"contentChanges":[{"text":"package main\n"}]}}`
	completionRequest  = `{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{}}`
	configurationReply = `{"jsonrpc":"2.0","id":99,"result":[{"ok":1}]}`
)

// Until the client's first request, there is no gopls; then gopls gets
// the client's initialize, initialized and notifications in order, and
// the request; its requests reach the client, and the client's answers
// reach it; and when the client goes, gopls and its children go.
func TestFrontStartsGoplsAtFirstRequest(t *testing.T) {
	c, log, starts, done := startFront(t)
	c.send(initializeRequest)
	var reply struct {
		ID     int
		Result struct{ Capabilities map[string]any }
	}
	if err := json.Unmarshal([]byte(c.receive()), &reply); err != nil || reply.ID != 1 || reply.Result.Capabilities == nil {
		t.Errorf("the answer to initialize is %+v (%v): want id 1, with capabilities", reply, err)
	}
	for _, n := range []string{initialized, didOpen, didChange} {
		c.send(n)
	}
	time.Sleep(200 * time.Millisecond)
	if n := starts.Load(); n != 0 {
		t.Fatalf("after initialize and notifications, the front started gopls %d times: want none before a request", n)
	}
	if _, err := os.Stat(log); err == nil {
		t.Fatal("a gopls runs before the first request")
	}

	c.send(completionRequest)
	if got := c.receive(); !strings.Contains(got, `"method":"workspace/configuration"`) {
		t.Fatalf("after the completion request, the client got %s: want gopls's request for its configuration", got)
	}
	c.send(configurationReply)
	if got, want := c.receive(), `{"jsonrpc":"2.0","id":2,"result":{"items":[{"ok":1}]}}`; got != want {
		t.Errorf("the completion's answer is %s, want %s", got, want)
	}
	data, _ := os.ReadFile(log)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	want := []string{`initialize "littlegrad-lazy-initialize"`, "initialized ", "textDocument/didOpen ", "textDocument/didChange ", "textDocument/completion 2", " 99"}
	if len(lines) < 1 || strings.Join(lines[1:], "|") != strings.Join(want, "|") {
		t.Errorf("gopls got:\n%s\nwant, after its pids:\n%s", data, strings.Join(want, "\n"))
	}

	c.conn.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the front, when the client went: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the front runs on 10 s after its client went")
	}
	for _, pid := range strings.Fields(strings.TrimPrefix(lines[0], "pids ")) {
		n, _ := strconv.Atoi(pid)
		for start := time.Now(); alive(n); time.Sleep(20 * time.Millisecond) {
			if time.Since(start) > 5*time.Second {
				t.Errorf("process %d, gopls or its child, runs on after the client went", n)
				syscall.Kill(n, syscall.SIGKILL)
				break
			}
		}
	}
	if n := starts.Load(); n != 1 {
		t.Errorf("the front started gopls %d times, want once", n)
	}
}

// alive reports whether process pid runs: it exists and is no zombie.
func alive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	_, after, _ := strings.Cut(string(data), ") ")
	return !strings.HasPrefix(after, "Z")
}

// shutdown and exit before any request are the front's to answer: gopls
// never starts.
func TestFrontShutdownBeforeRequest(t *testing.T) {
	c, _, starts, done := startFront(t)
	c.send(initializeRequest)
	c.receive()
	c.send(initialized)
	c.send(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)
	if got, want := c.receive(), `{"jsonrpc":"2.0","id":2,"result":null}`; got != want {
		t.Errorf("the answer to shutdown is %s, want %s", got, want)
	}
	c.send(`{"jsonrpc":"2.0","method":"exit"}`)
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the front runs on 10 s after exit")
	}
	if n := starts.Load(); n != 0 {
		t.Errorf("the front started gopls %d times, want never", n)
	}
}

// A front that no client connects to ends at -listen.timeout.
func TestFrontListenTimeout(t *testing.T) {
	start := time.Now()
	err := front("unix", filepath.Join(t.TempDir(), "s"), 200*time.Millisecond, nil)
	if err == nil || !strings.Contains(err.Error(), "listen.timeout") || time.Since(start) > 5*time.Second {
		t.Errorf("front with no client returned %v after %s: want a timeout after 200ms", err, time.Since(start))
	}
}

func TestParseListen(t *testing.T) {
	tests := []struct {
		args          []string
		network, addr string
		timeout       time.Duration
		ok            bool
	}{
		{[]string{"-listen", "unix;/tmp/x.sock"}, "unix", "/tmp/x.sock", time.Minute, true},
		{[]string{"-listen=localhost:37", "-listen.timeout=5s"}, "tcp", "localhost:37", 5 * time.Second, true},
		{[]string{"version"}, "", "", 0, false},
		{[]string{"-listen", "unix;/x", "serve"}, "", "", 0, false},
		{[]string{"-remote=auto"}, "", "", 0, false},
		{nil, "", "", 0, false},
	}
	for _, tt := range tests {
		network, addr, timeout, ok := parseListen(tt.args)
		if network != tt.network || addr != tt.addr || timeout != tt.timeout || ok != tt.ok {
			t.Errorf("parseListen(%q) = %q %q %s %v, want %q %q %s %v", tt.args, network, addr, timeout, ok, tt.network, tt.addr, tt.timeout, tt.ok)
		}
	}
}

func TestReadFrameErrors(t *testing.T) {
	for _, in := range []string{"Content-Length: x\r\n\r\n{}", "Content-Length: 10\r\n\r\n{}", "no header\r\n\r\n", "Content-Length: -1\r\n\r\n"} {
		if _, err := readFrame(bufio.NewReader(strings.NewReader(in))); err == nil {
			t.Errorf("readFrame(%q) succeeded: want an error", in)
		}
	}
}
