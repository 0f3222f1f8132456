"""Filling a fresh virtual environment quickly, for the tests that do not copy a README line.

The README's own lines (``python -m pip install -e .``) are run verbatim with
pip by test_readme_commands.py and by .ci/run. The Binder simulation and the
wheel test only need *a* fresh environment holding the newest versions the
ranges allow; uv fills one in seconds where pip takes about a minute of CPU
(measured: 4.5 s against 48 s for the same 153 packages, the same versions).

uv does not read pip's configuration, so the indexes, find-links and
constraints pip would use on this machine are handed to it, and it is told to
take the best version across all of them, as pip does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# pip configuration key (global./install. section) -> uv environment variable
PIP_TO_UV = {"index-url": "UV_INDEX_URL", "extra-index-url": "UV_EXTRA_INDEX_URL",
             "find-links": "UV_FIND_LINKS", "constraint": "UV_CONSTRAINT"}


def uv_command() -> list[str]:
    """uv, from the test extra (the ``uv`` module) or, failing that, on PATH."""
    try:
        from uv import find_uv_bin

        return [find_uv_bin()]
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
        if not found:
            raise RuntimeError("uv is missing: python -m pip install -e \".[test]\" installs it") from None
        return [found]


def pip_settings() -> dict[str, str]:
    """{pip key: value} from pip's configuration files and PIP_* variables, as pip itself reads them."""
    listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True)
    settings: dict[str, str] = {}
    for line in listed.stdout.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        name = key.rsplit(".", 1)[-1]
        if name in PIP_TO_UV and key.split(".", 1)[0] in (":env:", "global", "install"):
            settings[name] = value.strip().strip("'\"")
    return settings


def uv_environment(base: dict) -> dict:
    """``base`` with pip's indexes, find-links and constraints translated for uv."""
    env = dict(base)
    for name, value in pip_settings().items():
        env[PIP_TO_UV[name]] = value
    env["UV_INDEX_STRATEGY"] = "unsafe-best-match"  # pip's rule: the best version across every index
    env.setdefault("UV_NO_PROGRESS", "1")
    return env


def install(python: Path, requirements: list[str], cwd: Path, env: dict, timeout: float = 900) -> subprocess.CompletedProcess:
    """``uv pip install`` the requirements into the environment of ``python``; the finished process."""
    return subprocess.run([*uv_command(), "pip", "install", "--quiet", "--python", str(python), *requirements],
                          cwd=cwd, env=uv_environment(env), capture_output=True, text=True, timeout=timeout)


def fresh_venv(folder: Path, with_pip: bool = True) -> Path:
    """A new virtual environment from the interpreter running the tests; its python."""
    args = [sys.executable, "-m", "venv", str(folder)]
    if not with_pip:
        args.insert(3, "--without-pip")
    subprocess.run(args, check=True, timeout=300)
    return folder / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")
