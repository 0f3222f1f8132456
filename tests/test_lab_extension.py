"""The prebuilt JupyterLab extension that waits for the kernel (lessons.core.lab_extension).

The browser test ``test_run_all_before_the_kernel_is_ready`` shows what it
does; these check what is shipped and how it is put in place."""

from __future__ import annotations

import json
from lessons.core import lab_extension

from .conftest import ROOT


def test_the_prebuilt_extension_is_complete_and_built_from_its_source():
    meta = json.loads((lab_extension.SOURCE / "package.json").read_text(encoding="utf-8"))
    source = json.loads((ROOT / "tools" / "labextension" / "package.json").read_text(encoding="utf-8"))
    assert meta["name"] == source["name"] == lab_extension.NAME
    assert (lab_extension.SOURCE / meta["jupyterlab"]["_build"]["load"]).is_file()
    bundle = "".join(p.read_text(encoding="utf-8") for p in (lab_extension.SOURCE / "static").glob("*.js"))
    code = (ROOT / "tools" / "labextension" / "index.js").read_text(encoding="utf-8")
    for marker in ("kssaWaits", "kssa-waiting-for-kernel", "runAll", f"{lab_extension.NAME}:plugin"):
        assert marker in code and marker in bundle, marker


def test_install_copies_it_once_into_the_users_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    target = lab_extension.install()
    assert target == tmp_path / "data" / "labextensions" / lab_extension.NAME
    assert (target / "package.json").read_bytes() == (lab_extension.SOURCE / "package.json").read_bytes()
    before = target.stat().st_mtime_ns
    assert lab_extension.install() == target and target.stat().st_mtime_ns == before  # already there: untouched
    (target / "package.json").write_text("{}", encoding="utf-8")  # an older or damaged copy is replaced
    assert lab_extension.install() == target
    assert (target / "package.json").read_bytes() == (lab_extension.SOURCE / "package.json").read_bytes()


def test_install_is_silent_when_the_target_is_a_file(tmp_path, monkeypatch):
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    assert lab_extension.install() is None


def test_many_kernels_installing_at_once_leave_one_good_copy(tmp_path):
    """Seven Voilà kernels of one class start together and each runs the install."""
    import subprocess
    import sys

    env = {**__import__("os").environ, "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    code = "from lessons.core import lab_extension; print(lab_extension.install() is not None)"
    runs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True) for _ in range(6)]
    outputs = [run.communicate(timeout=120)[0].strip() for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    target = tmp_path / "data" / "labextensions" / lab_extension.NAME
    assert {p.relative_to(target) for p in target.rglob("*")} == {p.relative_to(lab_extension.SOURCE)
                                                                for p in lab_extension.SOURCE.rglob("*")}
    assert sorted(p.name for p in target.parent.iterdir()) == [lab_extension.NAME]  # no half copies left behind
