#!/usr/bin/env bash
# The image's first step as root: Debian's packages (Python's venv, for
# Jupyter's virtual environment, and tini, the image's init) from the same
# scripts/deps.sh that ./tutorial.sh and ./test.sh use; the user "learner"
# (uid 1000), who runs Jupyter; and the folders outside the home folder
# that the learner's tools write to, since a JupyterHub mounts a volume of
# the learner's over the home folder: Go's build cache (/opt/go-build).
#
# Only Debian's required packages, not the recommended ones, and no apt
# lists or downloaded .debs are left behind.
set -euo pipefail
cd "$(dirname "$0")/.."

norecommends=/etc/apt/apt.conf.d/90littlegrad-no-recommends
echo 'APT::Install-Recommends "false";' >"$norecommends"
scripts/deps.sh docker
rm -f "$norecommends"
apt-get clean
rm -rf /var/lib/apt/lists/*

if ! id learner >/dev/null 2>&1; then
	useradd --uid 1000 --create-home --home-dir /home/learner --shell /bin/bash learner
fi
install -d -o learner -g learner /opt/go-build
