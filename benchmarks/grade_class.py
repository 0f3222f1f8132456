#!/usr/bin/env python3
"""Benchmark: grade a simulated class and print per-submission and total time.

Usage: python benchmarks/grade_class.py [N ...]     (default: 40 1000)

For each class size N it builds a release of the whole course, writes N
students' answer sheets (a mix of right, wrong, empty and hostile answers,
every lesson), grades them with the same code as `python -m lessons grade`,
and writes the gradebook and feedback pages. Then it does the same for a
*hostile* class: the same N students plus one hostile entry of every kind per
ten students (JSON nested 100,000 deep, a 1.9 MB notebook line, unhashable
literals, control characters, dangling, looping and classmate links, FIFOs,
1,500 nested folders, oversized and binary files). It reports wall times; it
is not a test and nothing depends on its timing.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lessons.engine.bank import load_bank  # noqa: E402
from lessons.teacher.gradebook import write_outputs  # noqa: E402
from lessons.teacher.grading import Assignment, grade  # noqa: E402
from lessons.teacher.key_notebooks import right_answer, wrong_answers  # noqa: E402
from lessons.teacher.release import available_lessons, build_release  # noqa: E402


def make_class(folder: Path, n: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    files = 0
    for lesson in available_lessons():
        bank = load_bank(lesson, ROOT / "data" / "exercises" / f"{lesson}.yml")
        for s in range(n):
            answers = {}
            for ex in bank.values():
                roll = rng.random()
                if roll < 0.55:
                    answers[ex.id] = {"answer": right_answer(ex)}
                elif roll < 0.85:
                    answers[ex.id] = {"answer": wrong_answers(ex)[0]}
                elif roll < 0.95:
                    answers[ex.id] = {"answer": None}
                else:
                    answers[ex.id] = {"answer": {"junk": [1, 2, 3]}}
            doc = {"format": "kssa-lembar-jawaban", "id_scheme": 2, "version": 1, "lesson": lesson, "answers": answers}
            (folder / f"siswa{s:03d}_jawaban-{lesson}.json").write_text(json.dumps(doc), encoding="utf-8")
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
            '"answers": {"00-01\\ud800": {"answer": "\\ud800"}}}')
        os.symlink("tidak-ada", folder / f"x{k}d - jawaban-00.json")
        os.symlink(f"x{k}e - jawaban-00.json", folder / f"x{k}e - jawaban-00.json")
        os.symlink("siswa000_jawaban-00.json", folder / f"x{k}f - jawaban-00.json")
        os.mkfifo(folder / f"x{k}g - jawaban-00.json")
        (folder / f"x{k}h").mkdir()
        _nested(folder / f"x{k}h", 1500)
        with open(put(f"x{k}i - jawaban-00.json", b""), "r+b") as handle:
            handle.truncate(50_000_000)
        put(f"x{k}j - jawaban-00.json", b"\x00\xff\xfe" * 1000)
        made += 10
    return made


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [40, 1000]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        release = build_release(tmp / "rilis")
        assignment = Assignment.read(release.folder / "tugas.json")
        print(f"{'kelas':>10} {'siswa':>6} {'berkas':>7} {'menilai (s)':>12} {'menulis hasil (s)':>18} "
              f"{'total (s)':>10} {'per siswa (ms)':>15}")
        for n in sizes:
            for hostile in (False, True):
                folder = tmp / f"kelas{n}{'-h' if hostile else ''}"
                folder.mkdir()
                files = make_class(folder, n)
                files += add_hostile(folder, n) if hostile else 0
                start = time.perf_counter()
                run = grade(folder, assignment, progress=False)
                graded = time.perf_counter()
                write_outputs(run, tmp / f"hasil{n}{'-h' if hostile else ''}")
                done = time.perf_counter()
                total = done - start
                kind = "bermusuhan" if hostile else "biasa"
                for sub in folder.glob("x*h"):  # shutil.rmtree recurses: remove 1,500 levels by hand
                    depth, path = 0, sub
                    while (path / "d").is_dir():
                        path, depth = path / "d", depth + 1
                    while path != sub:
                        path.rmdir()
                        path = path.parent
                print(f"{kind:>10} {len(run.students):>6} {files:>7} {graded - start:>12.2f} {done - graded:>18.2f} "
                      f"{total:>10.2f} {1000 * total / len(run.students):>15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
