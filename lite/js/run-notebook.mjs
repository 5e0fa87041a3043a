// Runs every code cell of a notebook, in order, in the browser kernel under
// Node, and compares each cell's outputs with those stored in the notebook
// (which came from the littlegrad GoNB kernel): the text it printed, its
// error's text, and each display's HTML and text. Prints one line a cell,
// the differences, and the times; exits 1 if any cell differs.
//
//   node lite/js/run-notebook.mjs notebooks/littlegrad-part1-engine.ipynb [dist dir]

import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startKernel } from "./kernel.mjs";

const [nbPath, distArg] = process.argv.slice(2);
if (!nbPath) {
  console.error("usage: node run-notebook.mjs NOTEBOOK.ipynb [DIST]");
  process.exit(2);
}
const dist = resolve(distArg || new URL("../dist", import.meta.url).pathname);
const nb = JSON.parse(readFileSync(nbPath, "utf8"));
const text = (s) => (Array.isArray(s) ? s.join("") : s || "");

const kernel = await startKernel({
  wasm: readFileSync(resolve(dist, "littlegrad.wasm")),
  wasmExec: pathToFileURL(resolve(dist, "wasm_exec.js")).href,
});
console.log(`kernel started in ${kernel.startMs.toFixed(0)} ms (graphviz ${kernel.graphvizVersion})`);

// summary reduces outputs to what is compared: the streams' text, the
// error's text, the displays' HTML and text, in order.
function summary(outs) {
  let stream = "";
  const rest = [];
  for (const o of outs) {
    if (o.output_type === "stream") stream += text(o.text);
    else if (o.output_type === "error") rest.push({ error: o.evalue });
    else if (o.output_type === "display_data" || o.output_type === "execute_result") {
      rest.push({ html: text(o.data["text/html"]), plain: text(o.data["text/plain"]) });
    }
  }
  return { stream, rest };
}

let n = 0, differ = 0, total = 0;
const times = [];
for (const c of nb.cells) {
  if (c.cell_type !== "code") continue;
  n++;
  const t0 = performance.now();
  const { outputs } = kernel.run(text(c.source));
  const ms = performance.now() - t0;
  total += ms;
  times.push(ms);
  const got = summary(outputs), want = summary(c.outputs || []);
  const problems = [];
  if (got.stream !== want.stream) problems.push(`printed\n${got.stream}\nwhere GoNB printed\n${want.stream}`);
  if (got.rest.length !== want.rest.length) {
    problems.push(`gave ${got.rest.length} displays or errors where GoNB gave ${want.rest.length}: ${JSON.stringify(got.rest).slice(0, 600)}`);
  } else {
    got.rest.forEach((g, i) => {
      const w = want.rest[i];
      if (g.error !== w.error) problems.push(`failed with\n${g.error}\nwhere GoNB said\n${w.error}`);
      if (g.plain !== w.plain && g.error === undefined && w.error === undefined) problems.push(`display ${i + 1}'s text is ${JSON.stringify(g.plain)} where GoNB's is ${JSON.stringify(w.plain)}`);
      if (g.html !== w.html && g.html !== undefined && w.html !== undefined) {
        problems.push(`display ${i + 1}'s HTML differs (${g.html.length} bytes, GoNB's ${w.html.length})`);
        if (process.env.LITE_DUMP) { // the two HTMLs, to compare
          writeFileSync(`${process.env.LITE_DUMP}/cell${n}-${i + 1}-browser.html`, g.html);
          writeFileSync(`${process.env.LITE_DUMP}/cell${n}-${i + 1}-gonb.html`, w.html);
        }
      }
    });
  }
  console.log(`cell ${n}: ${ms.toFixed(1)} ms ${problems.length ? "DIFFERS" : "same"}`);
  for (const p of problems) console.log("  " + p.replace(/\n/g, "\n  "));
  if (problems.length) differ++;
}
times.sort((a, b) => a - b);
console.log(`${n} cells in ${total.toFixed(0)} ms (median ${times[Math.floor(n / 2)].toFixed(1)} ms, slowest ${times[n - 1].toFixed(1)} ms); ${differ} differ`);
process.exit(differ ? 1 : 0);
