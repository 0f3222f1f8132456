"""The leak scan refuses a release only for key material a student could read.

A sealed bank is mostly ciphertext and digests in base64 and hex. Read as
words, a run like "+laUt+" looked like the rubric keyword "laut", and about
one release in ten was refused by chance (issue 21). The scan now reads
what a person could read: plain text, base64 fields decoded when they decode
to text, stored outputs and widget state, never the ciphertext itself.

Here the real scan runs over 200 real sealings of every bank, each with its
own salt, as ``build_release`` writes them (the rest of a release does not
change with the salt, and one whole release is checked clean below); and a
key planted in each place the scan guards is still found.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
import yaml

from lessons.engine.bank import load_bank
from lessons.engine.locks import new_salt
from lessons.teacher.release import (
    available_lessons, build_release, course_of, feedback_secrets, readable, scan_for_leaks, sealed_bank_text,
)

SALTS = 200


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    made = build_release(tmp_path_factory.mktemp("rilis") / "kelas")
    assert made.leaks == []
    return made


def test_two_hundred_salts_no_refusal(release, tmp_path):
    root = course_of(None)
    banks = {lesson: load_bank(lesson, root.bank_path(lesson)) for lesson in available_lessons(root)}
    keep = {ex_id for bank in banks.values() for ex_id in bank}
    folder = tmp_path / "salinan"
    (folder / "data" / "exercises").mkdir(parents=True)
    (folder / "notebooks").mkdir()
    shutil.copy2(release.folder / "tugas.json", folder / "tugas.json")
    for sheet in (release.folder / "notebooks").glob("jawaban-*.json"):
        shutil.copy2(sheet, folder / "notebooks" / sheet.name)
    refused, salts = [], set()
    for _ in range(SALTS):
        salt = new_salt()
        salts.add(salt)
        for lesson, bank in banks.items():
            (folder / "data" / "exercises" / f"{lesson}.yml").write_text(
                sealed_bank_text(bank, lesson, root, salt, keep, set()), encoding="utf-8")
        found = scan_for_leaks(folder, root, keep, set())
        if found:
            refused.append((salt, found[:3]))
    assert len(salts) == SALTS
    assert refused == [], f"{len(refused)} of {SALTS} sealings refused: {refused[:3]}"


def test_ciphertext_reads_as_nothing_but_base64_text_is_read():
    assert "laut" not in readable("abc+laUt+9Qx/Zz==").lower()
    hidden = base64.b64encode("kata kunci persaudaraan".encode()).decode()
    assert "persaudaraan" in readable(f"catatan: {hidden}")
    assert readable("Deklarasi Bangkok 1967") == "Deklarasi Bangkok 1967"  # ordinary words stay as they are


def _copy(release, tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(release.folder, folder)
    return folder


def _bank(lesson: str):
    root = course_of(None)
    return load_bank(lesson, root.bank_path(lesson))


def test_a_planted_key_is_found_in_every_place_the_scan_guards(release, tmp_path):
    essay = _bank("00")["00-08"]
    model_answer = essay.teacher["model_answer"]
    keyword = essay.teacher["rubric"][2]["keywords"][-1]
    choice = next(ex for ex in _bank("00").values() if feedback_secrets(ex))
    right_feedback = feedback_secrets(choice)[0]

    # plain text: a model answer in a note
    plain = _copy(release, tmp_path, "teks")
    (plain / "notebooks" / "catatan.md").write_text(model_answer, encoding="utf-8")
    assert any("catatan.md" in f and "00-08" in f for f in scan_for_leaks(plain))

    # a decoded field: a rubric keyword in base64 inside a sealed bank entry
    decoded = _copy(release, tmp_path, "sandi")
    path = decoded / "data" / "exercises" / "00.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e in doc["exercises"] if e["id"] == "00-08")
    entry["catatan"] = base64.b64encode(keyword.encode("utf-8")).decode("ascii")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert any("00.yml" in f and "00-08" in f and keyword in f for f in scan_for_leaks(decoded))

    # a stored output: the feedback only a right answer opens, and a model answer in base64
    outputs = _copy(release, tmp_path, "keluaran")
    notebook = next((outputs / "notebooks").glob("00-*.ipynb"))
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    cell["outputs"] = [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                        "data": {"text/plain": right_feedback,
                                 "application/octet-stream": base64.b64encode(model_answer.encode()).decode()}}]
    notebook.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    found = scan_for_leaks(outputs)
    assert any(notebook.name in f and choice.id in f for f in found)
    assert any(notebook.name in f and "00-08" in f for f in found)

    # widget state saved in a notebook
    state = _copy(release, tmp_path, "widget")
    notebook = next((state / "notebooks").glob("00-*.ipynb"))
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb.setdefault("metadata", {})["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {"m1": {"state": {"value": right_feedback}}}}}
    notebook.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    found = scan_for_leaks(state)
    assert any(notebook.name in f and "keadaan widget" in f for f in found)
    assert any(notebook.name in f and choice.id in f for f in found)


def test_every_teacher_only_field_written_as_a_key_is_found(release, tmp_path):
    """A teacher-only field name (teacher_fields()) as a key of a sealed bank, in YAML or JSON form, is
    a leak, whichever name it is and wherever in the file; the same word in a sentence is not."""
    from lessons.teacher.release import teacher_fields

    names = teacher_fields()
    copy = _copy(release, tmp_path, "bidang")
    path = copy / "data" / "exercises" / "00.yml"
    clean = path.read_text(encoding="utf-8")
    for i, name in enumerate(names):
        key = f'"{name}": 1' if i % 2 else f"{name}: x"
        path.write_text(clean + f"# {name} is a word in a sentence, not a key\nextra:\n  {key}\n", encoding="utf-8")
        found = [f for f in scan_for_leaks(copy) if "00.yml" in f and f'"{name}"' in f]
        assert found, f"{name} as a key was not found"
    path.write_text(clean + "".join(f"# the {name} of a sentence\n" for name in names), encoding="utf-8")
    assert not [f for f in scan_for_leaks(copy) if "bank guru" in f]
