#!/usr/bin/env bash
# Runs every test of littlegrad: formatting, tidy go.mod files, go vet, and the
# Go tests with the race detector, in both modules. The Go tests include the
# end-to-end ones in tests/ (a module of its own), which install the Jupyter
# kernel into a scratch folder and run the notebooks through Jupyter clients
# (a Go client over ZeroMQ, nbconvert, jupyter console, Jupyter's kernel test
# suite), JupyterLab and Notebook 7 in Chromium, and build and run the Docker
# image with podman. Installs what is missing first: Chromium, podman, ...
# from Debian's packages (scripts/deps.sh), and Jupyter, pinned, into .venv
# where there is none recent enough on PATH (scripts/jupyter.sh).
set -euo pipefail
cd "$(dirname "$0")"

scripts/deps.sh test
jupyter_bin=$(scripts/jupyter.sh test)
export PATH="$jupyter_bin:$PATH"
echo "== the Jupyter the tests use: $jupyter_bin/jupyter"
jupyter --version

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change these files (run gofmt -w):"
	echo "$unformatted"
	exit 1
fi

# Three modules: the library (with the kernel and the command); tests/, the
# end-to-end tests, whose dependencies (chromedp, buildkit, zmq4) a program
# that imports littlegrad should not inherit; and lite/, the browser kernel
# (the yaegi interpreter), likewise.
modules=(. tests lite)

echo "== go mod tidy -diff"
for m in "${modules[@]}"; do
	(cd "$m" && go mod tidy -diff) || {
		echo "go.mod or go.sum in $m is not tidy: run go mod tidy there" >&2
		exit 1
	}
done

echo "== go vet"
for m in "${modules[@]}"; do
	(cd "$m" && go vet ./...)
done
# Notebook cells build with this tag (the kernel's renderer draws for them).
go vet -tags littlegrad_kernel ./display/... ./cmd/...
# And the browser kernel's, compiled to WebAssembly (lite/).
GOOS=js GOARCH=wasm go vet -tags littlegrad_kernel ./display/...
(cd lite && GOOS=js GOARCH=wasm go vet -tags littlegrad_kernel ./wasm)

# The Docker image test runs on its own, verbose, beside the others: it
# builds the image with podman for minutes, and the others leave the cores
# idle much of the time (browsers, kernels starting), so together they take
# less time than one after the other. Where podman cannot run, it says why
# it skips. Its output comes after the others'.
echo "== go test -race, and the Docker image (podman) beside it"
docker_log=$(mktemp)
(cd tests && exec go test -race -count=1 -timeout=40m -run '^TestDockerImage$' -v . >"$docker_log" 2>&1) &
docker_pid=$!
trap 'kill "$docker_pid" 2>/dev/null || true; rm -f "$docker_log"' EXIT
for m in "${modules[@]}"; do
	(cd "$m" && go test -race -count=1 -timeout=20m -skip '^TestDockerImage$' ./...)
done
echo "== the Docker image (podman)"
docker_status=0
wait "$docker_pid" || docker_status=$?
cat "$docker_log"
exit "$docker_status"
