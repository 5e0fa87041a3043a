#!/usr/bin/env bash
# Runs every test of littlegrad: formatting, go vet, and the Go tests with the
# race detector. The Go tests include the end-to-end ones in tests/, which
# install the Jupyter kernel into a scratch folder and run the notebooks through
# Jupyter clients and Chromium. Installs Jupyter and Chromium from Debian's
# packages first if they are missing.
set -euo pipefail
cd "$(dirname "$0")"

scripts/deps.sh test

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change these files (run gofmt -w):"
	echo "$unformatted"
	exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 -timeout=20m ./...
