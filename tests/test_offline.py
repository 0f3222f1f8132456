"""Offline guarantee: every notebook runs with the network blocked.

Each notebook is executed with nbclient after a guard cell that replaces
``socket.connect``/``connect_ex`` and ``getaddrinfo`` inside the kernel:
anything that is not the loopback (127.0.0.0/8, ::1, localhost) or a local
Unix socket is refused and recorded. The kernel's own channels are ZeroMQ
sockets opened in C before the guard runs, so they are not affected. The test
fails if any connection was attempted.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.kernels import IpcKernelManager

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "guru" / "kunci").glob("*.ipynb"))

GUARD = r'''
import socket as _socket
_kssa_attempts = []
def _kssa_local(address):
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = str(address[0]) if isinstance(address, tuple) and address else ""
    return host.startswith("127.") or host in ("::1", "localhost", "")
def _kssa_guard(original):
    def guarded(self, address, *args):
        if not _kssa_local(address):
            _kssa_attempts.append(repr(address))
            raise OSError("network access blocked by the offline test")
        return original(self, address, *args)
    return guarded
_socket.socket.connect = _kssa_guard(_socket.socket.connect)
_socket.socket.connect_ex = _kssa_guard(_socket.socket.connect_ex)
_kssa_getaddrinfo = _socket.getaddrinfo
def _kssa_lookup(host, *args, **kwargs):
    if host not in (None, "localhost", "127.0.0.1", "::1") and not str(host).startswith("127."):
        _kssa_attempts.append(f"lookup {host}")
        raise OSError("name lookup blocked by the offline test")
    return _kssa_getaddrinfo(host, *args, **kwargs)
_socket.getaddrinfo = _kssa_lookup
'''

REPORT = "import json as _json; print(_json.dumps(_kssa_attempts))"


def test_the_guard_catches_a_connection(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(GUARD), nbformat.v4.new_code_cell(
        "import urllib.request\ntry:\n    urllib.request.urlopen('http://example.org', timeout=2)\nexcept OSError:\n    pass"),
        nbformat.v4.new_code_cell(REPORT)])
    NotebookClient(nb, timeout=60, kernel_name="python3", kernel_manager_class=IpcKernelManager, resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert json.loads(nb.cells[-1].outputs[0]["text"]) == ["lookup example.org"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_runs_without_network(path):
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(GUARD))
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(nb, timeout=300, kernel_name="python3", kernel_manager_class=IpcKernelManager, resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
    attempts = json.loads(nb.cells[-1].outputs[0]["text"])
    assert attempts == [], f"{path.name} tried to reach the network: {attempts}"
