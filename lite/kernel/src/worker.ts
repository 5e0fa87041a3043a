// The worker: it loads graphviz and the Go module, then runs cells one at
// a time. The Go module (lite/main.go) registers littlegrad.run; what a cell
// writes to its standard output and error comes here through the fs object
// that Go's wasm_exec.js writes with, and its drawings through
// littlegradDisplay; graphviz lays graphs out for it in littlegradLayout.
import '../wasm/wasm_exec.js';
import { Graphviz } from '@hpcc-js/wasm-graphviz';

import type { IRun, Reply } from './protocol';

declare const Go: any;
const g = globalThis as any;
const post = (r: Reply) => (self as any).postMessage(r);

let cell = 0; // the id of the cell running
const decoders = [new TextDecoder(), new TextDecoder()];
g.fs.writeSync = (fd: number, buf: Uint8Array): number => {
  const text = decoders[fd === 2 ? 1 : 0].decode(buf, { stream: true });
  if (text !== '') {
    post({ id: cell, kind: 'stream', name: fd === 2 ? 'stderr' : 'stdout', text });
  }
  return buf.length;
};
g.littlegradDisplay = (html: string, text: string) => {
  post({ id: cell, kind: 'display', data: { 'text/html': html, 'text/plain': text } });
};

async function start(): Promise<void> {
  const graphviz = await Graphviz.load();
  g.littlegradLayout = (dot: string): string => graphviz.dot(dot);
  const go = new Go();
  const wasm = new URL('../wasm/littlegrad.wasm', import.meta.url);
  const { instance } = await WebAssembly.instantiateStreaming(fetch(wasm), go.importObject);
  go.run(instance); // returns at once: main waits for cells
  if (typeof g.littlegrad?.run !== 'function') {
    throw new Error('the Go module did not register littlegrad.run');
  }
}

const started = start().then(
  () => post({ kind: 'ready' }),
  (e: Error) => post({ kind: 'failed', error: 'the Go module did not start: ' + e.message })
);

self.onmessage = async (e: MessageEvent<IRun>) => {
  await started;
  cell = e.data.id;
  let error: string = g.littlegrad.run(e.data.code);
  for (const d of decoders) {
    d.decode(); // the end of a cell's output ends a character left open
  }
  post(
    error
      ? { id: cell, kind: 'done', error: { ename: 'error', evalue: error, traceback: [error] } }
      : { id: cell, kind: 'done' }
  );
};
