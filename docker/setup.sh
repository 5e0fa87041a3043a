#!/usr/bin/env bash
# The image's one step as root: Jupyter from Debian's packages (the same
# scripts/deps.sh that ./tutorial.sh and ./test.sh use), the user "learner"
# (uid 1000) who runs Jupyter, and, only with JUPYTERLAB=true, JupyterLab
# from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh tutorial

if ! id learner >/dev/null 2>&1; then
	useradd --uid 1000 --home-dir /home/learner --no-create-home --shell /bin/bash learner
fi
chown learner:learner /home/learner

if [ "${JUPYTERLAB:-false}" = true ]; then
	apt-get install -y -qq python3-pip >/dev/null
	pip3 install --no-cache-dir --break-system-packages jupyterlab
fi
rm -rf /var/lib/apt/lists/*
