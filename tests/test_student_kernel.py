"""The kernel behind a student's page (lessons/deploy/student_kernel/): found as "python3" once its
folder is on JUPYTER_PATH, and it runs a lesson without debugpy and without the IRI grammar."""

from __future__ import annotations

import json
import os

from lessons.deploy import student_kernel

from .conftest import ROOT


def test_its_folder_goes_first_on_jupyter_path_once():
    from lessons.deploy.voila_settings import first_on_jupyter_path

    env = {"JUPYTER_PATH": os.pathsep.join(["/a", str(student_kernel.DATA_DIR), "/b"])}
    first_on_jupyter_path(student_kernel.DATA_DIR, env)
    first_on_jupyter_path(student_kernel.DATA_DIR, env)
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(student_kernel.DATA_DIR), "/a", "/b"]


def test_its_spec_is_the_python3_kernel_once_on_the_path(monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    monkeypatch.setenv("JUPYTER_PATH", str(student_kernel.DATA_DIR))
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.argv[:3] == ["python", "-m", "lessons.deploy.student_kernel"]
    assert spec.metadata["debugger"] is False
    shipped = json.loads((ROOT / "lessons" / "deploy" / "student_kernel" / "kernels" / "python3" / "kernel.json")
                         .read_text(encoding="utf-8"))
    assert shipped["argv"][-2:] == ["-f", "{connection_file}"]


def test_a_student_kernel_runs_lesson_code_without_the_debugger(monkeypatch):
    from jupyter_client.manager import start_new_kernel

    monkeypatch.setenv("JUPYTER_PATH", str(student_kernel.DATA_DIR))
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"))
    try:
        assert "lessons.deploy.student_kernel" in " ".join(manager.provisioner.process.args)
        code = ("import sys, lessons\n"
                "lessons.member_table()\n"
                "print([sys.modules.get(m) is None for m in ('debugpy', 'rfc3987_syntax')],"
                " 'ipykernel.debugger' in sys.modules and sys.modules['ipykernel.debugger']._is_debugpy_available)")
        out = []
        reply = client.execute_interactive(code, timeout=90, output_hook=lambda m: out.append(m))
        assert reply["content"]["status"] == "ok", reply["content"]
        text = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
        assert "[True, True] False" in text, text
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
