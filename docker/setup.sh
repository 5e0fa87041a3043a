#!/usr/bin/env bash
# The image's one step as root: Jupyter from Debian's packages (the same
# scripts/deps.sh that ./tutorial.sh and ./test.sh use), with tini, the
# image's init, and the user "learner" (uid 1000) who runs Jupyter; with
# JUPYTERLAB=true, also JupyterLab from PyPI (untested: our CI cannot reach
# PyPI).
#
# Only Debian's required packages, not the recommended ones (pandoc, Boost,
# SciPy, SymPy, ...: they would make this layer 1.19 GB instead of 273 MB, and
# the notebooks need none of them), and no apt lists or downloaded .debs are
# left behind.
set -euo pipefail
cd "$(dirname "$0")/.."

norecommends=/etc/apt/apt.conf.d/90littlegrad-no-recommends
echo 'APT::Install-Recommends "false";' >"$norecommends"
scripts/deps.sh docker

if ! id learner >/dev/null 2>&1; then
	useradd --uid 1000 --create-home --home-dir /home/learner --shell /bin/bash learner
fi

if [ "${JUPYTERLAB:-false}" = true ]; then
	apt-get install -y -qq python3-pip >/dev/null
	pip3 install --no-cache-dir --break-system-packages jupyterlab
fi
rm -f "$norecommends"
apt-get clean
rm -rf /var/lib/apt/lists/*
