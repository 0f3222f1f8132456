"""The class server's pure parts (issue 19): the one-student check of plain
Voilà, the shared Voilà settings, the page-close fix, the roster accounts,
placing the course in a home folder, collecting from home folders and the
Zero to JupyterHub values. The real hub and the pages are driven in
tests/test_class_server_browser.py."""

from __future__ import annotations

import os
import time

import pytest

from lessons.deploy import voila_settings
from lessons.engine import live_session
from lessons.text import t

A, B = "a" * 32, "b" * 32


@pytest.fixture
def sheets(tmp_path, monkeypatch):
    monkeypatch.setenv("KSSA_ANSWER_DIR", str(tmp_path))
    monkeypatch.delenv(live_session.CLASS_SERVER_ENV, raising=False)
    live_session._claimed.clear()
    live_session._listeners.clear()
    live_session._shown.clear()
    return tmp_path


def test_no_browser_id_means_no_check(sheets, monkeypatch):
    monkeypatch.delenv(live_session.BROWSER_ENV, raising=False)
    assert live_session.conflict("00") == ""
    assert not (sheets / ".sesi-00").exists()  # JupyterLab, nbval: nothing written


def test_a_second_browser_is_a_conflict_for_both(sheets, monkeypatch):
    monkeypatch.setenv(live_session.BROWSER_ENV, A)
    assert live_session.conflict("00") == ""
    monkeypatch.setenv(live_session.BROWSER_ENV, B)
    assert live_session.conflict("00") == t("live_session_shared")
    monkeypatch.setenv(live_session.BROWSER_ENV, A)
    assert live_session.conflict("00") == t("live_session_shared")
    assert live_session.conflict("01") == ""  # another lesson is another sheet


def test_the_same_browser_again_is_no_conflict(sheets, monkeypatch):
    monkeypatch.setenv(live_session.BROWSER_ENV, A)
    assert live_session.conflict("00") == ""
    assert live_session.conflict("00") == ""  # a reload: the same browser


def test_a_stale_claim_is_no_conflict(sheets, monkeypatch):
    monkeypatch.setenv(live_session.BROWSER_ENV, A)
    live_session.conflict("00")
    old = time.time() - live_session.STALE - 1
    os.utime(sheets / ".sesi-00" / f"{A}.json", (old, old))
    monkeypatch.setenv(live_session.BROWSER_ENV, B)
    assert live_session.conflict("00") == ""


def test_class_server_is_never_checked(sheets, monkeypatch):
    monkeypatch.setenv(live_session.BROWSER_ENV, A)
    monkeypatch.setenv(live_session.CLASS_SERVER_ENV, "1")
    assert live_session.browser() == ""
    assert live_session.conflict("00") == ""


def test_a_conflict_blocks_saving_in_the_widget(sheets, monkeypatch):
    from lessons.engine.answer_sheet import AnswerSheet
    from lessons.views.exercise_widget import exercise_widget

    monkeypatch.setenv(live_session.BROWSER_ENV, B)
    live_session.conflict("00")
    monkeypatch.setenv(live_session.BROWSER_ENV, A)
    view = exercise_widget("00-01")
    assert t("live_session_shared") in view.status.value  # shown at once, before any answer
    view.submit()
    assert AnswerSheet("00").read()["answers"] == {}  # nothing merged into the sheet
    assert t("live_session_shared") in view.status.value



def test_an_answer_held_during_a_conflict_is_saved_when_the_other_browser_leaves(sheets, monkeypatch):
    from lessons.engine.answer_sheet import AnswerSheet
    from lessons.views.exercise_widget import exercise_widget

    monkeypatch.setenv(live_session.BROWSER_ENV, B)
    live_session.conflict("00")
    monkeypatch.setenv(live_session.BROWSER_ENV, A)
    view = exercise_widget("00-01")
    view.submit()  # checked while B's page is open: held, not saved
    assert AnswerSheet("00").read()["answers"] == {}
    (sheets / ".sesi-00" / f"{B}.json").unlink()  # B's page is closed
    view._shared(live_session.conflict("00"))  # what the heartbeat does within 5 s
    saved = AnswerSheet("00").read()["answers"]
    assert list(saved) == ["00-01"] and saved["00-01"]["checked"] is True
    assert view.status.value == ""
    view._shared("")  # nothing held any more: nothing written again
    assert AnswerSheet("00").read()["answers"] == saved


def test_one_sentence_in_indonesian():
    text = t("live_session_shared")
    assert text.count(".") == 1 and text.endswith(".")
    assert "server kelas" in text and "satu siswa" in text


def test_voila_settings_cull_disconnected_kernels_only():
    kernels = voila_settings.SETTINGS["MappingKernelManager"]
    assert kernels["cull_connected"] is False and kernels["cull_busy"] is False
    assert 5 * 60 <= kernels["cull_idle_timeout"] <= 40 * 60  # shorter than a lesson, longer than a discussion
    flags = voila_settings.as_flags()
    assert "--MappingKernelManager.cull_idle_timeout=900" in flags
    assert "--VoilaConfiguration.http_header_envs=X-Kssa-Browser" in flags


def test_page_sessions_wrap_voila_once():
    from voila.handler import VoilaHandler

    from lessons.deploy import page_sessions

    page_sessions.install()
    assert page_sessions.install() is False
    assert getattr(VoilaHandler.prepare, "_kssa", False)


# --------------------------------------------------------------------------
# accounts, the course in a home, collecting from the homes


def test_accounts_from_roster_names_are_stable_and_unique():
    from lessons.teacher.class_server import make_accounts

    first = make_accounts(["Siti Aminah", "Budi Santoso", "Ångström Ö", "guru", "日本"], reserved={"guru"})
    assert first == {"siti-aminah": "Siti Aminah", "budi-santoso": "Budi Santoso", "angstrom-o": "Ångström Ö",
                     "guru-2": "guru", "siswa": "日本"}
    again = make_accounts(["Budi Santoso", "Siti  Aminah", "Siti Aminah"], first, reserved={"guru"})
    assert again["siti-aminah"] == "Siti Aminah" and again["budi-santoso"] == "Budi Santoso"
    assert again["siti-aminah-2"] == "Siti  Aminah"  # another spelling is another student here


def test_course_placed_in_a_home_never_replaces_answers(tmp_path):
    from lessons.deploy.hub import place_course

    release = tmp_path / "rilis"
    (release / "notebooks").mkdir(parents=True)
    (release / "notebooks" / "00-pengantar.ipynb").write_text("v1")
    (release / "notebooks" / "jawaban-00.json").write_text("{}")
    home = tmp_path / "rumah" / "siti"
    assert place_course(release, home) == 2
    sheet = home / "kursus" / "notebooks" / "jawaban-00.json"
    sheet.write_text('{"answers": {"00-01": "B"}}')
    (home / "kursus" / "notebooks" / ".sesi-00").mkdir()
    (release / "notebooks" / "00-pengantar.ipynb").write_text("v2")  # a new release
    assert place_course(release, home) == 1
    assert sheet.read_text() == '{"answers": {"00-01": "B"}}'
    assert (home / "kursus" / "notebooks" / "00-pengantar.ipynb").read_text() == "v2"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    (home / "kursus" / "notebooks" / "00-pengantar.ipynb").unlink()
    (home / "kursus" / "notebooks" / "00-pengantar.ipynb").symlink_to(outside)
    place_course(release, home)
    assert outside.read_text() == "keep"  # a link in a home is never written through


def _sheet(lesson: str, answers: dict) -> str:
    import json

    return json.dumps({"format": "kssa-lembar-jawaban", "version": 1, "lesson": lesson, "id_scheme": 2,
                       "answers": {k: {"answer": v, "checked": True, "attempts": 1} for k, v in answers.items()}})


def test_collect_from_home_folders_grades_every_student_read_only(tmp_path):
    from lessons.deploy.hub import write_accounts
    from lessons.teacher import desk as D
    from lessons.teacher.class_collect import class_entries, grade_class

    kelas = tmp_path / "kelas"
    accounts = {"siti-aminah": "Siti Aminah", "budi-santoso": "Budi Santoso", "ngurah-rai": "Ngurah Rai",
                "dewi": "Dewi Lestari"}
    write_accounts(kelas, accounts)
    homes = kelas / "rumah"
    for account, answer in (("siti-aminah", "A"), ("budi-santoso", "B")):
        notebooks = homes / account / "kursus" / "notebooks"
        notebooks.mkdir(parents=True)
        (notebooks / "jawaban-00.json").write_text(_sheet("00", {"00-01": answer}))
        (notebooks / "00-pengantar.ipynb").write_text("{}")  # the release's notebook: not an answer
    secret = tmp_path / "rahasia.json"
    secret.write_text(_sheet("00", {"00-01": "C"}))
    (homes / "ngurah-rai" / "kursus" / "notebooks").mkdir(parents=True)
    (homes / "ngurah-rai" / "kursus" / "notebooks" / "jawaban-00.json").symlink_to(secret)
    (homes / "dewi").symlink_to(tmp_path)  # a home that is a link is never entered
    before = {p: (p.stat(follow_symlinks=False).st_mtime, p.name) for p in homes.rglob("*")}

    entries = class_entries(kelas, accounts)
    kinds = {e.shown: e.kind for e in entries}
    assert kinds == {"budi-santoso/jawaban-00.json": "file", "dewi": "link",
                     "ngurah-rai/jawaban-00.json": "link", "siti-aminah/jawaban-00.json": "file"}

    desk = D.Desk(tmp_path / "meja")
    run = grade_class(desk, None, kelas)
    rows = {r.name: r for r in run.students}
    assert set(rows) == set(accounts.values())  # one row per roster name, no row per account
    assert rows["Siti Aminah"].answers["00-01"] == "A" and rows["Budi Santoso"].answers["00-01"] == "B"
    assert "00-01" not in rows["Ngurah Rai"].answers  # the link was not followed
    assert desk.run is run and desk.outputs
    after = {p: (p.stat(follow_symlinks=False).st_mtime, p.name) for p in homes.rglob("*")}
    assert after == before  # nothing written, renamed or removed in the homes


def test_collect_off_the_class_server_is_one_sentence(monkeypatch, tmp_path):
    from lessons.teacher import desk as D

    monkeypatch.delenv("KSSA_KELAS_DIR", raising=False)
    shown = D.collect_from_class(tmp_path / "meja")._repr_mimebundle_()["text/plain"]
    assert t("class_collect_not_here") in shown


# --------------------------------------------------------------------------
# Zero to JupyterHub values


def test_z2jh_values_carry_the_course_settings():
    """The chart itself cannot be fetched here (it is served from the project's
    own Helm repository, not from PyPI, npm or Debian), so `helm template` is not
    run; the values are checked against the code they must agree with."""
    import yaml

    from lessons.deploy.hub import home_page_url, server_config
    from lessons.deploy.z2jh import VALUES

    values = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    single = values["singleuser"]
    assert single["defaultUrl"] == home_page_url()
    assert single["cmd"] == ["python", "-m", "lessons.deploy.hub.singleuser"]  # as c.Spawner.cmd on the class server
    assert "gitpuller" in " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert values["cull"]["enabled"] is True and 30 * 60 <= values["cull"]["timeout"] <= 2 * 60 * 60
    guarantee = single["memory"]["guarantee"]
    assert guarantee.endswith("M") and 150 <= int(guarantee[:-1]) <= 1000
    assert single["memory"]["limit"] in ("1G", "2G")
    assert single["extraFiles"]["jupyter_server_config.json"]["data"] == server_config()
    assert single["extraEnv"]["KSSA_SERVER_KELAS"] == "1"
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "firstuse"
    assert "repo2docker" in VALUES.read_text(encoding="utf-8")


def _in_own_loop(coroutine_function):
    """Run a coroutine in an event loop of its own thread (a browser test's loop may be running in this one)."""
    import asyncio
    import threading

    out = []
    thread = threading.Thread(target=lambda: out.append(asyncio.run(coroutine_function())))
    thread.start()
    thread.join(timeout=120)
    assert out, "the coroutine did not finish"
    return out[0]


# --------------------------------------------------------------------------
# a fast class server: Beranda without a kernel, today's lesson preheated, servers pre-started


def test_a_page_without_code_is_served_without_a_kernel(tmp_path):
    import nbformat

    from lessons.deploy import static_pages

    from .test_browser import ROOT

    page = static_pages.page_for("beranda.ipynb", str(ROOT / "notebooks"))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="id">' in page
    assert 'href="00-pengantar.ipynb"' in page and 'href="glosarium.ipynb"' in page  # links as in Voilà's page
    assert "<script" not in page  # nothing to load, nothing to run
    lesson = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Judul"),
                                             nbformat.v4.new_code_cell("import lessons as ks")])
    nbformat.write(lesson, tmp_path / "00-x.ipynb")
    assert static_pages.page_for("00-x.ipynb", str(tmp_path)) is None  # code: Voilà renders it with a kernel
    assert static_pages.page_for("tidak-ada.ipynb", str(tmp_path)) is None


def test_the_preheated_lesson_is_today_s_and_the_servers_use_the_preheating_manager(tmp_path):
    from lessons.deploy.hub import KERNEL_MANAGER, preheat_paths, server_config
    from lessons.deploy.preheat import PreheatKernelManager, preheat_notebooks

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("beranda.ipynb", "00-pengantar.ipynb", "01-pengertian.ipynb"):
        (notebooks / name).write_text("{}")
    assert preheat_paths(tmp_path, ["00"]) == ["kursus/notebooks/00-pengantar.ipynb"]
    assert preheat_paths(tmp_path, ["07"]) == []
    assert preheat_notebooks({"KSSA_PREHEAT": os.pathsep.join(["kursus/notebooks/00-pengantar.ipynb", "x"])}) == \
        ["kursus/notebooks/00-pengantar.ipynb"]
    config = server_config()
    assert config["ServerApp"]["kernel_manager_class"] == KERNEL_MANAGER
    module, _, name = KERNEL_MANAGER.rpartition(".")
    assert getattr(__import__(module, fromlist=[name]), name) is PreheatKernelManager
    assert config["ServerApp"]["tornado_settings"]["compress_response"] is True


def test_prestart_starts_every_server_within_the_memory_budget(monkeypatch):
    from lessons.deploy.hub import prestart as P

    calls = []

    def api(method, path, token, base, body=None):
        calls.append((method, path, body))
        if method == "GET":
            return 200, {"servers": {"": {"ready": True}}}
        return 202, {}

    monkeypatch.setattr(P, "_api", api)
    monkeypatch.setattr(P, "PAUSE", 0)
    free = iter([5000, 5000, 1000])  # MB free before each start: the third does not fit (budget + reserve)
    done = P.prestart(["a", "b", "c", "d"], "token", "http://hub/api", budget_mb=300, reserve_mb=1024,
                      parallel=1, free=lambda: next(free), keep_every=0.01)
    assert done == {"a": "siap", "b": "siap", "c": "tanpa-memori", "d": "tanpa-memori"}
    started = [path for method, path, _ in calls if method == "POST" and path.endswith("/server")]
    assert started == ["users/a/server", "users/b/server"]
    activity = {path: body for method, path, body in calls if path.endswith("/activity")}
    assert set(activity) == {"users/a/activity", "users/b/activity"}  # the culler counts from "all ready"
    assert [path for method, path, _ in calls][-2:] == ["users/a/activity", "users/b/activity"]
    assert activity["users/a/activity"]["servers"][""]["last_activity"].endswith("Z")


def test_the_teacher_resets_a_student_password_in_meja_guru(tmp_path, monkeypatch):
    import dbm

    from lessons.deploy.hub import write_accounts
    from lessons.teacher import desk as D

    kelas = tmp_path / "kelas"
    write_accounts(kelas, {"siti-aminah": "Siti Aminah", "budi-santoso": "Budi Santoso"})
    (kelas / "hub").mkdir()
    with dbm.open(str(kelas / "hub" / "sandi.dbm"), "c") as db:
        for account in ("siti-aminah", "budi-santoso", "guru"):
            db[account] = b"hash"
    monkeypatch.setenv("KSSA_KELAS_DIR", str(kelas))
    view = D.collect_from_class(tmp_path / "meja")
    reset = view.widget.reset
    assert [label for label, _ in reset.who.options] == ["Budi Santoso (budi-santoso)", "Siti Aminah (siti-aminah)"]
    assert reset.button.disabled  # nobody chosen yet
    reset.who.value = "siti-aminah"
    reset.button.click()
    assert "Siti Aminah" in reset.status.value and "siti-aminah" in reset.status.value
    with dbm.open(str(kelas / "hub" / "sandi.dbm"), "r") as db:
        assert set(k.decode() for k in db.keys()) == {"budi-santoso", "guru"}  # only hers is gone
    reset.button.click()  # twice: she has no password now; one Indonesian sentence, nothing else removed
    assert t("class_reset_unknown", account="siti-aminah") in reset.status.value
    from lessons.teacher.class_server import forget_password

    assert forget_password(kelas, "guru", students_only=True) is False  # the teacher's own is not a student's


def test_plain_voila_hands_a_vanished_page_over_sooner_than_the_class_server():
    settings = voila_settings.student_mode_settings()
    plain, kelas = settings["MappingKernelManager"], voila_settings.SETTINGS["MappingKernelManager"]
    assert plain["cull_idle_timeout"] == voila_settings.HANDOVER_TIMEOUT < kelas["cull_idle_timeout"]
    assert plain["cull_connected"] is False  # a page that is open is never culled
    minutes = (voila_settings.HANDOVER_TIMEOUT + plain["cull_interval"] + live_session.STALE
               + live_session.HEARTBEAT) / 60
    assert f"paling lama {int(minutes + 0.999)} menit" in t("live_session_shared")


def test_a_student_server_has_voila_and_no_terminal_the_teacher_has_jupyterlab():
    from lessons.deploy.hub import server_config, student_server_config

    student = student_server_config()["ServerApp"]
    assert student["jpserver_extensions"]["voila.server_extension"] is True
    assert student["jpserver_extensions"]["jupyter_server_terminals"] is False and student["terminals_enabled"] is False
    assert student["jpserver_extensions"]["jupyterlab"] is False
    assert "jupyterlab" not in server_config()["ServerApp"]["jpserver_extensions"]  # the teacher's: as installed


def test_a_preheated_kernel_taken_by_its_page_is_not_culled_before_the_page_connects():
    import asyncio
    import datetime
    import logging
    import types

    from lessons.deploy.preheat import PreheatKernelManager

    async def scenario():
        manager = PreheatKernelManager.__new__(PreheatKernelManager)  # no kernels started: the pool's logic only
        manager.notebook_data, manager._pools, manager._waiting = {}, {}, {"k1"}
        kernel = types.SimpleNamespace(last_activity=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
        manager.get_kernel = lambda kernel_id: kernel
        manager.log = logging.getLogger("kssa.test.preheat")
        renderer = types.SimpleNamespace(stop_generator=False, rendered_cache=["<div>"])

        async def heated():
            return {"task": "render", "renderer": renderer, "kernel_id": "k1"}

        manager._pools["nb.ipynb"] = [asyncio.ensure_future(heated())]
        assert manager.get_pool_size("nb.ipynb") == 1
        assert await manager.cull_kernel_if_idle("k1") is None  # waiting in the pool: never culled
        task, cache, kernel_id = await manager.get_rendered_notebook("nb.ipynb")
        assert (task, cache, kernel_id) == ("render", ["<div>"], "k1") and renderer.stop_generator
        assert manager.get_pool_size("nb.ipynb") == 0  # used once, not refilled
        assert "k1" not in manager._waiting
        idle = datetime.datetime.now(datetime.timezone.utc) - kernel.last_activity
        assert idle.total_seconds() < 5  # the culler counts from the page's opening

    _in_own_loop(scenario)


def test_passwords_are_set_once_and_checked_off_the_hub_event_loop(tmp_path):
    import asyncio
    import types

    from lessons.deploy.hub.auth import ClassAuthenticator

    auth = ClassAuthenticator(dbm_path=str(tmp_path / "sandi.dbm"), create_users=True, min_password_length=6)
    handler = types.SimpleNamespace(custom_login_error="")

    async def logins():
        first = await asyncio.gather(*(auth.authenticate(handler, {"username": f"siswa-{i}", "password": f"rahasia-{i}"})
                                       for i in range(4)))  # a class at once: every first password is kept
        again = [await auth.authenticate(handler, {"username": f"siswa-{i}", "password": f"rahasia-{i}"})
                 for i in range(4)]
        wrong = await auth.authenticate(handler, {"username": "siswa-1", "password": "rahasia-2"})
        short = await auth.authenticate(handler, {"username": "baru", "password": "abc"})
        return first, again, wrong, short

    first, again, wrong, short = _in_own_loop(logins)
    assert first == again == [f"siswa-{i}" for i in range(4)]
    assert wrong is None and short is None
    assert handler.custom_login_error == t("hub_password_short", count=6)
