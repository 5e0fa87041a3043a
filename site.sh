#!/usr/bin/env bash
# Builds the tutorial as a static site (JupyterLite): JupyterLab and the
# three notebooks, with a Go kernel that runs the cells in the browser, so a
# learner needs only a link. Any static file server can serve it, for
# example `python3 -m http.server -d out/site`; then open
# http://localhost:8000/lab/index.html?path=littlegrad-part1-engine.ipynb
#
# usage: ./site.sh [OUT]   (default out/site)
#
# Everything it installs is pinned and hash-checked: jupyterlite-core by
# scripts/jupyter/requirements.txt (in the checkout's .venv), the kernel's
# npm packages by lite/kernel/package-lock.json. Needs Go 1.26 and Node.js
# (scripts/deps.sh site installs Node.js on Debian).
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$root/out/site}")
cd "$root"
bash scripts/deps.sh site

# Jupyter, with jupyterlite-core and JupyterLab's extension builder's core
# package list, from the lock.
bin=$(LITTLEGRAD_JUPYTER=venv bash scripts/jupyter.sh tutorial)
staging=$("$bin/python" -c 'import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging"))')

# quiet runs a command, showing its output only if it fails.
quiet() {
	local out
	if ! out=$("$@" 2>&1); then
		echo "$out" >&2
		echo "site.sh: failed: $*" >&2
		exit 1
	fi
}

# The Go module, for the browser, and Go's loader for it.
kernel=lite/kernel
quiet bash lite/wasm/build.sh "$root/$kernel/wasm"

# The kernel, as a JupyterLab extension.
cd "$kernel"
quiet npm ci --no-audit --no-fund
quiet npx tsc
rm -rf labextension
quiet node node_modules/@jupyterlab/builder/lib/build-labextension.js --core-path "$staging" .
cd "$root"

# The site.
rm -rf "$out"
work=$(mktemp -d) # for jupyter lite build's own state
trap 'rm -rf "$work"' EXIT
cd "$work"
quiet "$bin/jupyter" lite build --lite-dir "$root/lite/site" --output-dir "$out" \
	--LiteBuildConfig.federated_extensions="$root/$kernel/labextension" \
	--contents "$root"/notebooks/littlegrad-part1-engine.ipynb \
	--contents "$root"/notebooks/littlegrad-part2-training.ipynb \
	--contents "$root"/notebooks/littlegrad-part3-beyond.ipynb
cd "$root"
echo "The site is in $out: serve it with python3 -m http.server -d $out, and open"
echo "http://localhost:8000/lab/index.html?path=littlegrad-part1-engine.ipynb"
