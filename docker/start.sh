#!/usr/bin/env bash
# Starts JupyterLab on the learner's home folder, where the notebooks are
# (in littlegrad/): the image's default command. It listens on $IP:$PORT
# (0.0.0.0:8888 unless set), opens no browser, and protects the server with
# a token: $JUPYTER_TOKEN, or a random one, which it prints. Arguments are
# passed on to jupyter lab (or to jupyterhub-singleuser, under a hub).
set -euo pipefail

# Started by a JupyterHub (its spawner sets JUPYTERHUB_API_TOKEN), the
# server is the hub's single-user server, which logs learners in through
# the hub and takes its address and base URL from the hub.
if [ -n "${JUPYTERHUB_API_TOKEN:-}" ]; then
	exec jupyterhub-singleuser "$@"
fi

ip=${IP:-0.0.0.0}
port=${PORT:-8888}
token=${JUPYTER_TOKEN:-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}

cat <<EOT
littlegrad: JupyterLab on port $port, serving $HOME
Open this in your browser (the token is the password):
  http://127.0.0.1:$port/lab/tree/littlegrad/littlegrad-part1-engine.ipynb?token=$token
EOT
exec jupyter lab --no-browser --ServerApp.ip="$ip" --ServerApp.port="$port" \
	--IdentityProvider.token="$token" --ServerApp.root_dir="$HOME" "$@"
