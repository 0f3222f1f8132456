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
