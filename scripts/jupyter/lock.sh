#!/usr/bin/env bash
# Makes requirements.txt, the lock file, from requirements.in: every package
# Jupyter needs pinned, for every Python from 3.10 (the oldest JupyterLab 4.6
# runs on) and every platform, with the hashes of all its files, so that an
# install with --require-hashes installs exactly these; and uv.txt from
# uv.in, uv pinned likewise, which scripts/jupyter.sh installs them with.
# Uses uv, at uv.in's version, in a virtual environment of its own that it
# then deletes.
#
# usage: scripts/jupyter/lock.sh   (needs python3 and PyPI)
set -euo pipefail
cd "$(dirname "$0")"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check -r uv.in
for name in uv requirements; do
	"$tmp/venv/bin/uv" pip compile --quiet --universal --generate-hashes --python-version 3.10 \
		--no-header "$name.in" -o "$name.txt"
	echo "$name.txt: $(grep -c '^[a-z0-9]' "$name.txt") packages pinned"
done
