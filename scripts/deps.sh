#!/usr/bin/env bash
# Installs what littlegrad's commands need on a Debian or Ubuntu machine, and
# only what is missing: Jupyter from Debian's packages (PyPI is not needed),
# and for the tests also Chromium. Go 1.26 must already be installed (Debian's
# own Go is too old): https://go.dev/dl/.
#
# usage: scripts/deps.sh tutorial|test
set -euo pipefail

case "${1:-}" in
tutorial) packages=(jupyter-notebook jupyter-nbconvert python3-nbclient) ;;
test) packages=(jupyter-notebook jupyter-nbconvert python3-nbclient chromium) ;;
*)
	echo "usage: scripts/deps.sh tutorial|test" >&2
	exit 2
	;;
esac

if ! command -v go >/dev/null; then
	echo "littlegrad needs Go 1.26 or newer, and the go command is not on PATH: see https://go.dev/dl/" >&2
	exit 1
fi
goversion=$(go env GOVERSION)
case "$goversion" in
go1.2[6-9]* | go1.[3-9]* | go[2-9]*) ;;
*)
	echo "littlegrad needs Go 1.26 or newer; this go is $goversion: see https://go.dev/dl/" >&2
	exit 1
	;;
esac

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if ! command -v apt-get >/dev/null; then
		echo "These are missing and this is not a Debian-like system: ${missing[*]}" >&2
		echo "Install Jupyter Notebook, nbconvert and nbclient (and Chromium for the tests) yourself." >&2
		exit 1
	fi
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "Installing from Debian's packages: ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
