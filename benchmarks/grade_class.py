#!/usr/bin/env python3
"""Benchmark: grade a simulated class and print per-submission and total time.

Usage: python benchmarks/grade_class.py [N ...]     (default: 40 200)

For each class size N it builds a release of the whole course, writes N
students' answer sheets (a mix of right, wrong, empty and hostile answers,
every lesson), grades them with the same code as `python -m lessons grade`,
and writes the gradebook and feedback pages. It reports wall times; it is
not a test and nothing depends on its timing.
"""

from __future__ import annotations

import json
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
            doc = {"format": "kssa-lembar-jawaban", "version": 1, "lesson": lesson, "answers": answers}
            (folder / f"siswa{s:03d}_jawaban-{lesson}.json").write_text(json.dumps(doc), encoding="utf-8")
            files += 1
    return files


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [40, 200]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        release = build_release(tmp / "rilis")
        assignment = Assignment.read(release.folder / "tugas.json")
        print(f"{'siswa':>6} {'berkas':>7} {'menilai (s)':>12} {'menulis hasil (s)':>18} {'total (s)':>10} {'per siswa (ms)':>15}")
        for n in sizes:
            folder = tmp / f"kelas{n}"
            folder.mkdir()
            files = make_class(folder, n)
            start = time.perf_counter()
            run = grade(folder, assignment, progress=False)
            graded = time.perf_counter()
            write_outputs(run, tmp / f"hasil{n}")
            done = time.perf_counter()
            total = done - start
            print(f"{n:>6} {files:>7} {graded - start:>12.2f} {done - graded:>18.2f} {total:>10.2f} {1000 * total / n:>15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
