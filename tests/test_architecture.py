"""The package's shape: one-way layers (import-linter contracts in
``.importlinter``), no import cycles, a facade that notebooks call in one
style, and a teacher package that a release leaves out without a list."""

from __future__ import annotations

import json
import re

from .conftest import ROOT


def test_import_contracts_are_kept():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True) == 0


def test_a_broken_contract_is_reported(tmp_path):
    """The contract test can fail: a config that forbids core -> text breaks."""
    from importlinter.cli import lint_imports

    config = tmp_path / "strict.ini"
    config.write_text("[importlinter]\nroot_packages =\n    lessons\n\n[importlinter:contract:x]\nname = x\n"
                      "type = forbidden\nsource_modules =\n    lessons.core\nforbidden_modules =\n    lessons.text\n")
    assert lint_imports(config_filename=str(config), no_cache=True) != 0


def _lessons_graph():
    import grimp

    return grimp.build_graph("lessons", cache_dir=None)


def test_no_import_cycles_between_modules():
    graph = _lessons_graph()
    modules = sorted(m for m in graph.modules if not graph.find_children(m))
    cycles = []
    for a in modules:
        for b in graph.find_modules_directly_imported_by(a):
            if b != a and not b.startswith(a + ".") and graph.find_shortest_chain(importer=b, imported=a):
                cycles.append((a, b))
    assert cycles == []


def test_no_private_name_is_imported_across_modules():
    pattern = re.compile(r"^\s*from lessons[.\w]* import ([^\n(]+|\([^)]*\))", re.M)
    found = []
    for path in (ROOT / "lessons").rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            names = [n.strip().split(" as ")[0] for n in match.group(1).strip("()").split(",")]
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.startswith("_") and n != "__version__"]
    assert found == []


def test_every_notebook_uses_the_one_call_style():
    """``ks.<name>(...)`` with a name of the facade; never ``ks.module.function()``."""
    import lessons

    names = set(lessons.__all__)
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] != "code" or source == "import lessons as ks":
                continue
            calls = re.findall(r"\bks\.([\w.]+)\(", source)
            assert len(calls) == 1 and calls[0] in names, f"{path.name}: {source!r}"


def test_every_facade_name_resolves():
    import lessons

    for name in lessons.__all__:
        assert getattr(lessons, name) is not None, name


def test_teacher_package_is_left_out_of_a_release_by_folder(tmp_path):
    from lessons.teacher.release import build_release

    made = build_release(tmp_path / "rilis", lessons=["00"])
    package = ROOT / "lessons"
    wanted = {p.relative_to(package).as_posix() for p in package.rglob("*.py")
              if "teacher" not in p.relative_to(package).parts and p.stem != "teacher"}  # lessons/text/teacher.py too
    copied = {p.relative_to(made.folder / "lessons").as_posix() for p in (made.folder / "lessons").rglob("*.py")}
    assert copied == wanted and not (made.folder / "lessons" / "teacher").exists()
