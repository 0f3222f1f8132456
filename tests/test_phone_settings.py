"""Issue 20 without a browser: the Voilà settings for phones, the course's
template, and answers read again when a preheated page is opened."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from lessons.deploy import voila_settings
from lessons.engine.answer_sheet import AnswerSheet
from lessons.engine.bank import find_exercise
from lessons.text import t
from lessons.views import exercise_widget


def test_settings_compress_preheat_and_use_the_course_template():
    flags = voila_settings.as_flags()
    assert "--VoilaConfiguration.preheat_kernel=True" in flags
    assert f"--VoilaConfiguration.template={voila_settings.TEMPLATE}" in flags
    assert any(f.startswith("--Voila.tornado_settings=") and "'compress_response': True" in f for f in flags)
    assert voila_settings.SETTINGS["VoilaConfiguration"]["show_tracebacks"] is False  # the lead's block stays
    folder = voila_settings.TEMPLATE_ROOT / "voila" / "templates" / voila_settings.TEMPLATE
    for name in ("conf.json", "index.html.j2", "page.html", "error.html", "404.html"):
        assert (folder / name).is_file(), name
    index = (folder / "index.html.j2").read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in index and "Executing" not in index and "Running" not in index
    assert voila_settings.SETTINGS["VoilaConfiguration"]["resources"]["kssa"]["loading_title"] == t("loading_title")


def test_use_template_puts_the_template_first_on_jupyter_path():
    env = {"JUPYTER_PATH": "/a"}
    voila_settings.use_template(env)
    voila_settings.use_template(env)  # twice: still once
    assert env["JUPYTER_PATH"].split(":") == [str(voila_settings.TEMPLATE_ROOT), "/a"]


def test_a_preheated_page_reads_the_answers_again_when_it_is_opened(tmp_path, monkeypatch):
    """The kernel ran the lesson before the student came; meanwhile another page saved an answer."""
    monkeypatch.setenv("KSSA_ANSWER_DIR", str(tmp_path))
    monkeypatch.setattr(exercise_widget, "_WATCHING", [])
    assert not exercise_widget.reload_when_opened({})  # not preheated: nothing to wait for
    opened = []
    import voila.utils

    monkeypatch.setattr(voila.utils, "wait_for_request", lambda url=None: opened.append(True))
    monkeypatch.setattr(exercise_widget, "reload_when_opened", lambda environ=None: False)  # no thread yet
    widget = exercise_widget.ExerciseWidget(find_exercise("00-01"))
    other = exercise_widget.ExerciseWidget(find_exercise("00-02"))
    assert widget.answer() in (None, "")
    AnswerSheet("00").save("00-01", "B")  # answered in another page, after the preheat
    other.sheet.save("00-02", "kata")
    monkeypatch.undo()  # the real reload_when_opened, with wait_for_request still replaced
    monkeypatch.setenv("KSSA_ANSWER_DIR", str(tmp_path))
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda url=None: opened.append(True))
    monkeypatch.setattr(exercise_widget, "_WATCHING", [])
    assert exercise_widget.reload_when_opened({"VOILA_PREHEAT": "True"})
    exercise_widget._WATCHING[0].join(timeout=10)
    assert opened and widget.answer() == "B"
    assert not exercise_widget.reload_when_opened({"VOILA_PREHEAT": "True"})  # once per kernel


def test_a_stale_page_never_replaces_another_exercise_s_newer_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("KSSA_ANSWER_DIR", str(tmp_path))
    stale = exercise_widget.ExerciseWidget(find_exercise("00-01"))
    AnswerSheet("00").save("00-02", "newer")  # another page, later
    stale.sheet.save("00-01", "C")
    time.sleep(0)
    assert AnswerSheet("00").answer("00-02") == "newer" and AnswerSheet("00").answer("00-01") == "C"


@pytest.mark.skipif(os.name == "nt", reason="Unix sockets: Linux and macOS only")
def test_kernel_sockets_get_a_private_short_folder(monkeypatch):
    """``python -m lessons mulai`` on Linux and macOS: kernels on Unix sockets in a folder only this user
    can enter, short enough for the 104-byte socket names; a folder too long keeps TCP."""
    import stat

    from lessons.deploy import student_mode

    folder = student_mode.private_kernel_sockets()
    try:
        assert folder is not None and folder.is_dir()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        longest = folder / ("voila_" + "x" * 8) / f"kernel-{'0' * 8}-{'0' * 4}-{'0' * 4}-{'0' * 4}-{'0' * 12}-ipc-99999"
        assert len(os.fsencode(str(longest))) <= 104, longest
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    monkeypatch.setattr(student_mode, "SOCKET_NAME_ROOM", 5)
    made = []
    real_mkdtemp = tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp", lambda **kw: made.append(real_mkdtemp(**kw)) or made[-1])
    assert student_mode.private_kernel_sockets() is None
    assert len(made) == 1 and not Path(made[0]).exists()  # nothing left behind


def test_standalone_pages_are_preheated_one_at_a_time_in_lesson_order(tmp_path):
    """``mulai``: Voilà's pool is filled page by page, lessons first and in order, each once the one before
    has run; a page without code (Beranda) gets no kernel; a page that took its kernel gets no second one
    (Voilà asks for a refill: refused)."""
    import asyncio

    from lessons.deploy.preheat import in_lesson_order

    import nbformat

    code = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("tampilkan()")])
    text = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Beranda")])
    names = ["glosarium.ipynb", "02-b.ipynb", "beranda.ipynb", "00-a.ipynb", "10-c.ipynb", "01-a.ipynb"]
    for name in names:
        nbformat.write(text if name == "beranda.ipynb" else code, str(tmp_path / name))
    events = []

    class VoilaPool:  # what in_lesson_order relies on in Voilà's VoilaKernelManager
        def __init__(self, **kwargs):
            self.root_dir = str(tmp_path)
            self._pools = {}
            for name in names:
                self.fill_if_needed(delay=0, notebook_name=name)

        def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
            events.append(("start", notebook_name, delay))

            async def run():
                await asyncio.sleep(0.01)
                events.append(("ran", notebook_name, None))

            async def heat():
                await asyncio.sleep(0.01)
                return {"task": asyncio.get_event_loop().create_task(run())}

            self._pools.setdefault(notebook_name, []).append(asyncio.get_event_loop().create_task(heat()))

    async def main():
        manager = in_lesson_order(lambda *a, **k: VoilaPool)()(parent=None)
        assert events == []  # nothing started while Voilà's own __init__ ran
        await manager._kssa_filling
        manager.fill_if_needed(notebook_name="00-a.ipynb")  # a page took its kernel: Voilà asks for a refill
        return manager

    import threading

    found = {}  # in a thread of its own: a browser test before it may have left this thread's loop running
    worker = threading.Thread(target=lambda: found.update(manager=asyncio.run(main())))
    worker.start()
    worker.join(timeout=30)
    manager = found["manager"]
    order = ["00-a.ipynb", "01-a.ipynb", "02-b.ipynb", "10-c.ipynb", "glosarium.ipynb"]
    assert events == [e for name in order for e in (("start", name, 0), ("ran", name, None))]  # no refill
    assert "beranda.ipynb" not in manager._pools
