#!/usr/bin/env bash
# Makes requirements.txt, the lock file, from requirements.in: every package
# Jupyter needs pinned, for every Python from 3.10 (the oldest JupyterLab 4.6
# runs on) and every platform, with the hashes of all its files, so that
# `pip install --require-hashes` installs exactly these. Uses uv, at the
# version below, in a virtual environment of its own that it then deletes.
#
# usage: scripts/jupyter/lock.sh   (needs python3 and PyPI)
set -euo pipefail
cd "$(dirname "$0")"

uv_version=0.13.9
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check "uv==$uv_version"
"$tmp/venv/bin/uv" pip compile --quiet --universal --generate-hashes --python-version 3.10 \
	--no-header requirements.in -o requirements.txt
echo "requirements.txt: $(grep -c '^[a-z0-9]' requirements.txt) packages pinned"
