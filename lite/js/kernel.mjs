// The browser kernel's JavaScript side, the same in a web worker and in
// Node: it loads Go's wasm_exec.js, graphviz compiled to WebAssembly
// (@hpcc-js/wasm-graphviz) and the Go module (lite/wasm), then runs cells
// with run(code[, onOutput]), which gives the cell's outputs as Jupyter
// would show them: streams, displays (taken out of the standard output, where
// littlegrad's display package writes them in band, see internal/inband)
// and the error, if the cell failed.

import { Graphviz } from "@hpcc-js/wasm-graphviz";

const ESC_START = "\x1b]littlegrad-display;";
const BEL = "\x07";

// splitter turns what a cell writes to file descriptors 1 and 2, chunk by
// chunk and in order, into Jupyter's outputs, handed to emit as they are
// complete: text of a stream as it comes, and each display in the standard
// output (in band, between ESC_START and BEL) as a display_data output in
// its place. end flushes what is held back: a partial character, or what
// may be the start of a display.
export function splitter(emit) {
  const dec = { 1: new TextDecoder(), 2: new TextDecoder() };
  const text = (name, s) => {
    if (s !== "") emit({ output_type: "stream", name, text: s });
  };
  let held = "";
  const stdout = (s) => {
    held += s;
    for (;;) {
      const i = held.indexOf(ESC_START);
      if (i < 0) {
        // Keep what may be the start of a display for the next chunk.
        let keep = 0;
        for (let k = 1; k < ESC_START.length && k <= held.length; k++) {
          if (ESC_START.startsWith(held.slice(held.length - k))) keep = k;
        }
        text("stdout", held.slice(0, held.length - keep));
        held = held.slice(held.length - keep);
        return;
      }
      const j = held.indexOf(BEL, i);
      text("stdout", held.slice(0, i));
      if (j < 0) {
        held = held.slice(i);
        return;
      }
      const data = JSON.parse(held.slice(i + ESC_START.length, j));
      emit({ output_type: "display_data", data, metadata: {} });
      held = held.slice(j + 1);
    }
  };
  return {
    write(fd, bytes) {
      const s = dec[fd].decode(bytes, { stream: true });
      if (fd === 1) stdout(s);
      else text("stderr", s);
    },
    end() {
      text("stderr", dec[2].decode());
      stdout(dec[1].decode());
      text("stdout", held);
      held = "";
    },
  };
}

// merge joins consecutive text of one stream into one output.
function merge(list) {
  const out = [];
  for (const o of list) {
    const last = out[out.length - 1];
    if (o.output_type === "stream" && last && last.output_type === "stream" && last.name === o.name) last.text += o.text;
    else out.push({ ...o });
  }
  return out;
}

// render lays out display's jobs (display/internal/render.Job, as JSON)
// with graphviz, and returns the drawings' JSON (render.Drawing).
function renderer(gv) {
  return (jobsJSON) => {
    const jobs = JSON.parse(jobsJSON);
    return JSON.stringify(jobs.map((job) => {
      if (job.written && job.grads) {
        return { err: "display: GradColors on DOT text you wrote is not supported in the browser kernel yet: use display.Show with GradColors, or ShowDOT without it" };
      }
      let svg;
      try {
        svg = gv.layout(job.dot, "svg", "dot");
      } catch (e) {
        return { err: "display: graphviz cannot read the DOT text: " + String(e.message || e).trim() };
      }
      const d = { svg };
      if (job.written) { // what display reports of it; render's browser.go checks the counts
        d.nodes = (svg.match(/<g id="node\d+" class="node"/g) || []).length;
        d.edges = (svg.match(/<g id="edge\d+" class="edge"/g) || []).length;
        const m = svg.match(/<g id="graph0" class="graph"[^>]*>\s*<title>([^<]*)<\/title>/);
        if (m) d.name = m[1].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(+n)).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
      }
      return d;
    }));
  };
}

// startKernel loads everything and returns the kernel. wasm is the Go
// module's bytes (an ArrayBuffer or a Response); wasmExec is the URL of
// Go's wasm_exec.js, for import().
export async function startKernel({ wasm, wasmExec }) {
  // Where the module's writes go: while a cell runs, to run's splitter;
  // else (a goroutine a cell left running) to the console.
  const idle = (fd, bytes) => (fd === 2 ? console.error : console.log)(new TextDecoder().decode(bytes));
  let sink = idle;
  const write = (fd, buf) => sink(fd, buf);
  // wasm_exec.js writes through globalThis.fs; the one it would define
  // writes to the console. Ours keeps a cell's output.
  const enosys = () => {
    const e = new Error("not implemented");
    e.code = "ENOSYS";
    return e;
  };
  globalThis.fs = {
    constants: { O_WRONLY: -1, O_RDWR: -1, O_CREAT: -1, O_TRUNC: -1, O_APPEND: -1, O_EXCL: -1, O_DIRECTORY: -1 },
    writeSync(fd, buf) {
      if (fd !== 1 && fd !== 2) throw enosys();
      write(fd, buf);
      return buf.length;
    },
    write(fd, buf, offset, length, position, callback) {
      if (offset !== 0 || length !== buf.length || position !== null || (fd !== 1 && fd !== 2)) {
        callback(enosys());
        return;
      }
      write(fd, buf);
      callback(null, length);
    },
    chmod(path, mode, callback) { callback(enosys()); },
    chown(path, uid, gid, callback) { callback(enosys()); },
    close(fd, callback) { callback(enosys()); },
    fchmod(fd, mode, callback) { callback(enosys()); },
    fchown(fd, uid, gid, callback) { callback(enosys()); },
    fstat(fd, callback) { callback(enosys()); },
    fsync(fd, callback) { callback(null); },
    ftruncate(fd, length, callback) { callback(enosys()); },
    lchown(path, uid, gid, callback) { callback(enosys()); },
    link(path, link, callback) { callback(enosys()); },
    lstat(path, callback) { callback(enosys()); },
    mkdir(path, perm, callback) { callback(enosys()); },
    open(path, flags, mode, callback) { callback(enosys()); },
    read(fd, buffer, offset, length, position, callback) { callback(enosys()); },
    readdir(path, callback) { callback(enosys()); },
    readlink(path, callback) { callback(enosys()); },
    rename(from, to, callback) { callback(enosys()); },
    rmdir(path, callback) { callback(enosys()); },
    stat(path, callback) { callback(enosys()); },
    symlink(path, link, callback) { callback(enosys()); },
    truncate(path, length, callback) { callback(enosys()); },
    unlink(path, callback) { callback(enosys()); },
    utimes(path, atime, mtime, callback) { callback(enosys()); },
  };
  if (!globalThis.process) {
    globalThis.process = {
      getuid() { return -1; }, getgid() { return -1; }, geteuid() { return -1; }, getegid() { return -1; },
      getgroups() { throw enosys(); }, pid: -1, ppid: -1, umask() { throw enosys(); },
      cwd() { throw enosys(); }, chdir() { throw enosys(); },
    };
  }
  const t0 = performance.now();
  // A bundle (the site's web worker) has loaded wasm_exec.js already.
  if (typeof globalThis.Go !== "function") await import(/* webpackIgnore: true */ wasmExec);
  const gv = await Graphviz.load();
  globalThis.littlegradRender = renderer(gv);
  const go = new globalThis.Go();
  // display's packages show drawings only in a notebook (GONB_PIPE), and
  // in band (LITTLEGRAD_INBAND), as in the littlegrad kernel.
  go.env = { GONB_PIPE: "browser", LITTLEGRAD_INBAND: "1", HOME: "/", TMPDIR: "/tmp" };
  const ready = new Promise((resolve) => { globalThis.littlegradReady = resolve; });
  const bytes = wasm instanceof Response ? await wasm.arrayBuffer() : wasm;
  const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
  const exited = go.run(instance);
  await Promise.race([ready, exited.then(() => { throw new Error("the Go module exited as it started"); })]);
  const api = globalThis.littlegrad;
  const startMs = performance.now() - t0;
  return {
    startMs,
    graphvizVersion: gv.version(),
    // run runs one cell and returns { outputs, error } (error: {ename,
    // evalue, traceback} as Jupyter's error output, or undefined). With
    // onOutput, the cell's streams and displays go to it as the cell runs
    // (text gathered for a tenth of a second at most) and outputs holds
    // only the error; a web worker can post them while its Go runs on.
    run(code, onOutput) {
      const out = [];
      let pending = [], last = performance.now();
      const flush = () => {
        for (const o of merge(pending)) (onOutput ? onOutput(o) : out.push(o));
        pending = [];
        last = performance.now();
      };
      const split = splitter((o) => {
        pending.push(o);
        if (onOutput && (o.output_type === "display_data" || performance.now() - last > 100)) flush();
      });
      sink = (fd, bytes) => split.write(fd, bytes); // it decodes them at once
      let res;
      try {
        res = api.run(code);
      } finally {
        sink = idle;
      }
      split.end();
      flush();
      let error;
      if (res.error !== undefined) {
        const evalue = res.error;
        error = { output_type: "error", ename: "ERROR", evalue, traceback: evalue.split("\n") };
        out.push(error);
      }
      return { outputs: out, error };
    },
    reset() { api.reset(); },
  };
}
