#!/usr/bin/env python3
"""Benchmarks of the course, each against a floor measured in the same run.

Usage (from the repository root)::

    python benchmarks/run.py            # everything (about 5 minutes)
    python benchmarks/run.py --quick    # skip the fresh-venv install and the browser

Absolute times drift on shared machines, so every figure is reported with the
floor it is compared to (measured now, on this machine) or with its fixed
target, the ratio, and pass/fail. Nothing here is part of the test suite, and
no test depends on timing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
ROWS: list[tuple] = []


def row(name: str, value: float, limit: float, unit: str, kind: str) -> None:
    """kind: "floor" (limit is a floor; ratio target given in name) or "target"."""
    ratio = value / limit if limit else float("nan")
    ROWS.append((name, value, limit, unit, kind, ratio))


def run(cmd, cwd=ROOT, env=None, timeout=3600) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def median_time(cmd, repeat=5, **kwargs) -> float:
    return statistics.median(run(cmd, **kwargs) for _ in range(repeat))


def clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("KSSA_ANSWER_DIR", "KSSA_DATA_DIR")}


# --------------------------------------------------------------------------
# 1. the whole course under strict nbval


PROBE_START = "import sys as _s; _kssa_before = set(_s.modules)"
PROBE_END = ("import sys as _s, json as _j; print(_j.dumps(sorted({m.split('.')[0] for m in set(_s.modules) - _kssa_before "
             "if not m.startswith('_')})))")


def modules_used(path: Path) -> list[str]:
    """The top-level packages a notebook really imports, found by running it
    once with a probe before the first and after the last cell."""
    import json as _json

    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PROBE_START))
    nb.cells.append(nbformat.v4.new_code_cell(PROBE_END))
    with tempfile.TemporaryDirectory() as answers:
        old = os.environ.get("KSSA_ANSWER_DIR")
        os.environ["KSSA_ANSWER_DIR"] = answers
        try:
            NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            os.environ.pop("KSSA_ANSWER_DIR", None) if old is None else os.environ.__setitem__("KSSA_ANSWER_DIR", old)
    return _json.loads(nb.cells[-1].outputs[0]["text"])


def floor_notebooks(target: Path) -> list[Path]:
    """One trivial notebook per course notebook: kernel start, the imports
    that notebook needs (measured), one trivial cell."""
    import nbformat

    made = []
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        lines = ["import lessons as ks"]
        for module in modules_used(path):
            lines.append(f"try:\n    import {module}\nexcept Exception:\n    pass")
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\n".join(lines)), nbformat.v4.new_code_cell("1 + 1")])
        nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=2)]
        nb.cells[1].execution_count = 2
        nb.cells[0].execution_count = 1
        nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
        out = target / path.relative_to(ROOT / "notebooks")
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out)
        made.append(out)
    return made


def bench_course() -> None:
    pytest = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
              "--nbval-sanitize-with", "tests/sanitize.cfg", "-o", "addopts=", "-o", "testpaths=", "-p", "no:randomly"]
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        floor_dir = Path(tmp) / "lantai"
        floor_notebooks(floor_dir)
        floor = min(run(pytest + [str(floor_dir)], env=clean_env()) for _ in range(2))
        course = min(run(pytest + ["notebooks"], env=clean_env()) for _ in range(2))
        row("course: strict nbval, 14 notebooks, 1 process (target ≤ 1.3× floor)", course, floor, "s", "floor")
        try:
            import xdist  # noqa: F401

            par = [*pytest, "-n", "2", "--dist", "loadfile"]
            floor2 = min(_retry(par + [str(floor_dir)]) for _ in range(2))
            course2 = min(_retry(par + ["notebooks"]) for _ in range(2))
            row("course: strict nbval with -n 2 --dist loadfile (target ≤ 1.3× floor)", course2, floor2, "s", "floor")
            row("course: -n 2 loadfile vs 1 process (lower is better)", course2, course, "s", "floor")
        except ImportError:
            pass


def _retry(cmd, attempts: int = 3) -> float:
    """Parallel kernel starts used to race for a TCP port; the root conftest now
    starts nbval's kernels over IPC (tests/kernels.py). Kept to count any retry."""
    for attempt in range(attempts):
        try:
            return run(cmd, env=clean_env())
        except RuntimeError as err:
            if "Kernel died" not in str(err) or attempt == attempts - 1:
                raise
            print("  (xdist: a kernel died at start; retried)", file=sys.stderr)
    raise AssertionError


def bench_rfc3987() -> None:
    """`import nbformat` with rfc3987-syntax importable vs. made unimportable
    (which is what uninstalling it does)."""
    with_it = median_time([PY, "-c", "import nbformat"], repeat=3)
    blocker = "import sys; sys.modules['rfc3987_syntax'] = None; import nbformat"
    without = median_time([PY, "-c", blocker], repeat=3)
    bare = median_time([PY, "-c", "pass"], repeat=3)
    row("import nbformat, rfc3987-syntax present (before)", with_it, bare, "s", "floor")
    row("import nbformat, rfc3987-syntax absent (after)", without, bare, "s", "floor")


def bench_import_lessons() -> None:
    bare = median_time([PY, "-c", "pass"])
    light = median_time([PY, "-c", "import lessons"])
    row("import lessons (vs. bare interpreter)", light, bare, "s", "floor")
    heavy = subprocess.run([PY, "-c", "import sys, lessons; print([m for m in ('pandas','networkx','matplotlib','ipywidgets','yaml') if m in sys.modules])"],
                           capture_output=True, text=True, cwd=ROOT).stdout.strip()
    ROWS.append(("  heavy modules loaded by `import lessons`", heavy, "[]", "", "check", 1.0 if heavy == "[]" else 2.0))


# --------------------------------------------------------------------------
# 2. widget callbacks in the kernel


def _median_ms(change, values, repeat=3) -> float:
    times = []
    for _ in range(repeat):
        for value in values:
            start = time.perf_counter()
            change(value)
            times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def bench_widgets() -> None:
    import lessons as ks
    from lessons.views.diagrams import NetworkExplorer

    def dropdown(view, index=0):
        box = view.widget
        return [w for w in _walk(box) if type(w).__name__ == "Dropdown"][index]

    tables = {
        "issue table (lesson 01)": (ks.issue_table(), ["kesehatan", "bencana", "", "budaya"]),
        "programme table (01)": (ks.programme_table(), ["kesehatan", "", "budaya", "pendidikan"]),
        "member table (00)": (ks.member_table(), ["pendiri", "kemudian", ""]),
        "culture table (04)": (ks.culture_table(), ["kesehatan", "", "budaya"]),
        "structure table (05)": (ks.structure_table(), None),
    }
    for name, (view, values) in tables.items():
        drop = dropdown(view)
        values = values or [v for _, v in drop.options][:4]
        values = [v for v in values if v in [o[1] for o in drop.options]]
        row(f"widget table: {name}, median callback", _median_ms(lambda v, d=drop: setattr(d, "value", v), values), 50, "ms", "target")
    from lessons.views.diagrams import _network_png

    explorer = NetworkExplorer()

    def cold(setter):
        def change(value):
            _network_png.cache_clear()
            setter(value)
        return change

    focus = lambda v: setattr(explorer.focus, "value", v)  # noqa: E731
    row("widget diagram: network, focus country, first time (cold)",
        _median_ms(cold(focus), ["IDN", "MMR", "TLS", ""]), 250, "ms", "target")
    row("widget diagram: network, focus country, choice seen before", _median_ms(focus, ["IDN", "MMR", "TLS", ""]), 250, "ms", "target")
    box = explorer.field_boxes["pendidikan"]
    field = lambda v: setattr(box, "value", v)  # noqa: E731
    row("widget diagram: network, field on/off, first time (cold)", _median_ms(cold(field), [False, True]), 250, "ms", "target")
    cycle = ks.decision_cycle().widget
    button = [w for w in _walk(cycle) if type(w).__name__ == "Button" and "Berikutnya" in w.description][0]
    row("widget diagram: policy cycle, next step", _median_ms(lambda _v: button.click(), range(5)), 250, "ms", "target")
    indicator = ks.indicator_explorer().widget
    drop = [w for w in _walk(indicator) if type(w).__name__ == "Dropdown"][0]
    codes = [v for _, v in drop.options][:4]
    row("widget diagram: indicator explorer, indicator", _median_ms(lambda v: setattr(drop, "value", v), codes), 250, "ms", "target")
    comparison = ks.disaster_comparison().widget
    toggles = [w for w in _walk(comparison) if type(w).__name__ == "ToggleButtons"][0]
    row("widget table: disaster comparison, aspect", _median_ms(lambda v: setattr(toggles, "value", v), [v for _, v in toggles.options]), 50, "ms", "target")
    simulator = ks.consensus_simulator().widget
    vote = [w for w in _walk(simulator) if type(w).__name__ == "ToggleButtons"][3]
    row("widget: consensus simulator, one vote", _median_ms(lambda v: setattr(vote, "value", v), ["tidak_setuju", "abstain", "setuju"]), 50, "ms", "target")


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


# --------------------------------------------------------------------------
# 3. grading


def bench_grading() -> None:
    from benchmarks.grade_class import make_class
    from lessons.teacher.gradebook import write_outputs
    from lessons.teacher.grading import Assignment, grade
    from lessons.teacher.release import build_release

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        assignment = Assignment.read(build_release(tmp / "rilis").folder / "tugas.json")
        per = {}
        for n in (40, 200):
            folder = tmp / f"kelas{n}"
            folder.mkdir()
            make_class(folder, n)
            start = time.perf_counter()
            run_ = grade(folder, assignment, progress=False)
            write_outputs(run_, tmp / f"hasil{n}")
            per[n] = time.perf_counter() - start
            row(f"grading {n} students (all 7 lessons)", per[n], 30 if n == 40 else 150, "s", "target")
        row("grading: time per student at 200 vs at 40 (linear ≤ 1.5)", per[200] / 200, per[40] / 40 * 1.5, "s", "target")


# --------------------------------------------------------------------------
# 4. footprint


def bench_footprint(quick: bool) -> None:
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        row(f"size {path.relative_to(ROOT)}", path.stat().st_size / 1000, 400, "KB", "target")
    if quick:
        return
    with tempfile.TemporaryDirectory() as tmp:
        env_dir = Path(tmp) / "venv"
        venv.EnvBuilder(with_pip=True).create(env_dir)
        start = time.perf_counter()
        run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(ROOT)], timeout=1800)
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in env_dir.rglob("*") if f.is_file()) / 1e6
        row("fresh venv: pip install of the course (pip cache warm)", seconds, 120, "s", "target")
        row("fresh venv: size on disk", size, 600, "MB", "target")


def bench_browser() -> None:
    """JupyterLab start → first lesson usable, and dropdown → DOM update."""
    from tests import test_browser as tb

    if tb.REASON if hasattr(tb, "REASON") else False:
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        server = tb._start("jupyterlab", tb._copy_course(Path(tmp)))
        try:
            with sync_playwright() as play:
                browser = play.chromium.launch(executable_path=str(tb.CHROMIUM), args=tb.CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                tb.open_and_run(page, server, "00-pengantar.ipynb")
                page.wait_for_selector(".kssa-question")
                usable = time.perf_counter() - start
                row("JupyterLab start → lesson 00 run and usable", usable, 30, "s", "target")
                table = tb.cell(page, "ks.member_table()")
                table.scroll_into_view_if_needed()
                select = table.locator(".widget-dropdown select").first
                caption = table.locator("[role=status]").first
                times = []
                for label in ["Pendiri (1967)", "Bergabung kemudian", "Semua anggota"] * 3:
                    before = caption.inner_text()
                    begin = time.perf_counter()
                    select.select_option(label=label)
                    while caption.inner_text() == before:
                        time.sleep(0.005)
                    times.append(time.perf_counter() - begin)
                row("browser: dropdown change → table updated (median)", 1000 * statistics.median(times), 500, "ms", "target")
                browser.close()
        finally:
            tb._stop(server)


# --------------------------------------------------------------------------


def print_table() -> int:
    print()
    print(f"{'figure':<70} {'value':>10} {'floor/target':>13} {'ratio':>7}  result")
    print("-" * 110)
    failed = 0
    for name, value, limit, unit, kind, ratio in ROWS:
        if kind == "check":
            ok = value == limit
            print(f"{name:<70} {value:>10} {limit:>13} {'':>7}  {'PASS' if ok else 'FAIL'}")
            failed += not ok
            continue
        if kind == "floor":
            target = 1.3 if "1.3×" in name else None
            ok = ratio <= target if target else True
            verdict = ("PASS" if ok else "FAIL") if target else "info"
            shown = f"{limit:.2f} {unit} floor"
        else:
            ok = value <= limit
            verdict = "PASS" if ok else "FAIL"
            shown = f"≤ {limit:g} {unit}"
        failed += verdict == "FAIL"
        print(f"{name:<70} {value:>8.2f} {unit:<2}{shown:>13} {ratio:>7.2f}  {verdict}")
    print("-" * 110)
    print(f"{len(ROWS)} figures, {failed} not met")
    return failed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the fresh-venv install and the browser")
    args = parser.parse_args(argv)
    steps = [bench_import_lessons, bench_rfc3987, bench_widgets, bench_grading, lambda: bench_footprint(args.quick), bench_course]
    if not args.quick:
        steps.append(bench_browser)
    for step in steps:
        step()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "benchmarks.json").write_text(json.dumps(ROWS, indent=1, default=str))
    print_table()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
