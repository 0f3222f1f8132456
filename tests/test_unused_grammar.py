"""No course process compiles the IRI grammar of rfc3987-syntax (lessons/core/json_schema.py).

Jupyter installs rfc3987-syntax (through jupyter-events), and jsonschema
imports it when it can: a Lark grammar compiled in every process that
imports jsonschema, about 1.4 s of CPU and 15 MB each. The course checks no
formats, so its kernels (which validate the banks), Voilà started by
``python -m lessons mulai`` and the class server's hub and single-user servers never import it.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

from .conftest import ROOT


def _installed(distribution: str) -> bool:
    """Whether ``distribution`` is installed (asked of its metadata: this test process itself has made
    the package unimportable, tests/skip_iri_grammar.py)."""
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _installed("rfc3987-syntax"),
                                reason="rfc3987-syntax is not installed here, so nothing could import it")

LOADED = "'IRI' if sys.modules.get('rfc3987_syntax') is not None else 'no IRI'"
REPORT = f"import sys; print({LOADED})"


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def test_plain_jsonschema_would_import_it():
    """What the others are measured against: without the course's step, jsonschema imports it."""
    assert _run(f"import jsonschema; {REPORT}") == "IRI"


def test_a_lesson_kernel_validating_banks_and_plans_does_not():
    code = ("from lessons.engine.bank import load_bank; from lessons.core.paths import course\n"
            "from lessons.teacher.planning import load_plans\n"
            "root = course()\n"
            "[load_bank(p.stem, p) for p in sorted(root.data.joinpath('exercises').glob('[0-9][0-9].yml'))]\n"
            "load_plans(root)\nimport sys\nassert 'jsonschema' in sys.modules\n" + REPORT)
    assert _run(code) == "no IRI"


# The class server's two commands, each asked for --help (which loads its whole application): the module,
# what it must have loaded by then, and the file and line that make it the command actually run.
CLASS_SERVER_COMMANDS = {
    # c.Spawner.cmd runs it for every student's server
    "singleuser": ("jupyter_server.serverapp", ("lessons", "deploy", "hub", "jupyterhub_config.py"),
                   'c.Spawner.cmd = [sys.executable, "-m", "lessons.deploy.hub.singleuser"]'),
    # kelas mulai starts the hub with it (measured: 125 -> 109 MB, 2.3 -> 1.2 s of CPU at start)
    "start_hub": ("jsonschema", ("lessons", "teacher", "class_server.py"),
                  '[sys.executable, "-m", "lessons.deploy.hub.start_hub", "-f", str(kelas_hub.CONFIG_FILE)]'),
}


@pytest.mark.parametrize("module", sorted(CLASS_SERVER_COMMANDS))
def test_the_class_server_commands_do_not(module):
    loaded, where, line = CLASS_SERVER_COMMANDS[module]
    code = ("import atexit, sys\n"
            f"atexit.register(lambda: print({LOADED}, flush=True))\n"
            f"sys.argv = ['{module}', '--help']\n"
            f"from lessons.deploy.hub import {module}\n"
            f"try:\n    {module}.main()\nexcept SystemExit:\n    pass\n"
            f"assert '{loaded}' in sys.modules\n")
    assert _run(code) == "no IRI"
    assert line in ROOT.joinpath(*where).read_text(encoding="utf-8")


def test_student_mode_voila_does_not():
    code = ("import sys\nfrom lessons.deploy import student_mode\n"
            "student_mode._voila_app(open_browser=False)\n"
            "import jupyter_server.serverapp, jupyter_events.validators\n" + REPORT)
    assert _run(code) == "no IRI"
