"""Offline guarantee: every notebook runs with the network blocked.

The guard is an IPython startup file in the suite's temporary IPython folder
(tests/offline_guard.py, installed by the root conftest.py), so every kernel
the suite starts has it, and strict nbval runs every notebook (lessons,
Beranda, Glosarium, Meja Guru, the key notebooks) under it: a cell during
which a kernel tried to reach the network fails. These tests show that the
guard is really there and really catches a connection.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tests import offline_guard
from tests.kernels import IpcKernelManager

ROOT = Path(__file__).resolve().parent.parent


def _run(cells: list[str], where: Path) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3", kernel_manager_class=IpcKernelManager,
                   resources={"metadata": {"path": str(where)}}).execute()
    return nb


def test_every_test_kernel_starts_with_the_guard():
    startup = Path(os.environ["IPYTHONDIR"]) / "profile_default" / "startup" / offline_guard.FILE_NAME
    assert startup.read_text(encoding="utf-8") == offline_guard.STARTUP_CODE
    assert os.environ[offline_guard.LOG_ENV]


def test_the_guard_catches_a_connection_and_logs_it(tmp_path, monkeypatch):
    # this kernel logs into a folder of its own: its attempts must not fail the notebook cell that runs next
    monkeypatch.setenv(offline_guard.LOG_ENV, str(tmp_path / "log"))
    (tmp_path / "log").mkdir()
    nb = _run(["import urllib.request, socket, json\n"
               "out = []\n"
               "try:\n    urllib.request.urlopen('http://example.org', timeout=2)\nexcept OSError as err:\n    out.append(str(err))\n"
               "try:\n    socket.socket().connect(('93.184.216.34', 80))\nexcept OSError as err:\n    out.append(str(err))\n"
               "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); c = socket.create_connection(s.getsockname())\n"
               "out.append('loopback ok'); c.close(); s.close()\n"
               "print(json.dumps(out))"], tmp_path)
    said = json.loads(nb.cells[0].outputs[0]["text"])
    assert said[-1] == "loopback ok" and all("blocked by the test suite" in s for s in said[:-1]), said
    logged, _ = offline_guard.read_new(0)
    assert logged == ["lookup example.org", "connect ('93.184.216.34', 80)"]
