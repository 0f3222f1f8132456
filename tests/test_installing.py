"""lessons.core.installing: the one helper that puts the kernel startup file and the
JupyterLab extension in place (atomically, only when it differs, never raising OSError)."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from lessons.core.installing import holds, install_tree, read_tree

TREE = {"package.json": b'{"name": "x"}', "static/a.js": b"1;", "static/deep/b.js": b"2;"}


def test_a_file_is_written_then_left_alone(tmp_path):
    target = tmp_path / "startup" / "50-x.py"
    assert install_tree(target, b"print(1)\n") == target and target.read_bytes() == b"print(1)\n"
    before = target.stat().st_mtime_ns
    assert install_tree(target, b"print(1)\n") == target and target.stat().st_mtime_ns == before
    assert install_tree(target, b"print(2)\n") == target and target.read_bytes() == b"print(2)\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["50-x.py"]  # no temporary file left


def test_a_folder_is_replaced_whole_when_it_differs(tmp_path):
    target = tmp_path / "labextensions" / "x"
    assert install_tree(target, TREE) == target and read_tree(target) == TREE
    (target / "static" / "old.js").write_bytes(b"stale")  # a file an older version had
    assert not holds(target, TREE)
    assert install_tree(target, TREE) == target and read_tree(target) == TREE
    assert sorted(p.name for p in target.parent.iterdir()) == ["x"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_home_gives_none(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        assert install_tree(home / "x", TREE) is None
        assert install_tree(home / "y.py", b"1") is None
    finally:
        home.chmod(0o700)


def test_a_file_in_the_way_of_a_folder_gives_none_not_an_error(tmp_path):
    (tmp_path / "blocked").write_bytes(b"a file where a folder should go")
    assert install_tree(tmp_path / "blocked" / "x", TREE) is None


def _install(target: str) -> None:
    assert install_tree(Path(target), TREE) is not None


def test_many_processes_at_once_leave_one_complete_copy(tmp_path):
    target = tmp_path / "labextensions" / "x"
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_install, args=(str(target),)) for _ in range(6)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0] * 6
    assert read_tree(target) == TREE
    assert sorted(p.name for p in target.parent.iterdir()) == ["x"]
