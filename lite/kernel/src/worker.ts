// The worker: it starts the browser kernel (lite/js/kernel.mjs: Go's
// wasm_exec.js, graphviz and the Go module), then runs cells one at a
// time, and sends each cell's outputs to the kernel (kernel.ts) as they
// come. A cell that never ends holds the worker until the kernel restarts,
// which ends the worker.
import '../wasm/wasm_exec.js';
// @ts-ignore: JavaScript, shared with the tests that run it under Node.
import { startKernel } from '../../js/kernel.mjs';

import type { IRun, Reply } from './protocol';

const post = (r: Reply) => (self as any).postMessage(r);

const started = (async () =>
  startKernel({
    wasm: await fetch(new URL('../wasm/littlegrad.wasm', import.meta.url)),
    wasmExec: '' // loaded above
  }))();
started.then(
  () => post({ kind: 'ready' }),
  (e: Error) => post({ kind: 'failed', error: 'the Go module did not start: ' + e.message })
);

self.onmessage = async (e: MessageEvent<IRun>) => {
  const kernel = await started;
  const id = e.data.id;
  // The outputs go to the page as the cell makes them: postMessage
  // delivers while the Go module runs on.
  const { error } = kernel.run(e.data.code, (o: any) => {
    if (o.output_type === 'stream') {
      post({ id, kind: 'stream', name: o.name, text: o.text });
    } else if (o.output_type === 'display_data') {
      post({ id, kind: 'display', data: o.data });
    }
  });
  post(error ? { id, kind: 'done', error: { ename: error.ename, evalue: error.evalue, traceback: error.traceback } } : { id, kind: 'done' });
};
