// Bundles the page (src/) into build/littlegrad-lab/ with esbuild: one
// script, one style sheet and the fonts they use, served by the Jupyter
// server the browser tests start.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

const out = 'build/littlegrad-lab';
rmSync('build', { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/index.js'],
  bundle: true,
  format: 'iife',
  target: 'chrome110',
  minify: true,
  sourcemap: true,
  outdir: out,
  loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning'
});
copyFileSync('src/index.html', `${out}/index.html`);
