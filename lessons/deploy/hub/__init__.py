"""The class server's deployment place: ``jupyterhub_config.py`` (the hub's
configuration, an ordinary file an admin reads), ``templates/login.html``
(the login page in Indonesian) and the helpers the configuration calls.

The class folder (chosen by the teacher, ``KSSA_KELAS_DIR``) holds::

    akun.csv           account,name: the roster's students as hub accounts
    rilis/kursus/      the student copy (``python -m lessons rilis``), placed in every home
    rumah/<akun>/      one home folder per student; the course in rumah/<akun>/kursus/
    hub/               the hub's database, secrets, passwords, logs, and the
                       single-user servers' jupyter_server_config.json

``python -m lessons kelas mulai`` (lessons/teacher/class_server.py) makes
that folder and starts the hub with this configuration.
"""

from __future__ import annotations

import csv
import fnmatch
import json
import os
import shutil
from pathlib import Path

from lessons.deploy.voila_settings import HOME_PAGE, SETTINGS

HERE = Path(__file__).resolve().parent
CONFIG_FILE = HERE / "jupyterhub_config.py"
TEMPLATES = HERE / "templates"
KELAS_ENV = "KSSA_KELAS_DIR"
ACCOUNTS_FILE = "akun.csv"
COURSE_IN_HOME = "kursus"  # rumah/<akun>/kursus/notebooks/beranda.ipynb
NEVER_REPLACED = ("jawaban-*", ".sesi-*", "*.rusak-*")  # a student's own files in the course folder

# issue 19: class server timeouts (a 40-minute lesson; double lessons are 2 x 40 minutes). A server the hub
# pre-started before the lesson (lessons/deploy/hub/prestart.py) counts as active from its start, so the
# teacher starts the class server at most 30 minutes before the lesson and no pre-started server is culled
# before the students log in.
SERVER_IDLE_TIMEOUT = 60 * 60  # a student's server with no activity for an hour is stopped by the hub
SERVER_CULL_EVERY = 5 * 60


PORTS_ENV = "KSSA_PORTS"  # "9300-9399": every port the class server opens is taken from this range (else any free port)


def port_range(value: str | None = None) -> range | None:
    value = os.environ.get(PORTS_ENV, "") if value is None else value
    low, _, high = value.partition("-")
    if not (low.isdigit() and high.isdigit() and 1024 <= int(low) <= int(high) <= 65535):
        return None
    return range(int(low), int(high) + 1)


def free_port(ports: range | None = None, taken=()) -> int:
    """A free port on this machine: from ``ports`` (not in ``taken``) when given, else any."""
    import socket

    for port in (ports if ports is not None else [0]):
        if port in taken:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise OSError(f"no free port in {ports}")


def home_page_url() -> str:
    """Where a student lands after logging in (relative to their server)."""
    return f"/voila/render/{COURSE_IN_HOME}/notebooks/{HOME_PAGE}"


def preheat_paths(release: Path, lessons: list[str]) -> list[str]:
    """The notebooks of ``lessons`` (numbers such as "00") in the student copy, as paths relative to a
    student's home (what lessons.deploy.preheat reads from ``KSSA_PREHEAT``)."""
    notebooks = Path(release) / "notebooks"
    found = []
    for lesson in lessons:
        found += sorted(f"{COURSE_IN_HOME}/notebooks/{p.name}" for p in notebooks.glob(f"{lesson}-*.ipynb"))
    return found


def read_accounts(kelas: Path) -> dict[str, str]:
    """account -> roster name, from ``akun.csv`` in the class folder."""
    path = Path(kelas) / ACCOUNTS_FILE
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError:
        return {}
    return {row["akun"]: row["nama"] for row in rows if row.get("akun") and row.get("nama")}


def write_accounts(kelas: Path, accounts: dict[str, str]) -> Path:
    path = Path(kelas) / ACCOUNTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["akun", "nama"])
        out.writerows(sorted(accounts.items()))
    return path


def _kept(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in NEVER_REPLACED)


def place_course(release: Path, home: Path) -> int:
    """Copy the student copy ``release`` into ``home/kursus``; return how many
    files were written. Files of the release replace their older copies (a new
    release of the lessons); nothing else in the home is touched, and a
    student's answer sheets are never replaced, even if a release held one.
    Links in the home are never followed (a link where a file should go is
    left alone)."""
    target = Path(home) / COURSE_IN_HOME
    written = 0
    for src_dir, dirs, files in os.walk(release):
        rel = Path(src_dir).relative_to(release)
        dest_dir = target / rel
        if dest_dir.is_symlink() or (dest_dir.exists() and not dest_dir.is_dir()):
            dirs[:] = []
            continue
        dest_dir.mkdir(parents=True, exist_ok=True)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            dest = dest_dir / name
            if dest.is_symlink() or (_kept(name) and (dest.exists() or name.startswith("."))):
                continue  # a student's sheet is written once, from the first release, and never replaced
            src = Path(src_dir) / name
            if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.read_bytes() == src.read_bytes():
                continue
            tmp = dest.with_name(f".{name}.kssa-tmp")
            shutil.copyfile(src, tmp)
            os.replace(tmp, dest)
            written += 1
    return written


# Settings that only standalone Voilà (``python -m lessons mulai``) uses: its own application, its kernel
# pools and the course's template with its texts as flags. A Jupyter server running Voilà as an extension
# gets the template and its texts from lessons.deploy.server_extension (in code, so this file stays short
# enough to read), and its preheated kernel from lessons.deploy.preheat (the kernel manager named below).
STANDALONE_ONLY = ("Voila", "VoilaKernelManager", "VoilaExecutor")
STANDALONE_ONLY_VOILA_CONFIGURATION = ("template", "resources", "preheat_kernel", "default_pool_size")
KERNEL_MANAGER = "lessons.deploy.preheat.PreheatKernelManager"


def server_config(extra: dict | None = None) -> dict:
    """The single-user servers' ``jupyter_server_config.json``: Voilà and our
    extension enabled, the kernel manager that preheats today's lesson,
    compressed responses, and the Voilà settings every way of serving shares."""
    config = {cls: dict(traits) for cls, traits in SETTINGS.items() if cls not in STANDALONE_ONLY}
    for trait in STANDALONE_ONLY_VOILA_CONFIGURATION:
        config.get("VoilaConfiguration", {}).pop(trait, None)
    config.setdefault("ServerApp", {}).update({
        "jpserver_extensions": {"voila.server_extension": True, "lessons.deploy.server_extension": True},
        "kernel_manager_class": KERNEL_MANAGER,
        "tornado_settings": {"compress_response": True},  # issue 20: pages and scripts 3-5 times smaller
    })
    for cls, traits in (extra or {}).items():
        config.setdefault(cls, {}).update(traits)
    return config


# A student's server on the class server needs Voilà only: the extensions below serve JupyterLab, Notebook 7,
# language servers and terminals, which a student in Voilà never opens. Left out, a student gets no terminal
# (and no JupyterLab) on the teacher's machine, where every student's server runs as the teacher's own user.
# (They do not make a server smaller: measured 132 MB PSS with and without them.) The teacher's server keeps
# them (JupyterLab and Meja Guru).
NOT_FOR_STUDENTS = ("jupyterlab", "notebook", "notebook_shim", "jupyter_lsp", "jupyter_server_terminals")
TEACHER_CONFIG = "jupyter-config-guru"


def student_server_config(extra: dict | None = None) -> dict:
    """:func:`server_config` for a student's server: Voilà and the course's extension, nothing else."""
    config = server_config(extra)
    config["ServerApp"]["jpserver_extensions"] = {**config["ServerApp"]["jpserver_extensions"],
                                                  **dict.fromkeys(NOT_FOR_STUDENTS, False)}
    config["ServerApp"]["terminals_enabled"] = False
    return config


def write_server_config(folder: Path, extra: dict | None = None, students: bool = False) -> Path:
    path = Path(folder) / "jupyter_server_config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    config = student_server_config(extra) if students else server_config(extra)
    path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    return path
