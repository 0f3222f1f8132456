"""Releases that tell the truth: --timpa that cannot delete the course, the two
release modes (latihan, ujian), a leak scan that reads stored outputs and
widget state, and a key-recovery test run against real releases."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from lessons.core.paths import course
from lessons.engine.bank import _load_bank_cached, load_bank
from lessons.engine.checking import check
from lessons.engine.model import SealedKey, normalize_text
from lessons.engine.sealing import key_salt
from lessons.teacher import cli
from lessons.teacher.key_notebooks import right_answer, wrong_answers
from lessons.teacher.release import ReleaseError, build_release, feedback_secrets, scan_for_leaks
from lessons.text import t

LESSONS = ["00", "06"]
COURSE = course()  # the teacher's course (a test may later work inside a release)
CLEAR = {ex.id: ex for lesson in LESSONS for ex in load_bank(lesson, COURSE.bank_path(lesson)).values()}


def _clear() -> dict:
    return CLEAR


@pytest.fixture(scope="module")
def latihan(tmp_path_factory):
    return build_release(tmp_path_factory.mktemp("latihan") / "rilis", LESSONS)


@pytest.fixture(scope="module")
def ujian(tmp_path_factory):
    return build_release(tmp_path_factory.mktemp("ujian") / "rilis", LESSONS, exam=["06", "00-02"])


def _sealed_docs(folder: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (folder / "data" / "exercises").glob("*.yml")}


def _entries(folder: Path) -> dict[str, tuple[dict, str]]:
    """Every sealed entry of a release, with its bank's salt."""
    return {e["id"]: (e, doc["sealed"]["salt"]) for doc in _sealed_docs(folder).values() for e in doc["exercises"]}


def _all_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
                     and p.suffix in (".yml", ".json", ".ipynb", ".md", ".py", ".csv", ".txt", ".html"))


# --------------------------------------------------------------------------
# --timpa


def test_timpa_refuses_the_course_folders_above_it_home_and_root(tmp_path, monkeypatch, capsys):
    root = COURSE.root
    before = sorted(p.name for p in root.iterdir())
    for target in (root, root.parent, Path.home(), Path("/")):
        with pytest.raises(ReleaseError) as info:
            build_release(target, ["00"], force=True)
        assert "tidak pernah ditimpa" in str(info.value)
    monkeypatch.chdir(root)
    assert cli.main(["release", ".", "--pelajaran", "00", "--timpa"]) == 2
    err = capsys.readouterr().err
    assert "folder kursus" in err and "Traceback" not in err
    assert sorted(p.name for p in root.iterdir()) == before  # nothing deleted


def test_timpa_replaces_only_a_previous_release(tmp_path):
    other = tmp_path / "berkas-guru"
    other.mkdir()
    (other / "catatan.txt").write_text("penting", encoding="utf-8")
    with pytest.raises(ReleaseError) as info:
        build_release(other, ["00"], force=True)
    assert "tugas.json" in str(info.value) and (other / "catatan.txt").exists()
    (other / "tugas.json").write_text('{"format": "lain"}', encoding="utf-8")  # not ours
    with pytest.raises(ReleaseError):
        build_release(other, ["00"], force=True)
    link = tmp_path / "tautan"
    link.symlink_to(other)
    with pytest.raises(ReleaseError) as info:
        build_release(link, ["00"], force=True)
    assert "symlink" in str(info.value) and (other / "catatan.txt").exists()
    made = build_release(tmp_path / "rilis", ["00"])
    (made.folder / "notebooks" / "lama.txt").write_text("x", encoding="utf-8")
    again = build_release(tmp_path / "rilis", ["00"], force=True)  # a previous release: replaced
    assert again.leaks == [] and not (tmp_path / "rilis" / "notebooks" / "lama.txt").exists()


# --------------------------------------------------------------------------
# the two modes


def test_assignment_and_banks_record_each_exercise_mode(ujian):
    listed = {e["id"]: e["mode"] for e in json.loads((ujian.folder / "tugas.json").read_text(encoding="utf-8"))["exercises"]}
    assert {i for i, m in listed.items() if m == "ujian"} == {i for i in _clear() if i.startswith("06")} | {"00-02"}
    assert "00-02" in (ujian.folder / "TUGAS.md").read_text(encoding="utf-8")
    entries = _entries(ujian.folder)
    for ex_id, mode in listed.items():
        entry = entries[ex_id][0]
        assert (entry.get("mode") == "ujian") == (mode == "ujian")
        if mode == "ujian":
            assert not {"keys", "locked_feedback", "feedback", "criteria", "hint"} & set(entry), ex_id


def test_an_exam_copy_saves_answers_for_the_teacher(ujian, monkeypatch, tmp_path):
    monkeypatch.chdir(ujian.folder / "notebooks")
    monkeypatch.setenv("KSSA_ANSWER_DIR", str(tmp_path))
    _load_bank_cached.cache_clear()
    sealed = load_bank("06")
    assert sealed.sealed and all(ex.exam for ex in sealed.values())
    for ex_id, ex in _clear().items():
        if not ex_id.startswith("06"):
            continue
        for answer in [right_answer(ex), *wrong_answers(ex)]:
            result = check(sealed[ex_id], answer)
            if check(ex, answer).status == "tidak_valid":  # e.g. an essay below its word count: refused alike
                assert result.status == "tidak_valid", ex_id
                continue
            assert (result.status, result.score, result.needs_review) == ("tersimpan", 0.0, True), ex_id
            assert result.message.startswith(t("result_saved_exam")) and "guru" in result.message
        assert check(sealed[ex_id], None).status == "kosong"
    from lessons.views.exercise_widget import ExerciseWidget

    widget = ExerciseWidget(sealed["06-01"])
    widget.controls.set(right_answer(_clear()["06-01"]))
    result = widget.submit()
    assert result.status == "tersimpan" and "tersimpan" in widget.feedback.value
    entry = widget.sheet.read()["answers"]["06-01"]
    assert entry["checked"] and entry["attempts"] == 1
    _load_bank_cached.cache_clear()


def test_practice_copy_still_gives_the_same_feedback(latihan, monkeypatch):
    monkeypatch.chdir(latihan.folder / "notebooks")
    _load_bank_cached.cache_clear()
    sealed = {ex.id: ex for lesson in LESSONS for ex in load_bank(lesson).values()}
    for ex_id, ex in _clear().items():
        for answer in [right_answer(ex), *wrong_answers(ex)]:
            assert check(sealed[ex_id], answer) == check(ex, answer), ex_id
    _load_bank_cached.cache_clear()


def test_cli_modes(tmp_path, capsys):
    assert cli.main(["release", str(tmp_path / "u"), "--pelajaran", "00", "--mode", "ujian"]) == 0
    assert "0 latihan" in capsys.readouterr().out
    assert all(e.get("mode") == "ujian" for e, _salt in _entries(tmp_path / "u").values())
    assert cli.main(["release", str(tmp_path / "v"), "--pelajaran", "00", "--ujian", "05"]) == 2
    assert "05" in capsys.readouterr().err


# --------------------------------------------------------------------------
# stored outputs and widget state


def _teacher_course(tmp_path: Path) -> Path:
    """A course copy whose lesson 00 notebook was run by a teacher who answered and checked."""
    root = tmp_path / "kursus"
    shutil.copytree(COURSE.data, root / "data")
    (root / "notebooks").mkdir()
    source = next(COURSE.notebooks.glob("00-*.ipynb"))
    nb = json.loads(source.read_text(encoding="utf-8"))
    ex = CLEAR["00-01"]
    shown = check(ex, right_answer(ex)).message
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"m1": {"state": {"value": shown}}}}}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and '"00-01"' in "".join(cell["source"]):
            cell["outputs"][0]["data"]["text/html"] = f"<div>{shown}</div>"
    nb["cells"].append({"cell_type": "code", "execution_count": 99, "id": "coba", "metadata": {},
                        "source": f'ks.exercise("00-01", answer="{right_answer(ex)}")',
                        "outputs": [{"output_type": "execute_result", "execution_count": 99, "metadata": {},
                                     "data": {"text/plain": shown}}]})
    (root / "notebooks" / source.name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return root


def test_a_teachers_executed_notebook_does_not_leak_into_a_release(tmp_path):
    root = _teacher_course(tmp_path)
    made = build_release(tmp_path / "rilis", ["00"], root=root)
    assert made.leaks == []
    nb = json.loads(next((made.folder / "notebooks").glob("00-*.ipynb")).read_text(encoding="utf-8"))
    assert "widgets" not in nb["metadata"]
    assert not any("answer=" in "".join(c["source"]) for c in nb["cells"])
    text = json.dumps(nb, ensure_ascii=False)
    assert t("result_correct") not in text
    # the same notebook copied as it was is caught, on each count
    leaky = tmp_path / "bocor"
    shutil.copytree(made.folder, leaky)
    shutil.copy(next((root / "notebooks").glob("00-*.ipynb")), next((leaky / "notebooks").glob("00-*.ipynb")))
    found = "\n".join(scan_for_leaks(leaky, root))
    for words in ("keadaan widget", "answer=", "hasil pemeriksaan", "umpan balik jawaban benar"):
        assert words in found, words


@pytest.mark.parametrize("where", ["output", "widget"])
def test_a_planted_leak_in_an_output_or_widget_state_is_found(latihan, tmp_path, where):
    leaky = tmp_path / "bocor"
    shutil.copytree(latihan.folder, leaky)
    path = next((leaky / "notebooks").glob("06-*.ipynb"))
    nb = json.loads(path.read_text(encoding="utf-8"))
    ex = next(e for e in _clear().values() if e.id.startswith("06") and feedback_secrets(e))
    secret = feedback_secrets(ex)[0]
    if where == "output":
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and "ks.exercise" not in "".join(c["source"]))
        cell["outputs"].append({"output_type": "display_data", "metadata": {}, "data": {"text/html": f"<p>{secret}</p>"}})
    else:
        nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"x": {"value": secret}}}}
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    found = scan_for_leaks(leaky)
    assert any(path.name in f and ex.id in f for f in found), found
    if where == "widget":
        assert any("keadaan widget" in f for f in found)


# --------------------------------------------------------------------------
# key recovery


def _digest(salt: str, ex_id: str, name: str, token: str) -> str:
    return SealedKey.digest(key_salt(salt, ex_id, name), token)


def _candidates(entry: dict, phrases: set[str]) -> dict[str, list[str]]:
    """What a student with ten lines of Python would try, per key name."""
    form = entry["form"]
    if form in ("pilihan_ganda", "data") and "options" in entry:
        return {"main": list(entry["options"])}
    if form == "pg_kompleks":
        codes = list(entry["options"])
        return {"set": ["|".join(c) for n in range(1, len(codes) + 1) for c in itertools.combinations(sorted(codes), n)]}
    if form == "benar_salah":
        return {"main": [f"{i}={v}" for i in range(1, len(entry["statements"]) + 1) for v in "BS"]}
    if form == "menjodohkan":
        return {"main": [f"{i}={c}" for i in range(1, len(entry["left"]) + 1) for c in entry["right"]]}
    if form == "data":
        return {"main": [str(n) for n in range(0, 1001)]}
    if form == "isian":
        return {"main": sorted(phrases)}
    if entry.get("criteria"):
        return {c["keyset"]: sorted(phrases) for c in entry["criteria"]}
    # any other registered form: "place=code" item tokens over the lettered fields it shows
    from lessons.engine.forms import variants

    codes = [code for name in variants(form)[0].visible_fields if isinstance(entry.get(name), dict) for code in entry[name]]
    return {"main": [f"{i}={c}" for i in range(1, len(codes) + 1) for c in codes]}


def recover_keys(folder: Path) -> dict[str, set[str]]:
    """Key tokens recovered from a release by hashing candidates (the attack of the issue)."""
    words = normalize_text(_all_text(folder / "notebooks") + _all_text(folder / "data" / "exercises")).split()
    phrases = {" ".join(words[i:i + n]) for n in range(1, 4) for i in range(len(words) - n + 1)}
    found = {}
    for ex_id, (entry, salt) in _entries(folder).items():
        keys = entry.get("keys") or {}
        for name, candidates in _candidates(entry, phrases).items():
            digests = set((keys.get(name) or {}).get("digests", []))
            hits = {c for c in candidates if _digest(salt, ex_id, name, c) in digests}
            if hits:
                found.setdefault(ex_id, set()).update(hits)
    return found


def test_key_recovery_practice_is_per_exercise_and_exam_has_nothing(latihan, ujian, capsys):
    clear = _clear()
    practice = recover_keys(latihan.folder)
    exam = recover_keys(ujian.folder)
    exam_ids = {i for i in clear if i.startswith("06")} | {"00-02"}
    assert not set(exam) & exam_ids  # ujian: nothing to recover
    # … not even with the teacher's own key tokens: no digest or lock of an exam exercise is in any file
    everything = _all_text(ujian.folder)
    hexes = set(re.findall(r"[0-9a-f]{32,64}", everything))
    for ex_id in exam_ids:
        entry, salt = _entries(ujian.folder)[ex_id]
        for name, key in clear[ex_id].keys.items():
            assert not {_digest(salt, ex_id, name, tok) for tok in key.tokens} & hexes, ex_id
    # recovered practice tokens are the real ones (the attack is what the README warns of)
    for ex_id, tokens in practice.items():
        real = set().union(*(k.tokens for k in clear[ex_id].keys.values()))
        assert tokens <= real, ex_id
    with capsys.disabled():
        print(f"\nkey recovery, lessons {'+'.join(LESSONS)}: latihan {len(practice)}/{len(clear)} exercises "
              f"with some key token recovered by hashing candidates; ujian {len(set(exam) & exam_ids)}/{len(exam_ids)}")


def test_digests_are_per_exercise(latihan):
    """The same token of two exercises gives two digests: one dictionary pass tests one exercise."""
    entries = _entries(latihan.folder)
    (a, (_ea, salt)), (b, _eb) = [(i, v) for i, v in entries.items() if v[0]["form"] == "pilihan_ganda"][:2]
    assert _digest(salt, a, "main", "A") != _digest(salt, b, "main", "A")
    every = [d for e, _s in entries.values() for k in (e.get("keys") or {}).values() for d in k["digests"]]
    assert len(every) == len(set(every))  # no digest is shared by two exercises or two keys


def test_no_key_is_inferable_from_lengths_or_sizes(latihan):
    for ex_id, (entry, _salt) in _entries(latihan.folder).items():
        ciphers = [c for lock in entry.get("locked_feedback", {}).values() for c in lock.values()]
        ciphers += [c for crit in entry.get("criteria", []) for c in crit["label_locked"].values()]
        assert len({len(c) for c in ciphers}) <= 1, ex_id  # one length for every locked text
        for lock in [*entry.get("locked_feedback", {}).values(), *(c["label_locked"] for c in entry.get("criteria", []))]:
            assert len(lock) % 4 == 0, ex_id  # counts rounded: no count of right answers
        for name, key in (entry.get("keys") or {}).items():
            assert set(key) == {"digests"} and len(key["digests"]) % 4 == 0, ex_id  # no size published
        if entry["form"] == "pg_kompleks":
            assert set(entry["keys"]) == {"set"}  # one digest of the whole set, not one per right option
    # the check can fail: an entry sealed the old way (unpadded, per-option digests) is caught
    ex = CLEAR["00-01"]
    assert len({len(f) for f in ex.feedback.values()}) > 1  # the clear feedback lengths differ


def test_key_tokens_of_two_exercises_do_not_share_a_digest_function():
    token = "A"
    assert hashlib.sha256(b"x").hexdigest() != _digest("s", "06-01", "main", token)
    assert _digest("s", "06-01", "main", token) != _digest("s", "06-02", "main", token)


def test_a_release_has_a_home_page_with_only_its_lessons(tmp_path):
    made = build_release(tmp_path / "rilis", lessons=["00", "03"])
    home = json.loads((made.folder / "notebooks" / "beranda.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in home["cells"])
    assert "(00-pengantar.ipynb)" in text and "(03-penanggulangan-bencana.ipynb)" in text
    assert "(01-" not in text and "(06-" not in text
    for target in re.findall(r"\((\d\d-[^)]+\.ipynb)\)", text):
        assert (made.folder / "notebooks" / target).is_file()
