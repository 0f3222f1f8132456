"""The README's start commands, run verbatim as a newcomer runs them.

The start block is read out of README.md itself (tools/readme_commands.py,
no copy), and run line by line in a fresh virtual environment of its own on
a copy of the course: every line but the last must succeed, and the last
starts the course and must print its address. Then a real browser on a phone
(390×844, touch) opens that address, lands on Beranda, and follows every link
on it (each lesson and Glosarium; the first by a tap): each page must open
(no "403: Forbidden") and become usable. This is also where the student's
phone is checked, on the course as a student starts it: on every lesson page
the checks of tests/test_student_browser.py run (nothing overlaps or is cut,
no sideways scroll, finger-sized targets, every figure whole and with alt
text), every exercise is answered by tap and checked, the layout is measured
again with the feedback shown, and the first lesson, reloaded, brings every
answer back. At the end Ctrl+C, as the README says, must stop the course.

A student release (``python -m lessons release``) ships a README of its own
with its own start block; the same is done with it, in the same venv, since
its dependencies are the teacher's (checked here).

The test block of README.md is run verbatim by ``.ci/run`` (in its own fresh
venv); test_environment.py checks that .ci/run reads it from README.md.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

from tools.readme_commands import commands

from .test_browser import ROOT, wait_for
from .test_student_browser import DIAGNOSE, READY, SCREENS, answers_come_back, exercise_count, lesson_page_problems

ARTIFACTS = ROOT / "test-artifacts" / "readme"
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
GLOSSARY = "glosarium.ipynb"
# what only bash understands: a line with any of these would not run in PowerShell or cmd
BASH_ONLY = ("&&", "||", "\\", "$", "export ", "source ", "~/", "`")


def course_files(target: Path) -> Path:
    """A copy of the course as a clone has it: tracked files and new files git does not ignore."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    for rel in listed.stdout.splitlines():
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            (target / rel).write_bytes(source.read_bytes())
    return target


def newcomer_env(venv: Path, home: Path) -> dict:
    """The environment of a newcomer's shell with ``venv`` active: nothing of this test run (no KSSA_*,
    no PYTHON*), a home of its own for IPython and Jupyter, and no real browser to open."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KSSA_", "PYTHON", "VIRTUAL_ENV", "JUPYTER", "IPYTHON"))}
    env.update(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", HOME=str(home),
               BROWSER="true", PIP_DISABLE_PIP_VERSION_CHECK="1",
               # no .pyc for the thousands of installed modules (Python writes them when a module is first
               # imported): 42.6 -> 23.4 s of pip's CPU; what is installed, and from where, is the same.
               # PIP_COMPILE=0, not PIP_NO_COMPILE=1: pip reads the value of a --no-... option's variable as the
               # option's destination ("compile"), so PIP_NO_COMPILE=1 turns compiling *on* (pypa/pip#5011)
               PIP_COMPILE="0")
    return env


def _as_in_a_terminal() -> None:
    """In the started shell, before it runs the line: Ctrl+C (SIGINT) at its default, as in a student's
    terminal. A pytest-xdist worker ignores SIGINT and a process it starts inherits that: Ctrl+C then did
    not stop the course, and every stop waited 20 s for a SIGKILL (seen in CI's logs: no "Kursus
    dihentikan.")."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Started:
    """The last line of a start block, running: its process and the address it printed."""

    def __init__(self, line: str, cwd: Path, env: dict, log: Path):
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(line, shell=True, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                        preexec_fn=_as_in_a_terminal if os.name == "posix" else None)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        with self.log.open("w", encoding="utf-8") as out:
            for line in self.process.stdout:
                self.lines.append(line)  # first, so a problem with the log file can never hide the output
                out.write(line)
                out.flush()

    def url(self, timeout: float = 120) -> str:
        end = time.time() + timeout
        while time.time() < end:
            for line in self.lines:
                found = re.search(r"https?://[^\s]+", line)
                if found:
                    return found.group(0)
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"the start command printed no address within {timeout} s:\n{''.join(self.lines)[-3000:]}")

    def stop(self) -> bool:
        """Ctrl+C, as the README tells a student. True when the course then stopped by itself within 20 s
        and said so ("Kursus dihentikan."); otherwise it is killed, and False."""
        try:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return False
        except ProcessLookupError:
            return False
        from lessons.text import t

        return wait_for(lambda: any(t("start_stopped") in line for line in self.lines), timeout=5)


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory):
    """(course copy, environment with a fresh venv active)."""
    base = tmp_path_factory.mktemp("readme")
    course = course_files(base / "kursus")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    home = base / "rumah"
    home.mkdir()
    return course, newcomer_env(venv, home)


def run_start_block(readme: Path, folder: Path, env: dict) -> Started:
    lines = commands(readme, "start")
    assert len(lines) >= 2, f"{readme}: an install line and a start line"
    for line in lines:
        bad = [s for s in BASH_ONLY if s in line]
        assert not bad, f"{readme}: {line!r} does not run in PowerShell and cmd ({bad})"
    for line in lines[:-1]:
        done = subprocess.run(line, shell=True, cwd=folder, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"{readme}: {line!r} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return Started(lines[-1], folder, env, ARTIFACTS / f"{folder.name}-start.log")


def _record(key: str, value) -> None:
    path = ARTIFACTS / "timings.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[key] = value
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


def follow_every_link(chromium, url: str, shot: str, lessons: list[str], as_a_student: bool = False) -> dict:
    """Open the printed address on a phone, land on Beranda, and open every link on it; returns seconds to
    usable. ``as_a_student``: Beranda fits the phone, the first lesson is opened by tapping its link, and
    on every lesson page the phone checks of tests/test_student_browser.py run (layout, figures, every
    exercise answered by tap); the first lesson is then reloaded and its answers must come back."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(**SCREENS["phone"])
    usable, reloads, problems = {}, [], {}
    try:
        page = context.new_page()
        page.goto(url, timeout=120_000)
        page.wait_for_url("**/voila/render/beranda.ipynb", timeout=60_000)
        links = page.locator("a[href$='.ipynb']")
        assert wait_for(lambda: links.count() == len(lessons) + 1, timeout=120), \
            f"Beranda shows {links.count()} links, expected {len(lessons)} lessons and Glosarium"
        page.screenshot(path=str(ARTIFACTS / f"{shot}-beranda.png"))
        targets = [(a.inner_text(), a.evaluate("a => a.href")) for a in links.all()]
        assert sorted(href.rsplit("/", 1)[1] for _, href in targets) == sorted([*lessons, GLOSSARY])
        if as_a_student:
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "Beranda scrolls sideways"
        for i, (text, href) in enumerate(targets):
            name = href.rsplit("/", 1)[1]
            started = time.time()
            tapped = as_a_student and i == 0
            tab = page if tapped else context.new_page()
            loads = []  # the page reloads itself once when a widget's model never came (the course's template)
            tab.on("load", lambda _page: loads.append(time.time()))
            if tapped:  # as a student does: a tap on the link on Beranda
                with tab.expect_navigation(url=href, wait_until="commit", timeout=120_000) as navigation:
                    links.first.tap()
                response = navigation.value
            else:
                response = tab.goto(href, wait_until="commit", timeout=120_000)
            assert response is not None and response.status == 200, f"{text!r} ({href}): {response and response.status}"

            broken: list[float] = []

            def ready(tab=tab, name=name, broken=broken) -> bool:
                try:
                    if name == GLOSSARY:
                        return tab.locator(".widget-text input").count() > 0  # its search box
                    state = tab.evaluate(READY, {"exercises": exercise_count(name)})
                except Exception:  # noqa: BLE001 - the page is reloading itself
                    return False
                if state.get("errors") and not broken:
                    broken.append(time.time())
                elif not state.get("errors"):
                    broken.clear()
                return bool(state.get("ready"))

            def ready_or_stuck() -> bool:  # a widget error for 10 s: the template's own reload (3 s) did not come
                return ready() or bool(broken and time.time() - broken[0] > 10)
            if not wait_for(ready_or_stuck, timeout=120) or not ready():
                # A Voilà page sometimes shows its text but some widgets never come: under heavy load, the
                # kernel's answer to the page's request for every widget lacked the models of the lesson's
                # last cells, and ipywidgets then writes "Error displaying widget: model not found" for
                # good (cause inside Voilà/ipywidgets not yet found). The course's template reloads such
                # a page once by itself (recorded as "by itself"); should that fail too, the test reloads
                # once, as a student would; that is recorded, and a second failure fails the test.
                tab.screenshot(path=str(ARTIFACTS / f"{shot}-{name[:2]}-RELOADED.png"))
                if name != GLOSSARY:
                    (ARTIFACTS / f"{shot}-{name[:2]}-RELOADED.json").write_text(json.dumps(
                        tab.evaluate(DIAGNOSE, {"exercises": exercise_count(name)}), ensure_ascii=False, indent=1))
                reloads.append(name)
                tab.reload(wait_until="commit", timeout=120_000)
                if not wait_for(ready, timeout=180):
                    tab.screenshot(path=str(ARTIFACTS / f"{shot}-{name[:2]}-NOT-USABLE.png"))
                    raise AssertionError(f"{text!r} ({href}) did not become usable after a reload: "
                                         f"{tab.locator('body').inner_text()[:1500]}")
            if len(loads) > 1:
                reloads.append(f"{name} (by itself)")
            body = tab.locator("body").inner_text()
            assert "403" not in body[:200] and "Forbidden" not in body and "Traceback" not in body, body[:500]
            usable[name] = round(time.time() - started, 1)
            if as_a_student and name != GLOSSARY:  # (its screenshots: voila-phone-NN.png, voila-phone-NN-soal.png)
                found = lesson_page_problems(tab, name, "phone", ARTIFACTS, _record)
                if name == lessons[0] and not answers_come_back(tab, name):
                    found["answers after a reload"] = "not every saved answer came back"
                if found:
                    problems[name] = found
            else:
                tab.screenshot(path=str(ARTIFACTS / f"{shot}-{name[:2]}.png"))
            tab.close()
    finally:
        context.close()
        if reloads:
            (ARTIFACTS / f"{shot}-reloads.txt").write_text("\n".join(reloads) + "\n", encoding="utf-8")
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    return usable


def test_the_readme_start_commands_open_beranda_and_every_link(newcomer, chromium):
    course, env = newcomer
    started = run_start_block(course / "README.md", course, env)
    try:
        usable = follow_every_link(chromium, started.url(), "kursus", LESSONS, as_a_student=True)
    finally:
        stopped = started.stop()
    assert set(usable) == {*LESSONS, GLOSSARY}
    assert stopped, "Ctrl+C did not stop the course within 20 s:\n" + "".join(started.lines)[-2000:]
    _record("usable_s", usable)  # seconds from a link's opening to a usable page
    # the student's terminal: no English warning about websocket pings (lessons/deploy/voila_settings.py)
    assert not [line for line in started.lines if "websocket_ping" in line], "".join(started.lines)[-2000:]
    # the editable install points at this copy, not at the checkout that runs the tests
    where = subprocess.run(["python", "-c", "import lessons; print(lessons.__file__)"], cwd=course, env=env,
                           capture_output=True, text=True)
    assert Path(where.stdout.strip()).resolve().is_relative_to(course.resolve()), where


def test_the_student_release_readme_start_commands_work(newcomer, chromium):
    course, env = newcomer
    # the teacher's command from the README (lessons 00 and 01), run in the newcomer's venv
    done = subprocess.run(["python", "-m", "lessons", "release", "rilis-8a", "--pelajaran", "00", "01"], cwd=course,
                          env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 and "No module named" in done.stderr:  # the start test has not installed it yet
        subprocess.run(commands(course / "README.md", "start")[0], shell=True, cwd=course, env=env, check=True,
                       capture_output=True, timeout=900)
        done = subprocess.run(["python", "-m", "lessons", "release", "rilis-8a", "--pelajaran", "00", "01"],
                              cwd=course, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    release = course / "rilis-8a"
    ours = tomllib.loads((course / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    theirs = tomllib.loads((release / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert theirs == ours, "the release's dependencies are the teacher's (so one venv stands for both)"
    started = run_start_block(release / "README.md", release, env)
    try:
        usable = follow_every_link(chromium, started.url(), "rilis", ["00-pengantar.ipynb", "01-pengertian-dan-ruang-lingkup.ipynb"])
    finally:
        stopped = started.stop()
    assert stopped, "Ctrl+C did not stop the student's course within 20 s:\n" + "".join(started.lines)[-2000:]
    where = subprocess.run(["python", "-c", "import lessons; print(lessons.__file__)"], cwd=release, env=env,
                           capture_output=True, text=True)
    assert Path(where.stdout.strip()).resolve().is_relative_to(release.resolve()), where
    assert set(usable) == {"00-pengantar.ipynb", "01-pengertian-dan-ruang-lingkup.ipynb", GLOSSARY}
