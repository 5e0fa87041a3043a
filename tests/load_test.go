package tests

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/littlegrad/littlegrad/tests/internal/jupyter"
)

// A class on one machine: TestClassLoad has N learners run part 1's code
// cells at once, each on a kernel of their own, and reports what that costs
// them (cells' latency) and the machine (memory and CPU per learner, by
// program). It asserts no timing: it fails only when a cell does what it
// should not. LITTLEGRAD_LOAD picks the runs:
//
//	(unset)  N=1, then N=2, back to back: a short run, for CI
//	sweep    N=1, 2, 4, 8 back to back, then N=30 who wait between cells
//	a list   such as "1,8,30w": N learners, back to back, or with w waiting
//
// Learners who wait wait before each cell a time drawn from an exponential
// distribution of mean loadWait (reading, thinking, typing), seeded by the
// learner's number, so that two runs wait alike.
func TestClassLoad(t *testing.T) {
	if _, err := os.Stat("/proc/self/smaps_rollup"); err != nil {
		t.Skip("needs Linux's /proc, with smaps_rollup")
	}
	runs, err := loadRuns(os.Getenv("LITTLEGRAD_LOAD"))
	if err != nil {
		t.Fatal(err)
	}
	cells := part1Cells(t)
	var results []loadResult
	for _, r := range runs {
		res := runClass(t, r, cells)
		results = append(results, res)
		t.Logf("%s: done in %.0f s", r, res.wall.Seconds())
		if t.Failed() {
			break
		}
	}
	report := loadReport(results, len(cells))
	t.Log("\n" + report)
	if err := os.WriteFile(filepath.Join(artifactDir(t, ""), "load.txt"), []byte(report), 0o644); err != nil {
		t.Error(err)
	}
}

// loadWait is the mean of a waiting learner's pause before each cell.
const loadWait = 10 * time.Second

// loadRun is a class: n learners, who wait between cells or not.
type loadRun struct {
	n    int
	wait bool
}

func (r loadRun) String() string {
	if r.wait {
		return fmt.Sprintf("%d learners waiting ~%.0f s", r.n, loadWait.Seconds())
	}
	return fmt.Sprintf("%d learners back to back", r.n)
}

// loadRuns reads LITTLEGRAD_LOAD (see TestClassLoad).
func loadRuns(spec string) ([]loadRun, error) {
	switch spec {
	case "":
		spec = "1,2"
	case "sweep":
		spec = "1,2,4,8,30w"
	}
	var runs []loadRun
	for _, f := range strings.Split(spec, ",") {
		f = strings.TrimSpace(f)
		wait := strings.HasSuffix(f, "w")
		n, err := strconv.Atoi(strings.TrimSuffix(f, "w"))
		if err != nil || n < 1 || n > 200 {
			return nil, fmt.Errorf("LITTLEGRAD_LOAD=%q: want sweep, or a list such as 1,2,8,30w (N learners from 1 to 200, w: who wait between cells); %q is not one", spec, f)
		}
		runs = append(runs, loadRun{n, wait})
	}
	return runs, nil
}

// loadCell is a code cell of part 1 and its place in the notebook.
type loadCell struct {
	index int
	cell
}

func part1Cells(t *testing.T) []loadCell {
	var cells []loadCell
	for i, c := range readNotebook(t, filepath.Join(root, "notebooks", "littlegrad-part1-engine.ipynb")).Cells {
		if c.CellType == "code" {
			cells = append(cells, loadCell{i, c})
		}
	}
	if len(cells) == 0 {
		t.Fatal("part 1 has no code cell")
	}
	return cells
}

// loadResult is what a class measured.
type loadResult struct {
	run       loadRun
	latencies []time.Duration // every cell of every learner
	starts    []time.Duration // each kernel's start, to its first kernel_info_reply
	usage     []usage         // each learner's
	classPeak int64           // KiB, the largest sum over all learners' kernels at one sample
	wall      time.Duration
	load      [2]string // the load average before and after
	self      time.Duration
}

// runClass starts r.n kernels at once, has each learner run cells on theirs
// at once, and shuts the kernels down when all are done. A cell that fails
// fails the test, naming the learner, the cell and why, and ends that
// learner's run.
func runClass(t *testing.T, r loadRun, cells []loadCell) loadResult {
	res := loadResult{run: r}
	res.load[0] = loadAverage()
	var ru0 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	begin := time.Now()
	spec := kernelSpec(t, kernelDir, false)
	s := newSampler(r.n)
	stop := s.run(loadSampleEvery)

	kernels := make([]*jupyter.Kernel, r.n)
	lat := make([][]time.Duration, r.n)
	starts := make([]time.Duration, r.n)
	errs := make([]error, r.n)
	var wg sync.WaitGroup
	for i := range r.n {
		wg.Go(func() {
			dir := filepath.Join(t.TempDir(), fmt.Sprintf("learner%d", i))
			if errs[i] = os.Mkdir(dir, 0o755); errs[i] != nil {
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			t0 := time.Now()
			k, err := jupyter.Start(ctx, spec, dir)
			if err != nil {
				errs[i] = fmt.Errorf("starting the kernel: %v", err)
				return
			}
			starts[i] = time.Since(t0)
			kernels[i] = k
			s.watch(i, k.Pid())
			var wait func() time.Duration
			if r.wait {
				rng := rand.New(rand.NewPCG(uint64(i), 24))
				wait = func() time.Duration { return time.Duration(rng.ExpFloat64() * float64(loadWait)) }
			}
			lat[i], errs[i] = runLearner(k, cells, wait)
		})
	}
	wg.Wait()
	stop()
	res.wall = time.Since(begin)
	res.load[1] = loadAverage()
	var ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	res.self = time.Duration(syscall.TimevalToNsec(ru1.Utime) + syscall.TimevalToNsec(ru1.Stime) -
		syscall.TimevalToNsec(ru0.Utime) - syscall.TimevalToNsec(ru0.Stime))

	for i, k := range kernels {
		if errs[i] != nil {
			t.Errorf("%s: learner %d: %v", r, i, errs[i])
		}
		if k == nil {
			continue
		}
		res.latencies = append(res.latencies, lat[i]...)
		res.starts = append(res.starts, starts[i])
		res.usage = append(res.usage, s.usage[i])
	}
	res.classPeak = s.peak
	var shut sync.WaitGroup
	for i, k := range kernels {
		if k != nil {
			shut.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				if err := k.Shutdown(ctx); err != nil {
					t.Errorf("%s: learner %d: shutdown: %v", r, i, err)
				}
			})
		}
	}
	shut.Wait()
	return res
}

// runLearner runs cells on k in order, after wait() each if wait is not
// nil, and returns each cell's latency (execute_request to idle), or why a
// cell failed: one tagged raises-exception must fail, the others not.
func runLearner(k *jupyter.Kernel, cells []loadCell, wait func() time.Duration) ([]time.Duration, error) {
	var lat []time.Duration
	for _, c := range cells {
		if wait != nil {
			time.Sleep(wait())
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		r, err := k.Execute(ctx, string(c.Source))
		cancel()
		if err != nil {
			return lat, fmt.Errorf("cell %d: %v", c.index, err)
		}
		lat = append(lat, r.Elapsed)
		if problem := cellProblem(c.cell, r); problem != "" {
			return lat, fmt.Errorf("cell %d %s\nit printed:\n%s\nits code:\n%s", c.index, problem, r.Text(), c.Source)
		}
	}
	return lat, nil
}

// TestClassLoadFails checks that a learner's run fails on a cell that
// fails, and on a cell tagged raises-exception that does not.
func TestClassLoadFails(t *testing.T) {
	k := startKernel(t, t.TempDir())
	for _, tt := range []struct {
		code   string
		raises bool
		want   string
	}{
		{"%%\nvar s []int\nfmt.Println(s[1])", false, "index out of range [1] with length 0"},
		{"%%\nfmt.Println(1)", true, "cell 7 is tagged raises-exception but ran without error"},
	} {
		c := loadCell{7, cell{CellType: "code", Source: multiline(tt.code)}}
		if tt.raises {
			c.Metadata.Tags = []string{"raises-exception"}
		}
		_, err := runLearner(k, []loadCell{c}, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("running %q (raises-exception %v): error %v, want one that says %q", tt.code, tt.raises, err, tt.want)
		}
	}
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// The sampler reads, every loadSampleEvery, the CPU time of every process
// of each learner's kernel (the kernel's process and its descendants, by
// their parent's pid), and every loadMemoryEvery-th time their memory (PSS,
// which shares a page among the processes that map it). A process that
// exits between two samples is not lost: its parent's reaped-children time
// (cutime+cstime) grows by its whole time, which the sampler credits to the
// children it saw go, or, if it saw none, to an "unseen" program, or to
// their parent's program when that tells what they were (the go command's
// unseen children count as compile, though some link). Its memory is
// lost: it counts only at the samples.
const (
	loadSampleEvery = 100 * time.Millisecond
	loadMemoryEvery = 5
	clockTicks      = 100 // Linux's USER_HZ, the unit of /proc/PID/stat's times
)

// programs are the classes of a kernel's processes, as the report lists them.
var programs = []string{"kernel", "gonb", "gopls", "go", "compile", "link", "cell", "render", "other", "unseen"}

// usage is what a learner's kernel used.
type usage struct {
	cpu      map[string]int64 // clock ticks, by program
	exact    int64            // all ticks, from the live processes' own and reaped times, at the end
	peak     int64            // KiB, the largest sum over a sample
	peakProg map[string]int64 // KiB, each program's largest sum over a sample
}

type procKey struct {
	pid   int
	start string
}

// procStat is a line of /proc/PID/stat.
type procStat struct {
	key          procKey
	ppid         int
	comm         string
	self, reaped int64 // utime+stime, cutime+cstime
}

func readStat(pid int) (procStat, bool) {
	p, ok := readProc(pid)
	return procStat{key: procKey{pid, p.start}, ppid: p.ppid, comm: p.name, self: p.cpu, reaped: p.reaped}, ok
}

// tracked is a process of a learner's kernel, as the last sample saw it.
type tracked struct {
	procStat
	parent  procKey
	program string
}

type sampler struct {
	mu      sync.Mutex
	roots   []int // each learner's kernel pid, 0 until it starts
	seen    []map[procKey]*tracked
	usage   []usage
	classes map[procKey]string // by process and comm: a process may exec another
	ticks   int
	peak    int64 // KiB, the largest sum over all kernels at one sample
}

func newSampler(n int) *sampler {
	s := &sampler{roots: make([]int, n), seen: make([]map[procKey]*tracked, n), usage: make([]usage, n),
		classes: map[procKey]string{}}
	for i := range n {
		s.seen[i] = map[procKey]*tracked{}
		s.usage[i] = usage{cpu: map[string]int64{}, peakProg: map[string]int64{}}
	}
	return s
}

// watch starts sampling learner i's kernel, of process pid.
func (s *sampler) watch(i, pid int) {
	s.mu.Lock()
	s.roots[i] = pid
	s.mu.Unlock()
}

// run samples every d until the function it returns is called, which
// samples a last time and adds up each learner's usage.
func (s *sampler) run(d time.Duration) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(d)
		defer tick.Stop()
		for {
			s.sample()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		for i := range s.usage {
			u := &s.usage[i]
			for _, p := range s.seen[i] {
				u.cpu[p.program] += p.self
				u.exact += p.self + p.reaped
			}
		}
	}
}

// sample reads every process once, and each learner's kernel's processes.
func (s *sampler) sample() {
	s.mu.Lock()
	defer s.mu.Unlock()
	entries, _ := os.ReadDir("/proc")
	children := map[int][]procStat{}
	all := map[int]procStat{}
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			if p, ok := readStat(pid); ok {
				children[p.ppid] = append(children[p.ppid], p)
				all[pid] = p
			}
		}
	}
	memory := s.ticks%loadMemoryEvery == 0
	s.ticks++
	var class int64
	defer func() { s.peak = max(s.peak, class) }()
	for i, root := range s.roots {
		p, ok := all[root]
		if root == 0 || !ok {
			continue
		}
		now := map[procKey]*tracked{}
		kib := map[string]int64{}
		var walk func(p procStat, parent *tracked)
		walk = func(p procStat, parent *tracked) {
			tp := &tracked{procStat: p, program: s.classify(p, parent)}
			if parent != nil {
				tp.parent = parent.key
			}
			now[p.key] = tp
			if memory {
				kib[tp.program] += pss(p.key.pid)
			}
			for _, c := range children[p.key.pid] {
				walk(c, tp)
			}
		}
		walk(p, nil)
		s.account(i, now)
		if memory {
			u := &s.usage[i]
			var sum int64
			for prog, k := range kib {
				sum += k
				u.peakProg[prog] = max(u.peakProg[prog], k)
			}
			u.peak = max(u.peak, sum)
			class += sum
		}
	}
}

// account credits to learner i's programs the time of the processes that
// exited since the last sample, from what their parents reaped.
func (s *sampler) account(i int, now map[procKey]*tracked) {
	u, before := &s.usage[i], s.seen[i]
	for k, p := range now {
		if _, ok := before[k]; !ok {
			// What it reaped before it was first seen.
			u.cpu[p.program] += p.reaped
		}
	}
	gone := map[procKey][]*tracked{} // by parent
	for k, p := range before {
		if _, ok := now[k]; !ok {
			gone[p.parent] = append(gone[p.parent], p)
		}
	}
	for k, p := range now {
		prev, ok := before[k]
		if !ok {
			continue
		}
		reaped := p.reaped - prev.reaped
		kids := gone[k]
		if len(kids) == 0 {
			if reaped > 0 {
				u.cpu[unseenProgram(p.program)] += reaped
			}
			continue
		}
		// Each child's whole time is in reaped; split it among them by what
		// the last sample saw of each, and take away what they had
		// themselves reaped then, which was credited already.
		var w int64
		for _, c := range kids {
			w += c.self + c.reaped
		}
		for _, c := range kids {
			share := float64(reaped) / float64(len(kids))
			if w > 0 {
				share = float64(reaped) * float64(c.self+c.reaped) / float64(w)
			}
			u.cpu[c.program] += max(0, int64(share+0.5)-c.reaped)
		}
	}
	// The children of a process that went with them are in its time.
	s.seen[i] = now
}

// unseenProgram is what the children a process reaped unseen were.
func unseenProgram(parent string) string {
	switch parent {
	case "go":
		return "compile" // or link, asm, cgo: what the go command runs
	case "gopls", "cell", "render":
		return parent
	}
	return "unseen"
}

// classify names p's program, from its name, its command line, and its
// parent's program: what gopls runs (go list) is gopls's.
func (s *sampler) classify(p procStat, parent *tracked) string {
	key := procKey{p.key.pid, p.key.start + "/" + p.comm}
	if c, ok := s.classes[key]; ok {
		return c
	}
	c := "other"
	parentProg := ""
	if parent != nil {
		parentProg = parent.program
	}
	switch {
	case parentProg == "gopls":
		c = "gopls"
	case p.comm == "gopls" || strings.HasPrefix(p.comm, "setpriv") && strings.Contains(cmdline(p.key.pid), "gopls"):
		c = "gopls"
	case strings.HasPrefix(p.comm, "littlegrad-kern"):
		c = "kernel"
	case p.comm == "gonb":
		c = "gonb"
	case strings.HasPrefix(p.comm, "littlegrad-rend"):
		c = "render"
	case strings.HasPrefix(p.comm, "gonb_") || parentProg == "cell":
		c = "cell"
	case p.comm == "go":
		// The kernel's go command also starts a cell's program, and relays
		// its standard error (kernel/gocmd).
		c = "go"
		if cl := cmdline(p.key.pid); strings.Contains(cl, "-littlegrad-run-cell") || strings.Contains(cl, "-littlegrad-relay-stderr") {
			c = "cell"
		}
	case slices.Contains([]string{"compile", "asm", "cgo", "vet"}, p.comm):
		c = "compile"
	case p.comm == "link" || p.comm == "buildid":
		c = "link"
	case p.comm == "goimports":
		c = "go"
	case p.comm == "sh" && parentProg == "gonb" && strings.Contains(cmdline(p.key.pid), "gopls"):
		c = "gopls"
	}
	s.classes[key] = c
	return c
}

func cmdline(pid int) string {
	data, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	return string(bytes.ReplaceAll(data, []byte{0}, []byte{' '}))
}

// pss returns the proportional set size of process pid, in KiB, or 0.
func pss(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps_rollup")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "Pss:"); ok {
			v, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return v
		}
	}
	return 0
}

// loadReport is the table of results.
func loadReport(results []loadResult, cells int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "littlegrad class load: learners run part 1's %d code cells at once, each on a kernel of their own\n", cells)
	fmt.Fprintf(&b, "latency: execute_request to idle, over every cell of every learner (p95: nearest rank)\n")
	fmt.Fprintf(&b, "memory: PSS from /proc/PID/smaps_rollup of each kernel's processes every %v, summed: the peak per learner, and the class's (all kernels at one sample) over N\n", loadSampleEvery*loadMemoryEvery)
	fmt.Fprintf(&b, "CPU: /proc/PID/stat utime+stime sampled every %v; exited processes by their parent's cutime+cstime\n\n", loadSampleEvery)
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "class\tcells\tmedian s\tp95 s\tmax s\tkernel start s (max)\tpeak MiB/learner (max)\tclass's peak MiB/N\tCPU s/learner (max)\twall s\tload avg before\tafter\t")
	for _, r := range results {
		lat := slices.Sorted(slices.Values(r.latencies))
		starts := slices.Sorted(slices.Values(r.starts))
		var peaks, cpus []float64
		for _, u := range r.usage {
			peaks = append(peaks, float64(u.peak)/1024)
			cpus = append(cpus, float64(u.exact)/clockTicks)
		}
		slices.Sort(peaks)
		slices.Sort(cpus)
		fmt.Fprintf(w, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.1f (%.1f)\t%.0f (%.0f)\t%.0f\t%.1f (%.1f)\t%.0f\t%s\t%s\t\n", r.run, len(lat),
			pct(lat, 50).Seconds(), pct(lat, 95).Seconds(), pct(lat, 100).Seconds(),
			pct(starts, 50).Seconds(), pct(starts, 100).Seconds(),
			pctf(peaks, 50), pctf(peaks, 100), float64(r.classPeak)/1024/float64(r.run.n), pctf(cpus, 50), pctf(cpus, 100),
			r.wall.Seconds(), r.load[0], r.load[1])
	}
	w.Flush()

	fmt.Fprintf(&b, "\nby program, median over learners (memory: each program's own peak, so the columns add up to more than the peak above)\n")
	w = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "class\t")
	for _, p := range programs {
		fmt.Fprintf(w, "%s MiB\t", p)
	}
	for _, p := range programs {
		fmt.Fprintf(w, "%s CPU s\t", p)
	}
	fmt.Fprintln(w, "test's own CPU s\t")
	for _, r := range results {
		fmt.Fprintf(w, "%s\t", r.run)
		for _, p := range programs {
			var v []float64
			for _, u := range r.usage {
				v = append(v, float64(u.peakProg[p])/1024)
			}
			slices.Sort(v)
			fmt.Fprintf(w, "%.0f\t", pctf(v, 50))
		}
		for _, p := range programs {
			var v []float64
			for _, u := range r.usage {
				v = append(v, float64(u.cpu[p])/clockTicks)
			}
			slices.Sort(v)
			fmt.Fprintf(w, "%.1f\t", pctf(v, 50))
		}
		fmt.Fprintf(w, "%.1f\t\n", r.self.Seconds())
	}
	w.Flush()
	return b.String()
}

// pct returns the p-th percentile of sorted d, by nearest rank.
func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[max(0, (p*len(d)+99)/100-1)]
}

func pctf(v []float64, p int) float64 {
	if len(v) == 0 {
		return 0
	}
	return v[max(0, (p*len(v)+99)/100-1)]
}
