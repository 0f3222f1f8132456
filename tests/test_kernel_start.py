"""After a kernel restart, a lesson cell still finds ``ks`` (lessons.core.kernel_start)."""

from __future__ import annotations

import os

from lessons.core import kernel_start

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run_in_new_kernel(ipython_dir, code: str) -> dict:
    """Start a real IPython kernel (as JupyterLab does after a restart) in the
    notebooks folder, run ``code`` and return its stdout and error name."""
    from tests.kernels import IpcKernelManager

    env = {**os.environ, "IPYTHONDIR": str(ipython_dir),
           "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
    manager = IpcKernelManager(kernel_name="python3")
    manager.start_kernel(cwd=os.path.join(ROOT, "notebooks"), env=env)
    client = manager.client()
    client.start_channels()
    out = {"stdout": "", "error": None}

    def hook(msg):
        if msg["msg_type"] == "stream":
            out["stdout"] += msg["content"]["text"]
        elif msg["msg_type"] == "error":
            out["error"] = msg["content"]["ename"]

    try:
        client.wait_for_ready(timeout=120)
        client.execute_interactive(code, output_hook=hook, timeout=120)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return out


def test_a_new_kernel_has_ks_once_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    code = "print(get_ipython().execution_count); print(ks.__name__, callable(ks.exercise))"
    before = _run_in_new_kernel(tmp_path / "ipython", code)
    assert before["error"] == "NameError"  # what students saw before
    first_count = before["stdout"].split()[0]  # the first cell's count in a kernel without the startup file
    path = kernel_start.install()
    assert path == tmp_path / "ipython" / "profile_default" / "startup" / kernel_start.FILE_NAME
    assert kernel_start.install() == path and path.read_text(encoding="utf-8") == kernel_start.STARTUP_CODE
    out = _run_in_new_kernel(tmp_path / "ipython", code)
    # no cell used up: the count is the same as without the startup file (its value differs between IPython versions)
    assert out["error"] is None and out["stdout"].split() == [first_count, "lessons", "True"]


def test_startup_code_is_silent_outside_a_lesson_kernel():
    class Terminal:  # a terminal IPython: ks is not forced on it
        user_ns: dict = {}

    namespace = {"get_ipython": lambda: Terminal()}
    exec(kernel_start.STARTUP_CODE, namespace)
    assert "ks" not in Terminal.user_ns and "_kssa_start" not in namespace

    def broken():
        raise RuntimeError("no shell")

    exec(kernel_start.STARTUP_CODE, {"get_ipython": broken})  # never raises: a kernel must start


def test_install_survives_a_home_it_cannot_write(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")  # a file where a folder should be: no write, even as root
    monkeypatch.setenv("IPYTHONDIR", str(blocker / "ipython"))
    assert kernel_start.install() is None
