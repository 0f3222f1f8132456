"""Binder's flow, simulated as far as this machine allows (conda itself
cannot be reached here): a fresh virtual environment gets exactly the
versions environment.yml allows (from PyPI), postBuild runs in a clean copy
of the repository, and then strict nbval runs a lesson, Beranda and Glosarium
in that environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from . import fresh_venvs
from .fresh_venvs import fresh_venv

ROOT = Path(__file__).resolve().parent.parent


def conda_to_pip() -> list[str]:
    """environment.yml's packages as pip requirements with the same ranges."""
    doc = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    requirements = []
    for dep in doc["dependencies"]:
        name, _, spec = dep.partition(" ")
        if name in ("python", "pip"):
            continue
        requirements.append(f"{name}{spec.replace(' ', '')}")
    return requirements


def test_requirements_translate_one_to_one():
    reqs = conda_to_pip()
    assert "pandas>=3,<4" in reqs and all(">=" in r and "<" in r for r in reqs)


def _tracked_copy(target: Path) -> Path:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if files.returncode != 0:
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".git", "test-artifacts", "__pycache__", "*.egg-info"))
        return target
    for rel in files.stdout.splitlines():
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


def test_binder_flow_in_a_fresh_venv(tmp_path):
    python = fresh_venv(tmp_path / "venv")  # with pip: postBuild runs pip, as on Binder
    env_dir = python.parent.parent
    # (without PYTHONDONTWRITEBYTECODE, which some CI machines set: uv writes no .pyc, and a Binder image has them,
    # so each process there would compile pandas, matplotlib and Jupyter from source)
    environ = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "VIRTUAL_ENV", "KSSA_ANSWER_DIR", "KSSA_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
    environ["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{environ.get('PATH', '')}"
    # the newest versions environment.yml's ranges allow, as conda would take them (uv: see tests/fresh_venvs.py)
    install = fresh_venvs.install(python, conda_to_pip(), tmp_path, environ, timeout=1500)
    if install.returncode != 0 and "No solution found" not in install.stderr and not os.environ.get("CI"):
        pytest.skip(f"package index not reachable here: {install.stderr.strip().splitlines()[-1:]}")
    assert install.returncode == 0, install.stderr[-3000:]

    repo = _tracked_copy(tmp_path / "repo")
    post_build = (repo / "postBuild").read_text(encoding="utf-8").splitlines()
    assert post_build[0].startswith("#!") and any(line.startswith("set -e") for line in post_build[:5])
    built = subprocess.run(["bash", "postBuild"], cwd=repo, capture_output=True, text=True, env=environ, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    check = subprocess.run([str(python), "-c", "import lessons, pathlib; print(pathlib.Path(lessons.__file__).parent.parent)"],
                           cwd=tmp_path, capture_output=True, text=True, env=environ)
    assert Path(check.stdout.strip()) == repo, check.stderr

    # One lesson, Beranda and Glosarium under strict nbval show that environment.yml plus postBuild make a
    # working course; every notebook already runs under strict nbval in the suite's own fresh venv, which
    # pip fills from the same ranges (test_environment.py checks that they agree). One process (-n 0):
    # this test already runs beside the other xdist worker.
    suite = subprocess.run([str(python), "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
                            "notebooks/00-pengantar.ipynb", "notebooks/beranda.ipynb", "notebooks/glosarium.ipynb"],
                           cwd=repo, capture_output=True, text=True, env=environ, timeout=1800)
    assert suite.returncode == 0, suite.stdout[-4000:]
    assert " passed" in suite.stdout.splitlines()[-1]
