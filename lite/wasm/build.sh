#!/bin/bash
# Builds the browser kernel's WebAssembly module, lite/dist/littlegrad.wasm,
# and copies Go's wasm_exec.js beside it. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."                    # lite/
out=${1:-dist}
mkdir -p "$out" wasm/exportdata
export GOOS=js GOARCH=wasm
# The export data of the packages cells may import, for go/types.
rm -f wasm/exportdata/*.x
GOOS= GOARCH= go run ./wasm/exportlist wasm/exportdata
# With the kernel's tag, display's renderer asks JavaScript's graphviz
# (display/internal/render/browser.go).
go build -trimpath -ldflags=-s -tags littlegrad_kernel -o "$out/littlegrad.wasm" ./wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/"
