#!/bin/bash
# Builds the browser kernel's WebAssembly module, lite/dist/littlegrad.wasm,
# and copies Go's wasm_exec.js beside it. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."                    # lite/
out=${1:-dist}
mkdir -p "$out" wasm/exportdata
export GOOS=js GOARCH=wasm
# The export data of the packages cells may import, for go/types.
rm -f wasm/exportdata/*
GOOS= GOARCH= go run ./wasm/exportlist wasm/exportdata
# display's renderer asks JavaScript's graphviz instead of running a command.
printf '{"Replace":{"%s":"%s"}}\n' "$(cd .. && pwd)/display/internal/render/kernel.go" "$PWD/wasm/overlay/render_kernel.go.txt" > wasm/overlay.json
go build -trimpath -ldflags=-s -tags littlegrad_kernel -overlay wasm/overlay.json -o "$out/littlegrad.wasm" ./wasm
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/"
