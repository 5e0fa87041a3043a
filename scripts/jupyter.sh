#!/usr/bin/env bash
# Finds the Jupyter that littlegrad's commands use, or makes it, and prints
# the folder of its jupyter command, for the caller to put first on PATH:
#
# - the jupyter on PATH, whatever installed it (pip, conda, Homebrew, a
#   virtual environment of yours), if it is recent enough (below); an older
#   one is refused with a message that says what to do;
# - where there is none, or with LITTLEGRAD_JUPYTER=venv, the checkout's
#   own: a virtual environment in .venv (git ignores it) holding exactly the
#   packages that the lock file scripts/jupyter/requirements.txt pins, each
#   checked against its hashes (by uv, itself pinned in uv.txt beside it),
#   and JupyterLab's settings for the kernel (littlegrad.json5 there); made
#   again when any of them changes.
#   LITTLEGRAD_VENV puts it elsewhere (the Docker image's is /opt/jupyter).
#
# What we support, and what the tests need on top (the lock's versions are
# the ones we test):
#   tutorial: jupyter_server 2, nbconvert 7, and JupyterLab 4 or Notebook 7
#   test:     also both JupyterLab 4 and Notebook 7, jupyter_client 8,
#             jupyter-console, and jupyter_kernel_test (Jupyter's kernel
#             test suite) in the same Python
#
# usage: scripts/jupyter.sh tutorial|test
# Messages go to stderr, the folder alone to stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

usage() {
	echo "usage: scripts/jupyter.sh tutorial|test" >&2
	exit 2
}
[ $# -eq 1 ] || usage
case "$1" in
tutorial | test) need=$1 ;;
*) usage ;;
esac

venv=${LITTLEGRAD_VENV:-$root/.venv}
lock=$root/scripts/jupyter/requirements.txt
uv=$root/scripts/jupyter/uv.txt
settings=$root/scripts/jupyter/littlegrad.json5

# python_of prints the Python interpreter that the jupyter command $1 runs
# on (it can be a script of pip's, conda's or Homebrew's: jupyter says).
python_of() {
	"$1" troubleshoot 2>/dev/null | awk '/^sys.executable:/ { getline; print $1; exit }'
}

# problems prints, a line each, what the Jupyter whose Python is $1 lacks
# for $need, or nothing.
problems() {
	"$1" - "$need" <<'EOF'
import re, sys
from importlib import metadata

def least(name, major, what=None):
    """What is wrong with the installed version of package name, or None."""
    what = what or name
    wanted = f"{what} {major} or newer" if major else what
    try:
        v = metadata.version(name)
    except metadata.PackageNotFoundError:
        return f"{what} is not installed (littlegrad needs {wanted})"
    if int(re.match(r"\d*", v).group() or 0) < major:
        return f"{what} is {v} (littlegrad needs {wanted})"
    return None

need = sys.argv[1]
found = [least("jupyter_server", 2), least("nbconvert", 7)]
lab, nb = least("jupyterlab", 4, "JupyterLab"), least("notebook", 7, "Notebook")
if need == "tutorial":
    if lab and nb:
        found.append(f"neither JupyterLab 4 nor Notebook 7 is installed: {lab}; {nb}")
else:
    found += [lab, nb, least("jupyter_client", 8), least("jupyter_console", 6, "jupyter-console"),
              least("jupyter_kernel_test", 0, "jupyter_kernel_test")]
for f in found:
    if f:
        print(f)
EOF
}

# stamp identifies what .venv is made from.
stamp() { cat "$lock" "$uv" "$settings" | sha256sum; }

# venv_ready says whether .venv holds what the lock pins now.
venv_ready() {
	[ -x "$venv/bin/jupyter" ] && [ "$(cat "$venv/.littlegrad-lock" 2>/dev/null)" = "$(stamp)" ]
}

# make_venv makes .venv from the lock: uv, pinned and hash-checked too,
# installs the packages, faster than pip (it does not compile them all to
# bytecode, and downloads in parallel; README gives the time).
make_venv() {
	"$root/scripts/deps.sh" venv >&2
	if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
		echo "JupyterLab 4.6 needs Python 3.10 or newer, and python3 is $(python3 --version 2>&1):" >&2
		echo "install a newer Python, or a Jupyter of your own (JupyterLab 4 or Notebook 7) on PATH." >&2
		exit 1
	fi
	echo "Installing Jupyter into $venv from $lock (pinned, hash-checked)" >&2
	python3 -m venv --clear "$venv" >&2
	"$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$uv" >&2
	# --system-certs: trust the system's CA store, as pip does, not uv's own
	# copy of Mozilla's (a proxy that re-signs TLS is trusted only there).
	"$venv/bin/uv" pip install --quiet --no-cache --system-certs --python "$venv/bin/python" --require-hashes --no-deps -r "$lock" >&2
	mkdir -p "$venv/share/jupyter/lab/settings/overrides.d"
	cp "$settings" "$venv/share/jupyter/lab/settings/overrides.d/"
	stamp >"$venv/.littlegrad-lock"
}

# The jupyter on PATH, unless it is the checkout's own (a caller put it
# there), which is checked against the lock below.
jupyter=$(command -v jupyter || true)
[ "$jupyter" != "$venv/bin/jupyter" ] || jupyter=""
if [ "${LITTLEGRAD_JUPYTER:-}" != venv ] && [ -n "$jupyter" ]; then
	python=$(python_of "$jupyter")
	if [ -z "$python" ]; then
		echo "The jupyter on PATH ($jupyter) does not run (jupyter troubleshoot fails)." >&2
		echo "Mend it, take it off PATH, or run again with LITTLEGRAD_JUPYTER=venv to use a Jupyter of the checkout's own, in .venv." >&2
		exit 1
	fi
	missing=$(problems "$python")
	if [ -n "$missing" ]; then
		echo "The jupyter on PATH ($jupyter) is too old or incomplete for littlegrad's ${need}:" >&2
		sed 's/^/  /' <<<"$missing" >&2
		echo "Upgrade it (scripts/jupyter/requirements.in names the versions we test), or run again with" >&2
		echo "LITTLEGRAD_JUPYTER=venv to leave it alone and use a Jupyter of the checkout's own, in .venv." >&2
		exit 1
	fi
	dirname "$jupyter"
	exit 0
fi

venv_ready || make_venv
missing=$(problems "$venv/bin/python")
if [ -n "$missing" ]; then # the lock lacks something: a bug of ours
	echo "$venv lacks what littlegrad's $need needs, although it holds what $lock pins:" >&2
	sed 's/^/  /' <<<"$missing" >&2
	exit 1
fi
echo "$venv/bin"
