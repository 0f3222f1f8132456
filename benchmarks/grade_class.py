#!/usr/bin/env python3
"""Benchmark: grade a generated class, against a floor measured in the same run.

Usage: python benchmarks/grade_class.py [N ...] [--bermusuhan]   (default: 1000 10000)

For each class size N it builds a release of the whole course, writes N
students' answer sheets (one per lesson: a mix of right, wrong, empty and
junk answers; every essay different, as real essays are), grades them with the same code as
``python -m lessons grade`` and writes every output (gradebook, feedback
pages, item analysis, report).

The *floor* is measured on the same files in the same run: reading every
file and parsing its JSON, which no grading run can avoid. The run is
reported twice, each with its own floor: in wall seconds, and in CPU seconds
of this process (the machine is shared, so wall time also counts other
people's work; judge by CPU): grading and writing apart, the total, the total
as a multiple of the floor, and per student, so the cost can be seen to grow
linearly with the class (the per-student time at 10,000 students is about the
one at 1,000; the last line gives the ratio). Targets (issue 21): 1,000
students in at most 10 s, 10,000 in at most 100 s, on the 2-core machine.

``--bermusuhan`` adds, per ten students, one hostile entry of every kind
(JSON nested 100,000 deep, a 1.9 MB notebook line, unhashable literals,
control characters and lone surrogates, dangling, looping and classmate
links, FIFOs, 1,500 nested folders, oversized and binary files, a zip).
It is not a test: nothing depends on its timing.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lessons.engine.bank import load_bank  # noqa: E402
from lessons.teacher.gradebook import write_outputs  # noqa: E402
from lessons.teacher.grading import Assignment, grade  # noqa: E402
from lessons.teacher.key_notebooks import right_answer, wrong_answers  # noqa: E402
from lessons.teacher.release import available_lessons, build_release  # noqa: E402


FILLER = ("menurut", "saya", "negara", "warga", "bencana", "sekolah", "kesehatan", "bersama", "karena", "tetangga",
          "kawasan", "membantu", "program", "pemuda", "budaya", "bahasa", "contohnya", "banjir", "pendidikan", "adil")


def make_class(folder: Path, n: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    files = 0
    banks = {lesson: load_bank(lesson, ROOT / "data" / "exercises" / f"{lesson}.yml") for lesson in available_lessons()}
    rights = {ex.id: right_answer(ex) for bank in banks.values() for ex in bank.values()}
    wrongs = {ex.id: wrong_answers(ex)[0] for bank in banks.values() for ex in bank.values()}
    for lesson, bank in banks.items():
        for s in range(n):
            answers = {}
            for ex in bank.values():
                roll = rng.random()
                if ex.form == "uraian" and roll < 0.95:  # every essay in the student's own words: no two alike
                    words = " ".join(rng.choice(FILLER) for _ in range(rng.randint(4, 30)))
                    answers[ex.id] = {"answer": f"{rights[ex.id] if roll < 0.6 else ''} {words} (siswa {s})".strip(),
                                      "attempts": 1}
                elif roll < 0.55:
                    answers[ex.id] = {"answer": rights[ex.id], "attempts": 1 + (roll < 0.2)}
                elif roll < 0.85:
                    answers[ex.id] = {"answer": wrongs[ex.id], "attempts": 2, "first_answer": rights[ex.id]}
                elif roll < 0.95:
                    answers[ex.id] = {"answer": None}
                else:
                    answers[ex.id] = {"answer": {"junk": [1, 2, 3]}}
            doc = {"format": "kssa-lembar-jawaban", "id_scheme": 2, "version": 1, "lesson": lesson, "answers": answers}
            (folder / f"siswa{s:05d}_jawaban-{lesson}.json").write_text(json.dumps(doc), encoding="utf-8")
            files += 1
    return files


def _nested(folder: Path, levels: int) -> None:
    fd = os.open(folder, os.O_RDONLY)
    for _ in range(levels):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    os.close(fd)


def add_hostile(folder: Path, n: int) -> int:
    """One hostile entry of every kind per ten students; returns how many entries."""
    made = 0
    for k in range(max(1, n // 10)):
        def put(name: str, data) -> Path:
            path = folder / name
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            return path

        put(f"x{k}a - jawaban-00.json", "[" * 100_000 + "]" * 100_000)
        put(f"x{k}b_00-pengantar.ipynb", json.dumps({"cells": [
            {"cell_type": "code", "source": 'ks.exercise("00-01", answer="' + "x" * 1_900_000 + ' ")'},
            {"cell_type": "code", "source": 'ks.exercise("00-02", answer={[]: 1})'}]}))
        put(f"x{k}c\x07\u202e - jawaban-00.json", '{"format": "kssa-lembar-jawaban", "id_scheme": 2, "lesson": "00", '
            '"answers": {"00-01\\ud800": {"answer": "\\ud800"}, "00-02": {"answer": "\\udfff x"}}}')
        os.symlink("tidak-ada", folder / f"x{k}d - jawaban-00.json")
        os.symlink(f"x{k}e - jawaban-00.json", folder / f"x{k}e - jawaban-00.json")
        os.symlink("siswa00000_jawaban-00.json", folder / f"x{k}f - jawaban-00.json")
        os.mkfifo(folder / f"x{k}g - jawaban-00.json")
        (folder / f"x{k}h").mkdir()
        _nested(folder / f"x{k}h", 1500)
        with open(put(f"x{k}i - jawaban-00.json", b""), "r+b") as handle:
            handle.truncate(50_000_000)
        put(f"x{k}j - jawaban-00.json", b"\x00\xff\xfe" * 1000)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notebooks/jawaban-00.json", (folder / "siswa00000_jawaban-00.json").read_bytes())
        put(f"x{k}k arsip.zip", buffer.getvalue())
        made += 11
    return made


def floor(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds to read and parse every regular file (what any grading run must do)."""
    start, cpu = time.perf_counter(), time.process_time()
    for path in folder.iterdir():
        if path.is_file() and not path.is_symlink() and path.suffix == ".json" and path.stat().st_size < 2_000_000:
            try:
                json.loads(path.read_bytes())
            except (ValueError, RecursionError):
                pass
    return time.perf_counter() - start, time.process_time() - cpu


def _remove_nested(folder: Path) -> None:
    for sub in folder.glob("x*h"):  # shutil.rmtree recurses: remove 1,500 levels by hand
        path = sub
        while (path / "d").is_dir():
            path = path / "d"
        while path != sub:
            path.rmdir()
            path = path.parent


def main(argv: list[str]) -> int:
    hostile_too = "--bermusuhan" in argv
    sizes = [int(a) for a in argv if not a.startswith("--")] or [1000, 10000]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        release = build_release(tmp / "rilis")
        assignment = Assignment.read(release.folder / "tugas.json")
        print(f"{'kelas':>10} {'siswa':>6} {'berkas':>7} {'lantai (s)':>10} {'menilai (s)':>12} {'menulis (s)':>12} "
              f"{'total (s)':>10} {'× lantai':>9} {'per siswa (ms)':>15}   |  CPU: {'lantai':>7} {'menilai':>8} "
              f"{'menulis':>8} {'total':>7} {'× lantai':>9} {'per siswa (ms)':>15}", flush=True)
        for n in sizes:
            for hostile in ((False, True) if hostile_too else (False,)):
                folder = tmp / f"kelas{n}{'-h' if hostile else ''}"
                folder.mkdir()
                files = make_class(folder, n)
                files += add_hostile(folder, n) if hostile else 0
                base, base_cpu = floor(folder)
                start, cpu = time.perf_counter(), time.process_time()
                run = grade(folder, assignment, progress=False)
                graded, graded_cpu = time.perf_counter(), time.process_time()
                write_outputs(run, tmp / f"hasil{n}{'-h' if hostile else ''}")
                done, done_cpu = time.perf_counter(), time.process_time()
                total, total_cpu = done - start, done_cpu - cpu
                kind = "bermusuhan" if hostile else "biasa"
                _remove_nested(folder)
                per, per_cpu = 1000 * total / len(run.students), 1000 * total_cpu / len(run.students)
                rows.append((kind, n, per, per_cpu))
                print(f"{kind:>10} {len(run.students):>6} {files:>7} {base:>10.2f} {graded - start:>12.2f} "
                      f"{done - graded:>12.2f} {total:>10.2f} {total / base:>9.1f} {per:>15.2f}   |       "
                      f"{base_cpu:>7.2f} {graded_cpu - cpu:>8.2f} {done_cpu - graded_cpu:>8.2f} {total_cpu:>7.2f} "
                      f"{total_cpu / base_cpu:>9.1f} {per_cpu:>15.2f}", flush=True)
    plain = [(n, per, per_cpu) for kind, n, per, per_cpu in rows if kind == "biasa"]
    if len(plain) > 1:
        (n0, p0, c0), (n1, p1, c1) = plain[0], plain[-1]
        print(f"per siswa: {p1 / p0:.2f}× (CPU {c1 / c0:.2f}×) dari {n0} ke {n1} siswa (1,00× = tumbuh linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
