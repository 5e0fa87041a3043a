# JupyterHub on one machine, for a class: each learner who logs in gets a
# container of littlegrad's image, with a volume of their own as home.
# tests/hub_test.go runs it (JupyterHub 6.1 from the lock file, its proxy
# from this folder's package.json, podman in Docker's place); a teacher can
# start from it. The test sets the environment variables it reads, LG_*.
import os
import sys

c = get_config()  # noqa: F821 (JupyterHub defines it)

# The hub's public address, through its proxy; and its API, which the
# proxy reaches on loopback and the learners' servers from their
# containers, at the container network's gateway (podman's bridge,
# 10.88.0.1, which exists only while a container runs).
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["LG_PORT"])
c.JupyterHub.hub_ip = "0.0.0.0"
c.JupyterHub.hub_port = int(os.environ["LG_HUB_PORT"])
c.Spawner.hub_connect_url = "http://%s:%s" % (os.environ["LG_GATEWAY"], os.environ["LG_HUB_PORT"])
c.ConfigurableHTTPProxy.command = [os.environ["LG_PROXY"]]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%s" % os.environ["LG_PROXY_PORT"]
state = os.environ["LG_STATE"]
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")

# Test users, any name, one shared password: a real class uses its school's
# login (OAuthenticator, LDAP, ...).
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["LG_PASSWORD"]
c.Authenticator.allow_all = True

# Each learner's server: the image's own command (docker/start.sh runs
# jupyterhub-singleuser when a hub starts it), as uid 1000, with a volume
# over the home folder that outlives the container.
c.JupyterHub.spawner_class = "docker"
c.DockerSpawner.image = os.environ["LG_IMAGE"]
c.DockerSpawner.pull_policy = "never"
c.DockerSpawner.remove = True
c.DockerSpawner.name_template = "littlegrad-hub-{username}"
c.DockerSpawner.volumes = {"littlegrad-hub-{username}": "/home/learner"}
c.DockerSpawner.extra_create_kwargs = {"labels": {"org.littlegrad.test": "1"}}
# podman asks for more open files and processes than some machines grant.
c.DockerSpawner.extra_host_config = {
    "ulimits": [
        {"Name": "nofile", "Soft": 1024, "Hard": 4096},
        {"Name": "nproc", "Soft": 8192, "Hard": 8192},
    ]
}
c.Spawner.default_url = "/lab/tree/littlegrad/littlegrad-part1-engine.ipynb"
c.Spawner.args = os.environ.get("LG_ARGS", "").split()
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# The idle culler stops a server nobody has used for LG_CULL seconds (an
# hour is usual in a class: 3600). It knows of use from what the hub
# learns every LG_ACTIVITY seconds, from its proxy and from each server
# (both 5 minutes by default): a timeout shorter than that would stop
# servers in use, so the test, which culls after 30 s, asks every 5 s.
cull = os.environ.get("LG_CULL", "3600")
activity = os.environ.get("LG_ACTIVITY", "300")
c.JupyterHub.last_activity_interval = int(activity)
c.Spawner.environment = {"JUPYTERHUB_ACTIVITY_INTERVAL": activity}
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=" + cull, "--cull-every=10"],
    },
    {"name": "test", "api_token": os.environ["LG_API_TOKEN"]},
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
    {"name": "test", "scopes": ["admin:users", "admin:servers", "list:users", "read:users"], "services": ["test"]},
]
