package tests

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/tests/internal/jupyter"
)

// The tests in this file pin the behaviours of GoNB v0.11.4 that the
// littlegrad kernel works around, on GoNB alone (kernel.json's command
// after "--", without the proxy). Each names the workaround; when one fails
// after an upgrade of GoNB, that workaround may go. ARCHITECTURE.md lists
// them under "GoNB's gaps".

// startGoNB starts GoNB without the proxy, as kernel.json runs it, with env
// added to its environment.
func startGoNB(t *testing.T, env map[string]string) *jupyter.Kernel {
	t.Helper()
	spec := kernelSpec(t, kernelDir, true)
	for k, v := range env {
		spec.Env[k] = v
	}
	return startSpec(t, spec, t.TempDir())
}

// GoNB's dispatcher (internal/dispatcher/dispatcher.go) ignores
// is_complete_request: the proxy answers it (proxy.fromClient).
func TestGoNBIgnoresIsComplete(t *testing.T) {
	k := startGoNB(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if m, err := k.Request(ctx, false, "is_complete_request", map[string]any{"code": "%%\nfor {"}); err == nil {
		t.Errorf("GoNB answers is_complete_request (%v): the proxy need not", m.Content)
	}
}

// GoNB's kernel_info_reply (internal/kernel/messages.go, SendKernelInfo)
// names no Pygments lexer or CodeMirror mode: the proxy adds them
// (proxy.toClient).
func TestGoNBKernelInfoLacksLexer(t *testing.T) {
	k := startGoNB(t, nil)
	c := request(t, k, false, "kernel_info_request", map[string]any{})
	lang, _ := c["language_info"].(map[string]any)
	if lang["codemirror_mode"] != "" || lang["pygments_lexer"] != "" {
		t.Errorf("GoNB's language_info %v names a lexer: the proxy need not", lang)
	}
}

// GoNB sends every reply on its shell socket (internal/kernel/messages.go,
// Reply), so a reply to a control request never reaches the client's
// control socket: the proxy routes it there (proxy.shellToClient).
func TestGoNBRepliesToControlOnShell(t *testing.T) {
	k := startGoNB(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := k.Request(ctx, true, "kernel_info_request", map[string]any{}); err == nil {
		t.Error("GoNB answers a control request on the control socket: the proxy need not route it")
	}
}

// GoNB reads a cell's standard output and its displays (gonbui, through
// the named pipe of internal/jpyexec) in two goroutines, and publishes
// them as they come, so a display can overtake the text printed before it:
// littlegrad's displays travel in the standard output instead (package
// inband), which the proxy splits (proxy.iopubToClient).
func TestGoNBDisplaysOvertakeText(t *testing.T) {
	k := startGoNB(t, nil)
	r := execute(t, k, `import "github.com/janpfeifer/gonb/gonbui"

%%
for i := range 200 {
	fmt.Printf("line %d\n", i)
	gonbui.DisplayHTML(fmt.Sprintf("<b>display %d</b>", i))
}
gonbui.Sync() // else displays still in the pipe when the program ends are lost`)
	var order []string
	for _, o := range r.Outputs {
		switch o.Type {
		case "stream":
			for _, l := range strings.Split(strings.TrimSpace(o.Text), "\n") {
				order = append(order, strings.TrimPrefix(l, "line "))
			}
		case "display_data":
			h, _ := o.Data["text/html"].(string)
			order = append(order, strings.TrimSuffix(strings.TrimPrefix(h, "<b>display "), "</b>"))
		}
	}
	if len(order) != 400 {
		t.Fatalf("%d outputs, want 400: %q", len(order), order)
	}
	for i := 0; i < len(order); i += 2 {
		if order[i] != order[i+1] || order[i] != strconv.Itoa(i/2) {
			t.Logf("out of order from output %d on: %q", i, order[i:min(i+6, len(order))])
			return // the gap is there
		}
	}
	t.Error("200 lines and displays came in order: GoNB may keep them in order now, and inband may go")
}

// With --raw_error, GoNB reports a failed cell as the raw text of what
// failed (internal/goexec/execcode.go, Compile and Execute), which the
// proxy tells in plain words (proxy's errors.go). These are the forms it
// reads.
func TestGoNBRawErrors(t *testing.T) {
	k := startGoNB(t, nil)
	tests := []struct {
		name, code  string
		evalue, tb0 *regexp.Regexp // the error's evalue, and its first traceback entry
	}{
		{"compile error", "%%\nvar x int = \"a\"",
			regexp.MustCompile(`^# gonb_[0-9a-f]+\n\./main\.go:\d+:\d+: `), regexp.MustCompile(`gonb_[0-9a-f]+`)},
		{"panic", "%%\nvar s []int\nfmt.Println(s[3])",
			regexp.MustCompile(`^exit status 2$`), regexp.MustCompile(`^exit status 2$`)},
		{"go get", "import \"rsc.io/quote\"\n\n%%\nfmt.Println(quote.Go())",
			regexp.MustCompile(`^failed to run "[^"]*/go get": exit status 1\n`), regexp.MustCompile(`^failed to run "`)},
	}
	ansi := regexp.MustCompile("\x1b\\[[0-9;]*m")
	for _, tt := range tests {
		e := execute(t, k, tt.code).Error()
		if e == nil || !tt.evalue.MatchString(e.Evalue) || len(e.Traceback) == 0 || !tt.tb0.MatchString(ansi.ReplaceAllString(e.Traceback[0], "")) {
			t.Errorf("%s: GoNB's error is not in the form errors.go reads: %+v", tt.name, e)
		}
	}
	// A compile error's traceback has an entry per line of the go
	// command's output, which names the cell's line and marks the column.
	e := execute(t, k, "%%\nfmt.Println(1)\nvar y int = \"b\"").Error()
	if e == nil || len(e.Traceback) < 2 || !regexp.MustCompile(`(?s)^Cell\[\d+\]: Line 3\n.*\n *\^\n`).MatchString(ansi.ReplaceAllString(e.Traceback[1], "")) {
		t.Errorf("the compile error's traceback is not in the form errors.go reads: %+v", e)
	}
}

// GoNB names a cell's line in its standard error when "main.go:N" arrives
// in one read from the program (internal/goexec/execcode.go,
// jupyterStackTraceMapperWriter maps each chunk): the go command of package
// gocmd relays a cell's standard error a line at a time. (Here the path
// comes in two writes 0.3 s apart, which the relay passes on as they come.)
// A mapped frame keeps the path of GoNB's scratch folder, which the proxy
// cuts (explainTrace).
func TestGoNBMapsTraceLinesPerRead(t *testing.T) {
	k := startGoNB(t, nil)
	r := execute(t, k, `import "runtime"

%%
_, file, line, _ := runtime.Caller(0)
fmt.Fprintf(os.Stderr, "whole: %s:%d\n", file, line)
fmt.Fprint(os.Stderr, "split: "+file[:len(file)-3])
time.Sleep(300 * time.Millisecond)
fmt.Fprintf(os.Stderr, "%s:%d\n", file[len(file)-3:], line)`)
	text := r.Text()
	whole := regexp.MustCompile(`whole: +\S*\[\[ Cell \[\d+\] Line 4 \]\]\S* /\S*/gonb_[0-9a-f]+/main\.go:\d+`)
	split := regexp.MustCompile(`split: /\S*/main\.go:\d+`)
	if !whole.MatchString(text) {
		t.Errorf("GoNB no longer names the cell line of a path in one read, or not so: %q", text)
	}
	if !split.MatchString(text) {
		t.Errorf("GoNB names the cell line of a path split across reads: %q; gocmd's relay may go", text)
	}
}

// GoNB runs `go get` in a cell's module before it builds each cell, then
// `go build -o` a program in that folder (internal/goexec/execcode.go,
// GoImports and Compile): the go command of package gocmd recognises
// these, makes the get offline and skips it when nothing changed, and
// wraps the program.
func TestGoNBGoCommands(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	script := "#!/bin/sh\necho \"$PWD|$*\" >> " + log + "\nexec " + filepath.Join(kernelDir, "bin", "go") + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	spec, err := jupyter.ReadSpec(kernelDir)
	if err != nil {
		t.Fatal(err)
	}
	k := startGoNB(t, map[string]string{"PATH": dir + string(os.PathListSeparator) + spec.Env["PATH"]})
	execute(t, k, "%%\nfmt.Println(1)")
	data, _ := os.ReadFile(log)
	var get, build bool
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		cwd, args, _ := strings.Cut(l, "|")
		a := strings.Fields(args)
		isModule := fileExists(filepath.Join(cwd, "go.work")) && fileExists(filepath.Join(cwd, "go.mod"))
		switch {
		case args == "get" && isModule:
			get = true
		case len(a) >= 3 && a[0] == "build" && a[1] == "-o" && filepath.Dir(a[2]) == cwd && isModule:
			build = get
		}
	}
	if !get || !build {
		t.Errorf("GoNB's go commands are not `go get`, then `go build -o X` in the cell's module:\n%s", data)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// GoNB runs gopls in a process group of its own (internal/goexec/
// goplsclient/exec.go), which a SIGKILL of the kernel's group does not
// reach: the kernel's gopls is a front that ends with GoNB, and ends
// gopls (kernel/goplscmd).
func TestGoNBRunsGoplsApart(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs Linux's /proc")
	}
	if !isExecutable(filepath.Join(kernelDir, "bin", "gopls")) {
		t.Skip("the kernel was installed without gopls")
	}
	k := startGoNB(t, nil)
	code := "import \"github.com/littlegrad/littlegrad/autograd\"\n\n%%\nx := autograd.Ne"
	request(t, k, false, "complete_request", map[string]any{"code": code, "cursor_pos": len(code)})
	for start := time.Now(); time.Since(start) < time.Minute; time.Sleep(200 * time.Millisecond) {
		for _, p := range descendants(k.Pid()) {
			if p.name != "gopls" {
				continue
			}
			gonb, _ := syscall.Getpgid(k.Pid())
			if pg, _ := syscall.Getpgid(p.pid); pg == gonb {
				t.Error("GoNB runs gopls in its own process group: the gopls front need not outlive a group kill")
			}
			return
		}
	}
	t.Fatal("GoNB started no gopls within a minute of a completion")
}

// GoNB starts gopls as it starts (internal/goexec/goexec.go, New, which
// calls s.gopls.Start()), whether or not anything is ever asked of it:
// the kernel's gopls is a front that starts gopls itself at GoNB's first
// request (kernel/goplscmd).
func TestGoNBStartsGoplsAtOnce(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs Linux's /proc")
	}
	if !isExecutable(filepath.Join(kernelDir, "bin", "gopls")) {
		t.Skip("the kernel was installed without gopls")
	}
	k := startGoNB(t, nil)
	for start := time.Now(); time.Since(start) < 30*time.Second; time.Sleep(200 * time.Millisecond) {
		for _, p := range descendants(k.Pid()) {
			if p.name == "gopls" {
				return
			}
		}
	}
	t.Error("GoNB, asked nothing, started no gopls within 30 s: the kernel's gopls front (kernel/goplscmd) can go")
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode()&0o111 != 0
}
