"""The offline guard: every kernel the test suite starts refuses the network.

``pytest_configure`` (root conftest.py) writes :data:`STARTUP_CODE` as an
IPython startup file into the suite's temporary IPython folder, so every
kernel that nbval, nbclient, JupyterLab or Voilà starts under the tests runs
it first. It replaces ``socket.connect``/``connect_ex`` and ``getaddrinfo``:
anything that is not the loopback (127.0.0.0/8, ::1, localhost) or a local
Unix socket is refused, and the attempt is appended to a log file of the
xdist worker that started the kernel. A hook in the root conftest fails the
notebook cell during which an attempt was logged. The kernel's own channels
are ZeroMQ sockets opened in C, so they are not affected.

So strict nbval is also the proof that every notebook runs without network,
and no notebook has to be run a second time for it.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_NAME = "00-kssa-offline-guard.py"
LOG_ENV = "KSSA_OFFLINE_LOG_DIR"

STARTUP_CODE = r'''
# Written by the test suite (tests/offline_guard.py): no network in a test kernel.
def _kssa_offline_guard():
    import os, socket
    folder = os.environ.get("KSSA_OFFLINE_LOG_DIR")
    if not folder:
        return
    log = os.path.join(folder, "attempts-%s.log" % os.environ.get("PYTEST_XDIST_WORKER", "main"))

    def record(what):
        with open(log, "a", encoding="utf-8") as out:
            out.write(what + "\n")

    def local(address):
        if isinstance(address, (str, bytes)):  # AF_UNIX path
            return True
        host = str(address[0]) if isinstance(address, tuple) and address else ""
        return host.startswith("127.") or host in ("::1", "localhost", "")

    def guard(original):
        def guarded(self, address, *args):
            if not local(address):
                record("connect %r" % (address,))
                raise OSError("network access blocked by the test suite")
            return original(self, address, *args)
        return guarded

    socket.socket.connect = guard(socket.socket.connect)
    socket.socket.connect_ex = guard(socket.socket.connect_ex)
    lookup = socket.getaddrinfo

    def guarded_lookup(host, *args, **kwargs):
        if host not in (None, "localhost", "127.0.0.1", "::1") and not str(host).startswith("127."):
            record("lookup %s" % host)
            raise OSError("name lookup blocked by the test suite")
        return lookup(host, *args, **kwargs)

    socket.getaddrinfo = guarded_lookup


_kssa_offline_guard()
del _kssa_offline_guard
'''


def install(ipython_dir: Path, log_dir: Path) -> Path:
    """Write the startup file and create the log folder; returns the startup file."""
    startup = Path(ipython_dir) / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    Path(log_dir).mkdir(parents=True, exist_ok=True)
    path = startup / FILE_NAME
    path.write_text(STARTUP_CODE, encoding="utf-8")
    return path


def log_path() -> Path | None:
    folder = os.environ.get(LOG_ENV)
    if not folder:
        return None
    return Path(folder) / f"attempts-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"


def read_new(seen: int) -> tuple[list[str], int]:
    """(attempts logged by this worker's kernels since ``seen`` bytes, new position)."""
    path = log_path()
    if path is None or not path.exists():
        return [], seen
    data = path.read_bytes()
    return data[seen:].decode("utf-8", "replace").splitlines(), len(data)
