#!/usr/bin/env bash
# The image's entrypoint, under tini: it gives the learner's home folder the
# tutorial's notebooks, in ~/littlegrad, then runs the command it was given:
# docker/start.sh by default, or what a JupyterHub or Binder runs in its
# place. It never overwrites a file the learner has: a notebook deleted or
# renamed comes back fresh at the next start.
set -euo pipefail

if mkdir -p "$HOME/littlegrad" 2>/dev/null; then
	for nb in /opt/littlegrad/notebooks/*.ipynb; do
		[ -e "$HOME/littlegrad/${nb##*/}" ] || cp "$nb" "$HOME/littlegrad/"
	done
else
	echo "littlegrad: cannot write to $HOME, so the notebooks are only in /opt/littlegrad/notebooks" >&2
fi
exec "$@"
