"""The generated teacher pages in guru/ (the planning kit, the key notebooks) are rebuilt by one
command, ``python tools/build_guru.py``; this test fails when a committed page is stale, so CI does."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tools import build_guru

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_teacher_pages_are_what_the_command_builds():
    found = build_guru.stale()
    assert found == [], f"stale: {found}; run: python tools/build_guru.py"


def _course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "kursus"
    for name in ("data", "notebooks", "guru"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("jawaban-*", ".ipynb_checkpoints"))
    return root


def test_a_new_question_makes_its_lessons_pages_stale_and_no_other(tmp_path, monkeypatch, capsys):
    root = _course_copy(tmp_path)
    monkeypatch.setenv("KSSA_COURSE_DIR", str(root))
    assert build_guru.stale(root) == []
    bank = root / "data" / "exercises" / "00.yml"
    doc = yaml.safe_load(bank.read_text(encoding="utf-8"))
    doc["exercises"].append({**doc["exercises"][0], "id": f"00-{len(doc['exercises']) + 1:02d}"})
    bank.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert build_guru.stale(root) == ["guru/kunci/00-kunci.ipynb"]  # the plan pages list what the notebook shows


def test_a_changed_plan_or_a_removed_page_is_found(tmp_path, monkeypatch):
    root = _course_copy(tmp_path)
    monkeypatch.setenv("KSSA_COURSE_DIR", str(root))
    plans = root / "data" / "teaching_plans.yml"
    doc = yaml.safe_load(plans.read_text(encoding="utf-8"))
    lesson = sorted(doc["pelajaran"])[1]
    doc["pelajaran"][lesson]["diagnostik"][0]["tanya"] += " (diubah)"
    plans.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "guru" / "rencana" / "index.html").unlink()
    assert build_guru.stale(root) == ["guru/rencana/index.html", f"guru/rencana/rencana-{lesson}.html"]
