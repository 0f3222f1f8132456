"""Shared fixtures. Tests never write into the repository: answer sheets go
to a temporary folder, and corrupted-data cases work on a copy of data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _answer_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KSSA_ANSWER_DIR", str(tmp_path / "jawaban"))


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of data/, used by the loader for this test."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("KSSA_DATA_DIR", str(target))
    return target


@pytest.fixture
def test_bank():
    """The fixture bank (lesson "99") with one exercise of every form."""
    from lessons.engine.bank import load_bank

    return load_bank("99", FIXTURES / "bank-99.yml")


def pytest_terminal_summary(terminalreporter):
    """Print the source-quality count (issue 22) at the end of every run that collected tests/."""
    try:
        from .test_data import source_quality_counts

        counts = source_quality_counts()
    except Exception as error:  # a broken data file is reported by the data tests themselves
        terminalreporter.write_line(f"source_quality: not counted ({error})")
        return
    total = sum(counts.values())
    terminalreporter.write_sep("-", "source quality of data/")
    terminalreporter.write_line(f"source_quality: primer {counts['primer']}, sekunder {counts['sekunder']}, "
                                f"lemah {counts['lemah']} (of {total} sourced rows)")


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, driven by Playwright: one browser per test process, shared by every
    browser test (each test opens contexts of its own). The browser test files skip themselves (or,
    under CI, fail) when Chromium or Playwright is missing, before this is ever used."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
