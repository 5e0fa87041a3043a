// The browser kernel's JavaScript side, the same in a web worker and in
// Node: it loads Go's wasm_exec.js, graphviz compiled to WebAssembly
// (@hpcc-js/wasm-graphviz) and the Go module (lite/wasm), then runs cells
// with run(code), which returns the cell's outputs as Jupyter would show
// them: streams, displays (taken out of the standard output, where
// littlegrad's display package writes them in band, see internal/inband)
// and the error, if the cell failed.

import { Graphviz } from "@hpcc-js/wasm-graphviz";

const ESC_START = "\x1b]littlegrad-display;";
const BEL = "\x07";

// outputs turns what a cell wrote to file descriptors 1 and 2, in order,
// into Jupyter's outputs: consecutive text of one stream is one output,
// and each display in the standard output becomes a display_data output
// in its place.
export function outputs(chunks) {
  const out = [];
  const text = (name, s) => {
    if (s === "") return;
    const last = out[out.length - 1];
    if (last && last.output_type === "stream" && last.name === name) last.text += s;
    else out.push({ output_type: "stream", name, text: s });
  };
  const dec = new TextDecoder();
  let held = "";
  for (const { fd, bytes } of chunks) {
    const s = dec.decode(bytes, { stream: true });
    if (fd !== 1) {
      text("stderr", s);
      continue;
    }
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
        break;
      }
      const j = held.indexOf(BEL, i);
      if (j < 0) {
        text("stdout", held.slice(0, i));
        held = held.slice(i);
        break;
      }
      text("stdout", held.slice(0, i));
      const data = JSON.parse(held.slice(i + ESC_START.length, j));
      out.push({ output_type: "display_data", data, metadata: {} });
      held = held.slice(j + 1);
    }
  }
  text("stdout", held);
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
      if (job.written) {
        d.nodes = (svg.match(/<g id="node\d+" class="node"/g) || []).length;
        d.edges = (svg.match(/<g id="edge\d+" class="edge"/g) || []).length;
        const m = svg.match(/<g id="graph0" class="graph"[^>]*>\s*<title>([^<]*)<\/title>/);
        if (m) d.name = m[1].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(+n)).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
        const max = job.max_nodes || 1500;
        if (d.nodes > 2 * max) return { err: `display: the DOT text has ${d.nodes} nodes, more than the ${2 * max} littlegrad draws` };
      }
      return d;
    }));
  };
}

// startKernel loads everything and returns the kernel. wasm is the Go
// module's bytes (an ArrayBuffer or a Response); wasmExec is the URL of
// Go's wasm_exec.js, for import().
export async function startKernel({ wasm, wasmExec }) {
  const chunks = [];
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
      chunks.push({ fd, bytes: buf.slice() });
      return buf.length;
    },
    write(fd, buf, offset, length, position, callback) {
      if (offset !== 0 || length !== buf.length || position !== null || (fd !== 1 && fd !== 2)) {
        callback(enosys());
        return;
      }
      chunks.push({ fd, bytes: buf.slice() });
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
    // evalue, traceback} as Jupyter's error output, or undefined).
    run(code) {
      chunks.length = 0;
      const res = api.run(code);
      const out = outputs(chunks);
      chunks.length = 0;
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
