"""``python -m lessons kelas mulai --daftar daftar-siswa.csv`` (alias
``class start``): a whole class on one Linux machine.

1. the roster (the CSV the grader reads) becomes hub accounts: ``akun.csv``
   in the class folder (an account name is the student's name in small
   letters without spaces, "Siti Aminah" -> ``siti-aminah``; an account once
   given is kept at the next start);
2. the student copy of the course is built (``rilis``) into
   ``<folder>/rilis/kursus`` and placed in each home when that student's
   server starts (lessons/deploy/hub/: answers are never replaced);
3. configurable-http-proxy (npm) is found on ``PATH`` or installed once with
   ``npm install`` into a folder this command owns
   (``~/.cache/kerja-sama-sosial-asean/chp``);
4. JupyterHub starts with ``lessons/deploy/hub/jupyterhub_config.py``; its
   service ``kssa-siapkan`` starts every student's server at once, each with
   today's lesson (``--siapkan NN``, or the one lesson of ``--pelajaran NN``)
   executed in a kernel that waits for the student's tap
   (lessons/deploy/preheat.py): the teacher starts the class server before
   the lesson.

``python -m lessons kelas sandi-ulang AKUN`` resets one student's password:
the next login sets a new one. Every problem ends with one Indonesian
sentence and exit code 2.
"""

from __future__ import annotations

import argparse
import dbm
import os
import re
import shutil
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Callable

from lessons.deploy import hub as kelas_hub
from lessons.text import t

CHP_VERSION = "5"
CHP_HOME = Path.home() / ".cache" / "kerja-sama-sosial-asean" / "chp"
DEFAULT_FOLDER = "server-kelas"
DEFAULT_TEACHER = "guru"


class ClassServerError(Exception):
    """The class server cannot start; ``str()`` is Indonesian."""


# --------------------------------------------------------------------------
# accounts


def account_name(name: str) -> str:
    """A hub account name for a roster name: ASCII small letters, digits and dashes."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").casefold()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:32].strip("-")
    return slug or "siswa"


def make_accounts(names: list[str], existing: dict[str, str] | None = None, reserved=()) -> dict[str, str]:
    """account -> roster name for every name; accounts given before are kept."""
    existing = dict(existing or {})
    by_name = {name: account for account, name in existing.items()}
    accounts: dict[str, str] = {}
    taken = set(reserved)
    for name in names:
        account = by_name.get(name)
        if account is None or account in taken:
            base = account_name(name)
            account, n = base, 2
            while account in taken or (account in existing and existing[account] != name):
                account, n = f"{base}-{n}", n + 1
        accounts[account] = name
        taken.add(account)
    return accounts


def roster_names(path: Path) -> list[str]:
    from lessons.teacher.submissions import SubmissionsError, read_roster

    try:
        roster = read_roster(Path(path))
    except SubmissionsError as err:
        raise ClassServerError(str(err)) from None
    return list(roster.names.values())


# --------------------------------------------------------------------------
# the proxy


def find_proxy(install: bool = True) -> Path:
    """configurable-http-proxy: on PATH, in our own folder, or installed there with npm."""
    own = CHP_HOME / "node_modules" / ".bin" / "configurable-http-proxy"
    for found in (os.environ.get("KSSA_CHP"), shutil.which("configurable-http-proxy"), own):
        if found and Path(found).is_file() and os.access(found, os.X_OK):
            return Path(found)
    if not (shutil.which("node") and shutil.which("npm")):
        raise ClassServerError(t("class_no_node"))
    if not install:
        raise ClassServerError(t("class_no_proxy"))
    CHP_HOME.mkdir(parents=True, exist_ok=True)
    print(t("class_installing_proxy", folder=CHP_HOME), flush=True)
    done = subprocess.run(["npm", "install", "--prefix", str(CHP_HOME), "--no-audit", "--no-fund",
                           f"configurable-http-proxy@{CHP_VERSION}"], capture_output=True, text=True)
    if done.returncode != 0 or not own.is_file():
        raise ClassServerError(t("class_proxy_failed", detail=(done.stderr or done.stdout).strip()[-300:]))
    return own


def free_port(taken=()) -> int:
    return kelas_hub.free_port(kelas_hub.port_range(), taken)


# --------------------------------------------------------------------------
# preparing the class folder


def prepare(folder: Path, roster: Path, teacher: str = DEFAULT_TEACHER, lessons: list[str] | None = None,
            kernel_idle: int | None = None) -> dict[str, str]:
    """Accounts, the student copy and the servers' configuration in ``folder``; returns the accounts."""
    from lessons.teacher.release import ReleaseError, build_release

    folder = Path(folder)
    names = roster_names(roster)
    accounts = make_accounts(names, kelas_hub.read_accounts(folder), reserved={teacher})
    kelas_hub.write_accounts(folder, accounts)
    (folder / "rumah").mkdir(parents=True, exist_ok=True)
    (folder / "hub").mkdir(parents=True, exist_ok=True)
    try:
        made = build_release(folder / "rilis" / kelas_hub.COURSE_IN_HOME, lessons, force=True)
    except ReleaseError as err:
        raise ClassServerError(str(err)) from None
    if made.leaks:
        raise ClassServerError(" ".join([t("cli_release_unsafe"), *map(str, made.leaks[:5])]))
    extra = {"MappingKernelManager": {"cull_idle_timeout": kernel_idle, "cull_interval": min(kernel_idle, 60)}} \
        if kernel_idle else None
    kelas_hub.write_server_config(folder / "hub" / "jupyter-config", extra, students=True)
    kelas_hub.write_server_config(folder / "hub" / kelas_hub.TEACHER_CONFIG, extra)
    return accounts


def preheat_lessons(args) -> list[str]:
    """Today's lesson(s): ``--siapkan NN``, else the one lesson of ``--pelajaran NN`` (none when several)."""
    if args.siapkan is not None:
        return list(args.siapkan)
    return list(args.pelajaran) if args.pelajaran and len(args.pelajaran) == 1 else []


def hub_environment(folder: Path, port: int, address: str, teacher: str, proxy: Path,
                    preheat: list[str] = ()) -> dict[str, str]:
    from lessons.core import paths

    env = dict(os.environ)
    env.update({
        kelas_hub.KELAS_ENV: str(Path(folder).resolve()),
        "KSSA_HUB_IP": address,
        "KSSA_HUB_PORT": str(port),
        "KSSA_HUB_API_PORT": str(api_port := free_port(taken={port})),
        "KSSA_PROXY_API_PORT": str(free_port(taken={port, api_port})),
        "KSSA_GURU": teacher,
        "KSSA_CHP": str(proxy),
        "KSSA_COURSE_ROOT": str(paths.course().root),
        "KSSA_PREHEAT": os.pathsep.join(kelas_hub.preheat_paths(Path(folder) / "rilis" / kelas_hub.COURSE_IN_HOME,
                                                                list(preheat))),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    })
    return env


def _hub_process_setup(parent_gone: Callable[[int, int], int] | None) -> Callable[[], None]:
    """What the hub's process does before it starts (POSIX; it runs in a session of its own, so a signal
    meant for the teacher's terminal reaches this command, which passes the stop on, see ``start``):

    * Ctrl+C (SIGINT) back to its default. A command started with SIGINT ignored (a background job, a
      service manager, a test runner's worker) passes that on, and the hub starts its services (the
      idle culler, kssa-siapkan) before it sets its own handler: they then ignored the hub's SIGINT,
      and stopping the class took 31 s instead of 2 s (measured).
    * On Linux, SIGINT when this command's process ends, however it ends (PR_SET_PDEATHSIG, through
      ``parent_gone``: libc's prctl, looked up before the fork).
    """

    def setup() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if parent_gone is not None:
            parent_gone(1, signal.SIGINT)  # PR_SET_PDEATHSIG

    return setup


def _prctl():
    """libc's prctl on Linux (None elsewhere, or where it cannot be found)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _stop_signal(signum, frame) -> None:
    raise KeyboardInterrupt


def _wait_for_hub(hub: subprocess.Popen) -> int:
    """Wait for the hub; Ctrl+C, a closed terminal (SIGHUP) or a stop request (SIGTERM) asks it to stop
    (SIGINT: it stops every student's server and the proxy first), and then it is waited for."""
    stops = (signal.SIGTERM, signal.SIGHUP) if os.name == "posix" else ()
    for signum in stops:
        signal.signal(signum, _stop_signal)
    try:
        return hub.wait()
    except KeyboardInterrupt:
        pass
    hub.send_signal(signal.SIGINT)
    while True:
        try:
            return hub.wait()
        except KeyboardInterrupt:  # a second Ctrl+C: the hub is already stopping
            continue


def start(args) -> int:
    folder = Path(args.folder).resolve()
    kernel_idle = os.environ.get("KSSA_KERNEL_IDLE", "")  # seconds; benchmarks shorten the culler's wait
    accounts = prepare(folder, Path(args.daftar), args.guru, args.pelajaran,
                       int(kernel_idle) if kernel_idle.isdigit() else None)
    proxy = find_proxy()
    today = preheat_lessons(args)
    env = hub_environment(folder, args.port, args.alamat, args.guru, proxy, today)
    if today and not env["KSSA_PREHEAT"]:
        raise ClassServerError(t("class_preheat_unknown", lessons=", ".join(today)))
    shown = "localhost" if args.alamat in ("0.0.0.0", "127.0.0.1") else args.alamat
    print(t("class_accounts", count=len(accounts), file=folder / kelas_hub.ACCOUNTS_FILE), flush=True)
    print(t("class_running", url=f"http://{shown}:{args.port}/", teacher=args.guru), flush=True)
    if today:
        print(t("class_preheating", lessons=", ".join(today), count=len(accounts)), flush=True)
    print(t("class_keep_open"), flush=True)
    posix = os.name == "posix"
    # In a session of its own: closing the teacher's terminal hangs up this command's process group, and
    # a hub hung up with it died at once, leaving the proxy and every student's server running on the
    # class's port (seen). This command hears the hang-up and stops the hub properly (_wait_for_hub).
    hub = subprocess.Popen([sys.executable, "-m", "lessons.deploy.hub.start_hub", "-f", str(kelas_hub.CONFIG_FILE)],
                           cwd=folder / "hub", env=env, start_new_session=posix,
                           preexec_fn=_hub_process_setup(_prctl()) if posix else None)
    return_code = _wait_for_hub(hub)
    try:
        print(t("class_stopped"), flush=True)
    except OSError:  # the terminal is gone
        pass
    return 0 if return_code in (0, -signal.SIGINT, -signal.SIGTERM) else 2


PASSWORDS = "sandi.dbm"  # FirstUseAuthenticator's password file in the class folder's hub/ (jupyterhub_config.py)


def forget_password(folder: Path, account: str, students_only: bool = False) -> bool:
    """Remove ``account``'s password: the next login sets a new one. False when it has none (or,
    with ``students_only``, when it is not a student of ``akun.csv``). Used by ``sandi-ulang``
    and by Meja Guru on the class server."""
    if students_only and account not in kelas_hub.read_accounts(Path(folder)):
        return False
    try:
        with dbm.open(str(Path(folder) / "hub" / PASSWORDS), "w") as db:
            del db[account]
    except (KeyError, OSError, *dbm.error):  # dbm.error is a tuple of classes
        return False
    return True


def reset_password(args) -> int:
    if not forget_password(Path(args.folder), args.akun):
        print(t("class_reset_unknown", account=args.akun), file=sys.stderr)
        return 2
    print(t("class_reset_done", account=args.akun))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lessons kelas", description=t("class_help"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=t("cli_command"), title=t("cli_command"))
    go = sub.add_parser("mulai", aliases=["start"], help=t("class_start_help"), description=t("class_start_help"))
    go.add_argument("--daftar", "--roster", required=True, metavar="CSV", help=t("class_arg_roster"))
    go.add_argument("--folder", default=DEFAULT_FOLDER, help=t("class_arg_folder"))
    go.add_argument("--port", type=int, default=8000, help=t("class_arg_port"))
    go.add_argument("--alamat", "--ip", default="0.0.0.0", help=t("class_arg_address"))
    go.add_argument("--guru", "--teacher", default=DEFAULT_TEACHER, help=t("class_arg_teacher"))
    go.add_argument("--pelajaran", "--lessons", nargs="*", default=None, metavar="NN", help=t("class_arg_lessons"))
    go.add_argument("--siapkan", "--preheat", nargs="*", default=None, metavar="NN", help=t("class_arg_preheat"))
    reset = sub.add_parser("sandi-ulang", aliases=["reset-password"], help=t("class_reset_help"),
                           description=t("class_reset_help"))
    reset.add_argument("akun", help=t("class_arg_account"))
    reset.add_argument("--folder", default=DEFAULT_FOLDER, help=t("class_arg_folder"))
    return parser


def main(argv: list[str] | None = None) -> int:
    from lessons.core.errors import CourseNotFoundError
    from lessons.teacher.cli import indonesian_argparse

    with indonesian_argparse():
        args = _parser().parse_args(sys.argv[2:] if argv is None else argv)
    try:
        if args.command in ("mulai", "start"):
            return start(args)
        return reset_password(args)
    except (ClassServerError, CourseNotFoundError) as err:
        print(t("cli_failed", error=err), file=sys.stderr)
        return 2
