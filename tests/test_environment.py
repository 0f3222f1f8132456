"""environment.yml (conda/Binder) asks for what pyproject.toml asks for."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from .conftest import ROOT


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _conda_specs() -> dict[str, SpecifierSet]:
    specs = {}
    for dep in _environment()["dependencies"]:
        assert isinstance(dep, str), "no pip: section; everything comes from conda-forge"
        name, _, spec = dep.partition(" ")
        specs[name.lower()] = SpecifierSet(spec.replace(" ", ""))
    return specs


def test_conda_forge_only():
    env = _environment()
    assert env["channels"] == ["conda-forge", "nodefaults"]
    for dep in env["dependencies"]:
        assert "::" not in dep, "no packages from other channels"


def test_every_dependency_has_a_major_minor_range():
    for name, spec in _conda_specs().items():
        if name == "pip":
            continue
        assert any(s.operator == ">=" for s in spec) and any(s.operator == "<" for s in spec), name
        for s in spec:
            assert re.fullmatch(r"\d+(\.\d+)?", s.version), f"{name}: use major.minor ranges, not exports"


def test_same_packages_and_same_ranges_as_pyproject():
    project = _pyproject()["project"]
    wanted = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    conda = _conda_specs()
    for req in wanted:
        if req.name == "packaging":
            continue
        assert req.name.lower() in conda, f"{req.name} is missing from environment.yml"
        assert conda[req.name.lower()] == req.specifier, f"{req.name}: {conda[req.name.lower()]} != {req.specifier}"


def test_python_versions_agree():
    requires = SpecifierSet(_pyproject()["project"]["requires-python"])
    conda_python = _conda_specs()["python"]
    for minor in ("3.11", "3.12", "3.13"):
        assert minor in conda_python and minor in requires


def test_postbuild_installs_the_package_and_stops_on_error():
    text = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash")
    assert re.search(r"^set -e", text, re.M)
    assert "pip install" in text and "-e ." in text


def test_ci_runs_the_readme_test_command():
    """.ci/run reads the README's test block (no copy of it) and runs it line by line in a fresh venv."""
    from tools.readme_commands import commands

    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = commands(ROOT / "README.md", "tests")
    assert lines[-1] == "python -m pytest" and any(line.startswith("python -m pip install") for line in lines)
    for line in lines:
        assert "&&" not in line and "\\" not in line and "$" not in line, f"not PowerShell-safe: {line}"
        assert line not in ci, f".ci/run holds a copy of the README line {line!r}; it must read README.md"
    assert re.search(r"^set -euo pipefail", ci, re.M)
    assert "python3 -m venv" in ci and 'source "$VENV/bin/activate"' in ci
    assert "tools/readme_commands.py README.md tests" in ci and 'eval "$line"' in ci

def test_the_longest_first_list_names_test_files_that_exist():
    """conftest.LONGEST_FIRST orders the files xdist hands out; a renamed file must not drop out silently."""
    import conftest

    missing = [name for name in conftest.LONGEST_FIRST if not (ROOT / "tests" / name).is_file()]
    assert not missing, f"conftest.LONGEST_FIRST names files that do not exist: {missing}"
