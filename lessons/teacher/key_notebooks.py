"""Teacher-side views of the exercise banks.

:func:`key_notebook` builds a lesson's answer-key notebook: every exercise is
answered once correctly and at least once wrongly through the ``answer`` path,
and nbval then checks the stored feedback. The answers come from the bank
(``examples:`` when the author gave them, otherwise derived from the key).
"""

from __future__ import annotations

import json

from lessons.engine.exercises import Exercise, load_bank
from lessons.text import LEVEL_NAMES


def _key_tokens(ex: Exercise) -> list[str]:
    return sorted(ex.keys["main"].tokens) if "main" in ex.keys else []


def right_answer(ex: Exercise):
    """A correct answer to ``ex``, in the form a student would give it."""
    given = (ex.teacher.get("examples") or {}).get("right")
    if given is not None:
        return given
    tokens = _key_tokens(ex)
    if ex.form in ("pilihan_ganda",) or (ex.form == "data" and ex.answer_type == "pilihan"):
        return tokens[0]
    if ex.form == "pg_kompleks":
        return tokens
    if ex.form == "benar_salah":
        truth = dict(tok.split("=") for tok in tokens)
        return ["Benar" if truth[str(i)] == "B" else "Salah" for i in range(1, len(ex.statements) + 1)]
    if ex.form == "menjodohkan":
        return dict(tok.split("=") for tok in sorted(tokens, key=lambda s: int(s.split("=")[0])))
    if ex.form == "isian":
        return ex.teacher["accepted"][0]
    if ex.form == "uraian":
        return ex.teacher["model_answer"]
    if ex.form == "data":
        return ex.teacher["key"]
    raise ValueError(ex.form)


def wrong_answers(ex: Exercise) -> list:
    """At least one wrong answer to ``ex`` (the author's, or derived)."""
    given = (ex.teacher.get("examples") or {}).get("wrong")
    if given is not None:
        return list(given) if isinstance(given, list) and ex.form in ("isian", "uraian", "data", "pilihan_ganda") else [given]
    tokens = _key_tokens(ex)
    if ex.form in ("pilihan_ganda",) or (ex.form == "data" and ex.answer_type == "pilihan"):
        return [next(k for k in ex.options if k not in tokens)]
    if ex.form == "pg_kompleks":
        others = [k for k in ex.options if k not in tokens]
        return [tokens[:-1] or others[:1], tokens + others[:1]] if others else [tokens[:-1]]
    if ex.form == "benar_salah":
        right = right_answer(ex)
        return [["Salah" if a == "Benar" else "Benar" for a in right]]
    if ex.form == "menjodohkan":
        right = right_answer(ex)
        letters = [right[str(i)] for i in range(1, len(ex.left) + 1)]
        rotated = letters[1:] + letters[:1]
        return [{str(i): letter for i, letter in enumerate(rotated, start=1)}]
    if ex.form == "isian":
        return ["saya tidak tahu"]
    if ex.form == "uraian":
        return ["Menurut saya kerja sama itu baik dan perlu dilanjutkan."]
    if ex.form == "data":
        return [float(ex.teacher["key"]) + float(ex.teacher.get("tolerance", 0)) + 1]
    raise ValueError(ex.form)


def teacher_notes(ex: Exercise) -> str:
    """Markdown for the teacher: the question, key, rubric and model answer."""
    lines = [f"### Soal {ex.id} · {ex.form_name} · {LEVEL_NAMES[ex.level]} · {ex.points:g} poin", ""]
    if ex.indicator:
        lines += [f"*Indikator:* {ex.indicator}", ""]
    lines += ["```text", ex.as_text(), "```", ""]
    if ex.form == "uraian":
        lines.append("**Rubrik (tidak pernah ditampilkan kepada siswa):**")
        lines.append("")
        lines.append("| Kriteria | Kata kunci | Poin |")
        lines.append("|---|---|---|")
        for item in ex.teacher["rubric"]:
            lines.append(f"| {item['label']} | {', '.join(item['keywords'])} | {item['points']:g} |")
        lines += ["", f"**Contoh jawaban:** {ex.teacher.get('model_answer', '')}"]
    else:
        lines.append(f"**Kunci:** `{json.dumps(right_answer(ex), ensure_ascii=False)}`")
    if ex.teacher.get("explanation"):
        lines += ["", f"**Pembahasan:** {ex.teacher['explanation']}"]
    return "\n".join(lines)


def _call(ex: Exercise, answer) -> str:
    return f'ks.exercise("{ex.id}", answer={answer!r})'


def key_notebook(lesson: str, title: str):
    """The answer-key notebook of ``lesson`` as an nbformat NotebookNode."""
    import nbformat.v4 as nbf

    bank = load_bank(lesson)
    cells = [
        nbf.new_markdown_cell(
            f"# Kunci Jawaban — Pelajaran {lesson}: {title}\n\n"
            "**Untuk guru. Jangan bagikan buku catatan ini kepada siswa.**\n\n"
            "Setiap soal dijawab sekali dengan benar dan sekali dengan salah melalui `answer=`, "
            "sehingga umpan balik yang akan dilihat siswa tersimpan di bawahnya. "
            "Pengujian `pytest --nbval` menjalankan ulang buku ini dan membandingkan semua umpan balik."
        ),
        nbf.new_code_cell("import lessons as ks"),
    ]
    for ex in bank.values():
        cells.append(nbf.new_markdown_cell(teacher_notes(ex)))
        cells.append(nbf.new_code_cell(_call(ex, right_answer(ex))))
        for wrong in wrong_answers(ex):
            cells.append(nbf.new_code_cell(_call(ex, wrong)))
    nb = nbf.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb
