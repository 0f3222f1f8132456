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


def test_bank_doc() -> dict:
    """The fixture bank's document: ``bank-99.yml`` and the exercises of every ``bank-99-<form>.yml``
    (a question form added later brings its own file; ``tests/test_forms_contract.py`` checks that
    the bank then has an exercise of every registered form)."""
    import yaml

    doc = yaml.safe_load((FIXTURES / "bank-99.yml").read_text(encoding="utf-8"))
    for path in sorted(FIXTURES.glob("bank-99-*.yml")):
        doc["exercises"] += yaml.safe_load(path.read_text(encoding="utf-8"))["exercises"]
    return doc


test_bank_doc.__test__ = False  # a helper, not a test


@pytest.fixture
def test_bank(tmp_path):
    """The fixture bank (lesson "99") with at least one exercise of every registered form."""
    import yaml

    from lessons.engine.bank import load_bank

    path = tmp_path / "bank-99.yml"
    path.write_text(yaml.safe_dump(test_bank_doc(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_bank("99", path)


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
