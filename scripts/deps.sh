#!/usr/bin/env bash
# Installs what littlegrad's commands need from Debian's packages, and only
# what is missing. Jupyter is not among them: it comes from PyPI, pinned, as
# learners have it (scripts/jupyter.sh finds it or makes it). Go 1.26 must
# already be installed (Debian's own Go is too old): https://go.dev/dl/.
#
# usage: scripts/deps.sh tutorial|test|venv|docker|site
#
# ./tutorial.sh runs it with "tutorial", ./test.sh and .ci/run with "test",
# scripts/jupyter.sh with "venv" before it makes a virtual environment, and
# the Docker image with "docker", ./site.sh with "site".
set -euo pipefail

# The one list of what littlegrad needs from Debian, one package a line:
#
#   package  when  [a command that, when it succeeds, shows the need is met]
#
# "when" is "tutorial" (./tutorial.sh, and so also the tests), "test"
# (./test.sh and CI, which also need what "site" needs),
# "venv" (Python's venv and pip, to make a virtual environment for
# Jupyter) or "docker" (the Docker image: Python for Jupyter's virtual
# environment, and its init process) or "site" (./site.sh: Node.js builds
# the browser kernel, a JupyterLab extension; it also runs JupyterHub's
# proxy in the hub test). A package is
# installed when dpkg does not have it and its command, if it has one, fails.
packages='
chromium                     test
podman                       test      podman --version
runc                         test      runc --version
debootstrap                  test      debootstrap --version
nodejs                       site      node --version
npm                          site      npm --version
python3-venv                 venv      python3 -c "import ensurepip, venv"
python3-venv                 docker
tini                         docker
'

usage() {
	echo "usage: scripts/deps.sh tutorial|test|venv|docker|site" >&2
	exit 2
}
[ $# -eq 1 ] || usage
case "$1" in
tutorial) wanted=(tutorial) ;;
test) wanted=(tutorial test site) ;;
venv) wanted=(venv) ;;
docker) wanted=(docker) ;;
site) wanted=(site) ;;
*) usage ;;
esac

# go_ok says whether GOVERSION (go1.26.8, go1.27rc1, devel go1.28-abc...) is
# Go 1.26 or newer.
go_ok() {
	local v=${1#devel }
	[[ $v =~ ^go([0-9]+)\.([0-9]+) ]] || return 1
	local major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
	((major > 1 || (major == 1 && minor >= 26)))
}
if ! command -v go >/dev/null; then
	echo "littlegrad needs Go 1.26 or newer, and the go command is not on PATH: see https://go.dev/dl/" >&2
	exit 1
fi
goversion=$(go env GOVERSION)
if ! go_ok "$goversion"; then
	echo "littlegrad needs Go 1.26 or newer; this go is $goversion: see https://go.dev/dl/" >&2
	exit 1
fi

missing=()
while read -r package when check; do
	[ -n "$package" ] || continue
	[[ " ${wanted[*]} " == *" $when "* ]] || continue
	if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
		continue
	fi
	if [ -n "$check" ] && bash -c "$check" >/dev/null 2>&1; then
		continue
	fi
	missing+=("$package")
done <<<"$packages"
[ ${#missing[@]} -gt 0 ] || exit 0

if ! command -v apt-get >/dev/null; then
	echo "littlegrad needs these, which this machine lacks, and it is not a Debian-like system:" >&2
	echo "  ${missing[*]}" >&2
	echo "Install their equivalents yourself: Python 3.10 or newer with venv and pip, and for the tests" >&2
	echo "Chromium (at /usr/bin/chromium), and podman with runc and debootstrap for the Docker image." >&2
	exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "Installing from Debian's packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
