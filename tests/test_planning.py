"""The teacher's planning kit (guru/rencana/): generated from data/teaching_plans.yml,
the notebooks and the banks; committed pages up to date; plans never in a student copy."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from lessons.core.paths import course
from lessons.teacher import planning
from lessons.teacher.cli import main
from lessons.teacher.release import TEACHER_DATA, available_lessons, build_release, scan_for_leaks

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def plans():
    return planning.course_plans()


def _copy_course(tmp_path: Path) -> Path:
    root = tmp_path / "kursus"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("jawaban-*", ".ipynb_checkpoints"))
    return root


def _edit_plans(root: Path, change) -> None:
    path = root / "data" / planning.PLAN_FILE
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_lesson_has_a_page_with_every_part_of_the_kit(plans):
    made = planning.pages(course=plans)
    assert set(made) == {"index.html", *(planning.page_name(lesson) for lesson in available_lessons())}
    for lesson in available_lessons():
        page = html.unescape(made[planning.page_name(lesson)])
        for heading in ("plan_h_objectives", "plan_h_cp", "plan_h_k13", "plan_h_triggers", "plan_h_diagnostic",
                        "plan_h_differentiation", "plan_h_remedial", "plan_h_enrichment", "plan_h_pancasila",
                        "plan_h_project", "plan_h_short", "plan_h_sources"):
            assert planning.t(heading) in page, (lesson, heading)
        plan = plans.doc["pelajaran"][lesson]
        assert 3 <= len(plan["diagnostik"]) <= 4
        for item in plan["diagnostik"]:
            assert item["tanya"] in page and item["jawab"] in page
        for tp, text in planning.objectives(lesson):  # the notebook's own objectives
            assert text in page


def test_flow_has_the_notebooks_parts_minutes_and_exercises(plans):
    for lesson in available_lessons():
        page = html.unescape(planning.pages(course=plans)[planning.page_name(lesson)])
        parts = plans.parts[lesson]
        assert parts, lesson
        for part in parts:
            assert part.label in page and planning.t("plan_minutes", minutes=part.minutes) in page
            for ex in part.exercises:
                assert ex in page
        # every exercise the notebook shows sits under one part
        nb = json.loads(planning.notebook_path(lesson).read_text(encoding="utf-8"))
        shown = {ex for cell in nb["cells"] if cell["cell_type"] == "code"
                 for ex in planning.EXERCISE.findall("".join(cell["source"]))}
        assert shown == {ex for p in parts for ex in p.exercises}, lesson


def test_the_cp_is_quoted_with_a_source_and_the_missing_asean_is_said(plans):
    kurikulum = plans.doc["kurikulum"]
    assert kurikulum["merdeka"]["menyebut_asean"] is False
    index = html.unescape(planning.pages(course=plans)["index.html"])
    assert "tidak menyebut ASEAN" in index and "046/H/KR/2025" in index
    for cp in kurikulum["merdeka"]["cp"]:
        assert cp["kutipan"] in index
    urls = {s["url"] for s in kurikulum["sumber"]}
    assert all(u.startswith("https://") for u in urls)
    for kd in ("3.1", "4.1"):
        assert f"KD {kd}" in index


def test_short_path_fits_three_or_four_meetings_and_places_every_part(plans):
    meetings = planning.short_path()
    assert 3 <= len(meetings) <= 4
    for meeting in meetings:
        assert 0 < meeting["class_minutes"] <= planning.MEETING_MINUTES, meeting["title"]
    placed = [(p["lesson"], p["label"]) for m in meetings for p in (*m["class"], *m["home"])]
    every = [(lesson, part.label) for lesson in available_lessons() for part in plans.parts[lesson]]
    assert sorted(placed) == sorted(every)
    index = html.unescape(planning.pages(course=plans)["index.html"])
    for meeting in meetings:
        assert meeting["title"] in index


def test_only_announced_sections_may_be_missing_from_the_notebooks(plans):
    announced = set()
    for lesson, plan in plans.doc["pelajaran"].items():
        announced |= {f'pelajaran {lesson}: "{n["bagian"]}"' for n in plan["alur"] if n.get("baru")}
    for meeting in plans.doc["jalur_singkat"]["pertemuan"]:
        announced |= {f'pelajaran {r["pelajaran"]}: "{r["bagian"]}"' for r in (*meeting["kelas"], *meeting["rumah"]) if r.get("baru")}
    assert set(plans.unused) <= announced


@pytest.mark.parametrize("change, words", [
    (lambda d: d["pelajaran"]["01"].pop("pemantik"), "pemantik"),
    (lambda d: d["pelajaran"]["01"]["diagnostik"].append({"tanya": "a", "jawab": "b"}) or
     d["pelajaran"]["01"]["diagnostik"].append({"tanya": "c", "jawab": "d"}), "terlalu banyak"),
    (lambda d: d["pelajaran"]["02"]["remedial"][0]["soal"].append("02-99"), "02-99"),
    (lambda d: d["pelajaran"]["00"]["alur"].pop(0), "Bagian 1"),
    (lambda d: d["pelajaran"]["00"]["alur"].append({"bagian": "tidak ada bagian begini", "catatan": "x"}), "tidak ada bagian begini"),
    (lambda d: d["pelajaran"]["00"]["alur"].append({"bagian": "latihan", "catatan": "x"}), "lebih dari satu"),
    (lambda d: d["jalur_singkat"]["pertemuan"][0]["rumah"].pop(0), "Jalur singkat belum"),
    (lambda d: d["pelajaran"]["03"]["cp"].append({"ref": "entah", "kaitan": "x"}), "entah"),
    (lambda d: d["kurikulum"]["sumber"][0].update(mutu="bagus"), "mutu"),
    (lambda d: d.pop("pelajaran"), "pelajaran"),
])
def test_a_broken_plan_file_gives_one_indonesian_sentence(tmp_path, monkeypatch, capsys, change, words):
    root = _copy_course(tmp_path)
    _edit_plans(root, change)
    monkeypatch.chdir(root)
    monkeypatch.delenv("KSSA_DATA_DIR", raising=False)
    monkeypatch.delenv("KSSA_COURSE_DIR", raising=False)
    with pytest.raises(planning.PlanError) as err:
        planning.course_plans(root)
    assert words in str(err.value)
    assert main(["rencana", str(tmp_path / "keluar")]) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err and words in out.err and len(out.err.strip().splitlines()) == 1
    assert not (tmp_path / "keluar").exists()


def test_a_missing_or_unparsable_plan_file_is_reported(tmp_path):
    root = _copy_course(tmp_path)
    path = root / "data" / planning.PLAN_FILE
    path.write_text("pelajaran: [tidak ditutup\n", encoding="utf-8")
    with pytest.raises(planning.PlanError, match="bukan YAML yang sah"):
        planning.course_plans(root)
    path.unlink()
    with pytest.raises(planning.PlanError, match="tidak ditemukan"):
        planning.course_plans(root)


def test_a_notebook_part_without_a_flow_note_stops_the_generator(tmp_path):
    root = _copy_course(tmp_path)
    nb = next((root / "notebooks").glob("01-*.ipynb"))
    text = nb.read_text(encoding="utf-8").replace("| 5 | Latihan penutup dan rangkuman | 10 menit |",
                                                  "| 5 | Latihan penutup dan rangkuman | 10 menit |\\n\",\n    \"| 6 | Kuis kilat | 5 menit |")
    assert "Kuis kilat" in text
    nb.write_text(text, encoding="utf-8")
    with pytest.raises(planning.PlanError, match="Kuis kilat"):
        planning.course_plans(root)


def test_cli_writes_the_kit(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["rencana", str(tmp_path / "rencana")]) == 0
    assert str(tmp_path / "rencana") in capsys.readouterr().out
    names = sorted(p.name for p in (tmp_path / "rencana").iterdir())
    assert names == sorted(["index.html", *(planning.page_name(lesson) for lesson in available_lessons())])
    page = (tmp_path / "rencana" / "index.html").read_text(encoding="utf-8")
    assert "@media print" in page and "@media (max-width" in page and 'name="viewport"' in page
    for lesson in available_lessons():
        assert f'href="rencana-{lesson}.html"' in page


def test_plans_never_reach_a_student_copy(tmp_path):
    assert planning.PLAN_FILE in TEACHER_DATA
    made = build_release(tmp_path / "rilis", ["00"])
    assert not list(made.folder.rglob(planning.PLAN_FILE))
    assert not (made.folder / "lessons" / "teacher").exists()
    released = {ex["id"] for ex in made.exercises}
    assert made.leaks == [] and scan_for_leaks(made.folder, only=released) == []
    shutil.copy(course().data / planning.PLAN_FILE, made.folder / "data" / planning.PLAN_FILE)
    assert any(planning.PLAN_FILE in problem for problem in scan_for_leaks(made.folder, only=released))


def test_plan_text_is_standard_indonesian():
    from tests.test_content import NON_BAKU

    text = (ROOT / "data" / planning.PLAN_FILE).read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    problems = [m.group(0) for pattern in NON_BAKU for m in re.finditer(pattern, text, re.I)]
    assert not problems, problems
