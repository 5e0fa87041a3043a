#!/usr/bin/env bash
# Starts Jupyter on the tutorial's notebooks: the image's default command.
# It listens on $IP:$PORT (0.0.0.0:8888 unless set), opens no browser, and
# protects the server with a token: $JUPYTER_TOKEN, or a random one, which it
# prints. With LAB=1 (and an image built with JUPYTERLAB=true) it starts
# JupyterLab instead of the classic Notebook.
set -euo pipefail
cd "$(dirname "$0")/.."

ip=${IP:-0.0.0.0}
port=${PORT:-8888}
token=${JUPYTER_TOKEN:-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
app=notebook
[ "${LAB:-0}" = 1 ] && app=lab

cat <<EOT
littlegrad: Jupyter ($app) on port $port, serving $PWD/notebooks
Open this in your browser (the token is the password):
  http://127.0.0.1:$port/?token=$token
EOT
exec jupyter "$app" --no-browser --ip="$ip" --port="$port" \
	--NotebookApp.token="$token" --ServerApp.token="$token" \
	--notebook-dir="$PWD/notebooks"
