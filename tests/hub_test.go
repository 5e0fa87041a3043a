package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// hubUsers are the learners of checkHub, who work at once.
var hubUsers = []string{"ada", "grace"}

// checkHub runs a class on one machine, as a teacher would: JupyterHub
// 6.1 (from the lock file) with its proxy (configurable-http-proxy, from
// tests/hub's package.json) and tests/hub/jupyterhub_config.py, whose
// DockerSpawner starts a container of image for each learner through
// podman's Docker-compatible API. Each of hubUsers logs in through the
// hub's page in Chromium and runs part 1 in JupyterLab, through the hub's
// URL, at the same time; then the idle culler must stop their servers.
func checkHub(t *testing.T, ctx context.Context, image string) {
	if _, err := exec.LookPath("jupyterhub"); err != nil {
		t.Fatalf("jupyterhub is not on PATH: ./test.sh puts the checkout's .venv (scripts/jupyter.sh test) there")
	}
	hubDir := filepath.Join(root, "tests", "hub")
	proxy := installProxy(t, ctx, hubDir)
	state := t.TempDir()
	sock := startPodmanService(t, ctx, state)
	gateway := podmanOutput(t, ctx, "network", "inspect", "podman", "--format", "{{range .Subnets}}{{.Gateway}}{{end}}")
	if gateway == "" {
		t.Fatal("podman's network \"podman\" has no gateway for the containers to reach the hub at")
	}
	ports := make([]int, 3)
	for i := range ports {
		p, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = p
	}
	password, apiToken := newToken(), newToken()
	hub := exec.Command("jupyterhub", "-f", filepath.Join(hubDir, "jupyterhub_config.py"))
	hub.Dir = state
	hub.Env = append(os.Environ(),
		"DOCKER_HOST=unix://"+sock,
		"LG_PORT="+fmt.Sprint(ports[0]), "LG_HUB_PORT="+fmt.Sprint(ports[1]), "LG_PROXY_PORT="+fmt.Sprint(ports[2]),
		"LG_GATEWAY="+gateway, "LG_PROXY="+proxy, "LG_STATE="+state, "LG_IMAGE="+image,
		"LG_PASSWORD="+password, "LG_API_TOKEN="+apiToken, "LG_CULL=30", "LG_ACTIVITY=5",
		"LG_ARGS="+jupyterLab.expose) // the browser checks read JupyterLab's application object
	hub.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logPath := filepath.Join(artifactDir(t, "docker"), "jupyterhub.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	hub.Stdout, hub.Stderr = logFile, logFile
	if err := hub.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopGroup(hub, 30*time.Second) // the hub, its proxy and its culler
		for _, u := range hubUsers {
			podman(context.Background(), "rm", "-f", "-t", "0", "littlegrad-hub-"+u).Run()
			podman(context.Background(), "volume", "rm", "-f", "littlegrad-hub-"+u).Run()
		}
		if t.Failed() {
			t.Logf("JupyterHub's log (%s):\n%s", logPath, tail(logPath, 60))
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	// The proxy answers 404 until the hub has given it its route.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(500 * time.Millisecond) {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_, code := waitHTTP(wctx, base+"/hub/health")
		cancel()
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("JupyterHub did not answer on %s/hub/health (%d); its log:\n%s", base, code, tail(logPath, 40))
		}
	}

	var wg sync.WaitGroup
	for _, user := range hubUsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Run(user, func(t *testing.T) {
				browser := newBrowser(t)
				hubLogin(t, browser, base, user, password)
				runPart1(t, browser, server{fe: jupyterLab, base: base + "/user/" + user}, "littlegrad", "hub-"+user)
			})
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	// The browsers have closed: nobody uses the servers now, and the
	// culler (30 s of idleness, checked every 10 s) must stop them.
	start := time.Now()
	for {
		running := hubServers(t, base, apiToken)
		if len(running) == 0 {
			break
		}
		if time.Since(start) > 3*time.Minute {
			t.Fatalf("the idle culler has not stopped %v after %v", running, time.Since(start).Round(time.Second))
		}
		time.Sleep(2 * time.Second)
	}
	t.Logf("the idle culler stopped the learners' servers %.0fs after their browsers closed", time.Since(start).Seconds())
	if left := podmanOutput(t, ctx, "ps", "-a", "--filter", "name=littlegrad-hub-", "--format", "{{.Names}}"); left != "" {
		t.Errorf("the learners' containers are still there after the culler stopped their servers: %s", left)
	}
}

// installProxy installs configurable-http-proxy into dir's node_modules
// from its lock file, unless it is there, and returns its command.
func installProxy(t *testing.T, ctx context.Context, dir string) string {
	t.Helper()
	proxy := filepath.Join(dir, "node_modules", ".bin", "configurable-http-proxy")
	if exec.CommandContext(ctx, proxy, "--version").Run() == nil {
		return proxy
	}
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s (JupyterHub's proxy): %v\n%s", dir, err, out)
	}
	return proxy
}

// startPodmanService serves podman's Docker-compatible API on a socket in
// dir, with this machine's podman flags, until the test ends, and returns
// the socket's path.
func startPodmanService(t *testing.T, ctx context.Context, dir string) string {
	t.Helper()
	sock := filepath.Join(dir, "podman.sock")
	cmd := podman(ctx, "system", "service", "--time=0", "unix://"+sock)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopGroup(cmd, 30*time.Second) })
	client := http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		resp, err := client.Get("http://podman/_ping")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return sock
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("podman system service did not answer on %s: %v", sock, err)
		}
	}
}

// hubLogin logs user in on the hub's login page, as a learner does, and
// waits for JupyterLab to open on their new server.
func hubLogin(t *testing.T, browser context.Context, base, user, password string) {
	t.Helper()
	p := openPage(t, browser, base+"/hub/login")
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.SendKeys("#username_input", user),
		chromedp.SendKeys("#password_input", password),
	); err != nil {
		t.Fatalf("filling in the hub's login form: %v", err)
	}
	screenshot(t, p, "hub-"+user+"-login")
	click(t, p, "Sign in", "#login_submit")
	// The hub starts the server (a page with a progress bar), then sends
	// the browser to the server's JupyterLab, on part 1 (the config's
	// default_url).
	waitFor(t, p, "JupyterLab to open part 1 on "+user+"'s server", fmt.Sprintf(`location.pathname.startsWith('/user/%s/lab') &&
		window.jupyterapp && jupyterapp.shell && jupyterapp.shell.currentWidget && jupyterapp.shell.currentWidget.context &&
		jupyterapp.shell.currentWidget.context.path === 'littlegrad/littlegrad-part1-engine.ipynb' &&
		jupyterapp.shell.currentWidget.context.isReady && jupyterapp.shell.currentWidget.content.widgets.length > 0`, user), 3*time.Minute)
	captureWindow(t, p, "hub-"+user+"-lab")
	// runPart1 opens part 1 in a tab of its own.
	nctx, ncancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer ncancel()
	if err := chromedp.Do(nctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
}

// hubServers returns the users whose servers the hub says are running or
// starting, asking its REST API with token.
func hubServers(t *testing.T, base, token string) []string {
	t.Helper()
	req, err := http.NewRequest("GET", base+"/hub/api/users", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "token "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /hub/api/users: %d %s", resp.StatusCode, body)
	}
	var users []struct {
		Name    string         `json:"name"`
		Servers map[string]any `json:"servers"`
	}
	if err := json.Unmarshal(body, &users); err != nil {
		t.Fatalf("GET /hub/api/users: %v\n%s", err, body)
	}
	var running []string
	for _, u := range users {
		if len(u.Servers) > 0 {
			running = append(running, u.Name)
		}
	}
	return running
}

// stopGroup ends cmd, started with Setpgid, and all its process group: a
// SIGTERM, then, if they have not exited within grace, a SIGKILL.
func stopGroup(cmd *exec.Cmd, grace time.Duration) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}
