# JupyterHub configuration of the class server ("server kelas").
#
# Started by `python -m lessons kelas mulai --daftar daftar-siswa.csv`, which
# prepares the class folder and sets the KSSA_* variables read below. An admin
# can also start it by hand:  jupyterhub -f lessons/deploy/hub/jupyterhub_config.py
# (`kelas mulai` runs `python -m lessons.deploy.hub.start_hub -f ...`: the same hub, without the IRI grammar)
#
#   one Linux machine, no root: SimpleLocalProcessSpawner, every student's server
#       runs as the teacher's OS user, with its own home folder under the class folder;
#   logins: FirstUseAuthenticator, accounts from the roster only (akun.csv); each
#       student chooses a password at the first login; the teacher resets one with
#       `python -m lessons kelas sandi-ulang AKUN` (the next login sets a new one);
#   students land on Voilà's Beranda; the teacher (hub admin) gets JupyterLab
#       with the whole course, Meja Guru included;
#   idle kernels: culled by each student's Jupyter server (lessons/deploy/voila_settings.py);
#   idle servers: culled by the jupyterhub-idle-culler service;
#   before the lesson: the service kssa-siapkan starts every roster student's server
#       (lessons/deploy/hub/prestart.py), each with today's lesson preheated
#       (`--siapkan NN`, lessons/deploy/preheat.py), so the class's first minute costs
#       the machine a login and a page each, not a server start and a lesson run each.
#
# For a real school server with real OS accounts and memory limits, see
# lessons/deploy/README.md (The Littlest JupyterHub, or SystemdSpawner).

import os
import sys
from pathlib import Path

from lessons.deploy import hub as kelas_hub
from lessons.deploy import student_kernel
from lessons.text import t

c = get_config()  # noqa: F821 - provided by JupyterHub

KELAS = Path(os.environ[kelas_hub.KELAS_ENV]).resolve()
STATE = KELAS / "hub"
HOMES = KELAS / "rumah"
RELEASE = KELAS / "rilis" / kelas_hub.COURSE_IN_HOME
TEACHER = os.environ.get("KSSA_GURU", "guru")
TEACHER_COURSE = os.environ.get("KSSA_COURSE_ROOT", "")
ACCOUNTS = kelas_hub.read_accounts(KELAS)

# -- where the hub listens ---------------------------------------------------
c.JupyterHub.ip = os.environ.get("KSSA_HUB_IP", "0.0.0.0")  # students reach it on the school network
c.JupyterHub.port = int(os.environ.get("KSSA_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"  # the hub's own API: this machine only
c.JupyterHub.hub_port = int(os.environ.get("KSSA_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('KSSA_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [os.environ.get("KSSA_CHP", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

# -- logins --------------------------------------------------------------------
# FirstUseAuthenticator with its password hashing off the hub's event loop (lessons/deploy/hub/auth.py)
c.JupyterHub.authenticator_class = "lessons.deploy.hub.auth.ClassAuthenticator"
c.FirstUseAuthenticator.dbm_path = str(STATE / "sandi.dbm")
c.FirstUseAuthenticator.create_users = False  # only the roster's accounts (and the teacher) log in
c.FirstUseAuthenticator.min_password_length = 6
c.Authenticator.allowed_users = set(ACCOUNTS) | {TEACHER}
c.Authenticator.admin_users = {TEACHER}
c.JupyterHub.template_paths = [str(kelas_hub.TEMPLATES)]
c.JupyterHub.template_vars = {"kssa": {key: t(key) for key in (
    "hub_login_title", "hub_login_help", "hub_login_name", "hub_login_password", "hub_login_button")}}

# -- each student's server -------------------------------------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
# jupyterhub-singleuser, without a grammar nobody uses: 15 MB less per server (lessons/deploy/hub/singleuser.py)
c.Spawner.cmd = [sys.executable, "-m", "lessons.deploy.hub.singleuser"]
if os.geteuid() == 0:  # a container or a test machine run as root; a school machine should not
    c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = kelas_hub.home_page_url()  # Voilà's Beranda
c.Spawner.environment = {
    # Voilà + lessons.deploy.server_extension + culling; for students nothing else (no JupyterLab, no terminal)
    "JUPYTER_CONFIG_PATH": str(STATE / "jupyter-config"),
    "KSSA_SERVER_KELAS": "1",  # every student has a home of their own: no one-student check
    "KSSA_KELAS_DIR": str(KELAS),
    # today's lesson, executed in a kernel when the server starts (lessons/deploy/preheat.py)
    "KSSA_PREHEAT": os.environ.get("KSSA_PREHEAT", ""),
    # the pages' kernels without the debugger: 8 MB less each (lessons/deploy/student_kernel/)
    "JUPYTER_PATH": str(student_kernel.DATA_DIR),
}
c.Spawner.start_timeout = 180  # 36 servers starting at once on 2 cores
c.Spawner.http_timeout = 120
c.JupyterHub.concurrent_spawn_limit = 40


PORTS = kelas_hub.port_range()  # KSSA_PORTS: the servers' ports from one range (a shared machine), else any free port
HUB_PORTS = {c.JupyterHub.port, c.JupyterHub.hub_port, int(os.environ.get("KSSA_PROXY_API_PORT", "8001"))}
SERVER_PORTS: dict[str, int] = {}  # account -> the port its server was given (servers start in parallel)


def place_course(spawner):
    """Before a server starts: the course in the student's home (answers never replaced);
    the teacher works in JupyterLab on the whole course (Meja Guru in guru/)."""
    name = spawner.user.name
    if PORTS is not None:
        taken = HUB_PORTS | {port for account, port in SERVER_PORTS.items() if account != name}
        spawner.port = SERVER_PORTS[name] = kelas_hub.free_port(PORTS, taken)
    if name == TEACHER:
        if TEACHER_COURSE:
            spawner.notebook_dir = TEACHER_COURSE
        spawner.default_url = "/lab"
        spawner.environment = {**{k: v for k, v in spawner.environment.items() if k != "JUPYTER_PATH"},
                               "KSSA_SERVER_KELAS": "1", "KSSA_PREHEAT": "",  # JupyterLab too, and its debugger
                               "JUPYTER_CONFIG_PATH": str(STATE / kelas_hub.TEACHER_CONFIG)}
        return
    home = HOMES / name
    home.mkdir(parents=True, exist_ok=True)
    if RELEASE.is_dir():
        kelas_hub.place_course(RELEASE, home)
    spawner.notebook_dir = str(home)


c.Spawner.pre_spawn_hook = place_course

# -- idle servers -----------------------------------------------------------------
SERVER_IDLE = int(os.environ.get("KSSA_SERVER_IDLE", kelas_hub.SERVER_IDLE_TIMEOUT))
CULL_EVERY = int(os.environ.get("KSSA_CULL_EVERY", kelas_hub.SERVER_CULL_EVERY))
ACTIVITY_EVERY = os.environ.get("KSSA_ACTIVITY_EVERY", "")  # seconds; benchmarks shorten it with the culler's
if ACTIVITY_EVERY.isdigit():  # how often the hub learns of a student's activity (proxy, servers): JupyterHub's 300 s
    c.JupyterHub.last_activity_interval = int(ACTIVITY_EVERY)
    c.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = ACTIVITY_EVERY
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={SERVER_IDLE}",
                f"--cull-every={CULL_EVERY}"],
}]

# -- before the lesson: every roster student's server started, today's lesson preheated ----------
if os.environ.get("KSSA_PRESTART", "1") == "1" and ACCOUNTS:
    c.JupyterHub.load_roles.append({
        "name": "kssa-siapkan",
        "scopes": ["list:users", "read:users", "read:servers", "start:servers", "users:activity"],
        "services": ["kssa-siapkan"],
    })
    c.JupyterHub.services.append({
        "name": "kssa-siapkan",
        "command": [sys.executable, "-m", "lessons.deploy.hub.prestart"],
        "environment": {kelas_hub.KELAS_ENV: str(KELAS)},
    })
