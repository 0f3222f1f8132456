"""The course as students and teachers see it: JupyterLab (and Notebook 7)
in headless Chromium, driven by Playwright.

For every lesson notebook: open it, Run All, wait until the kernel is idle,
check that there is no error or stderr output and that every widget rendered,
take a 1366×768 screenshot, then do one real interaction and check its
effect. Screenshots and timings go to ``test-artifacts/browser/`` (printed at
the end of the run).

These tests need Debian's Chromium at /usr/bin/chromium and the Python
package playwright (never ``playwright install``). Without them they are
skipped locally with a one-line reason; under CI (``CI`` set) a missing
browser is an error, so CI cannot pass with the browser tests skipped.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed at /usr/bin/chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


REASON = _missing()
if REASON and os.environ.get("CI"):
    pytest.fail(f"browser tests cannot run in CI: {REASON} (.ci/run installs both)", pytrace=False)
if REASON:
    pytest.skip(f"browser tests skipped: {REASON}", allow_module_level=True)



# --------------------------------------------------------------------------
# a Jupyter server serving a temporary copy of the course


@dataclass
class Server:
    url: str
    token: str
    course: Path
    process: subprocess.Popen

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"{self.url}{path}?token={self.token}", method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            return json.loads(body) if body else None

    def sessions(self, name: str):
        return [s for s in self.api("/api/sessions") if s["path"].endswith(name)]

    def clear_sessions(self) -> None:
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", "DELETE")

    def wait_idle(self, name: str, timeout: float = 120, settle: float = 1.0) -> None:
        """Poll the server (not the toolbar, which says idle before any kernel
        exists) until the notebook's kernel has been idle for ``settle`` s."""
        end = time.time() + timeout
        since = None
        while time.time() < end:
            states = [s["kernel"]["execution_state"] for s in self.sessions(name)]
            if states and all(state == "idle" for state in states):
                since = since or time.time()
                if time.time() - since >= settle:
                    return
            else:
                since = None
            time.sleep(0.2)
        raise TimeoutError(f"kernel of {name} not idle after {timeout} s")


def _free_port() -> int:
    """A free port on 127.0.0.1: any (the system's choice), or one of ``$KSSA_TEST_PORTS`` ("9200-9299")
    when several people share a machine and each has a range of ports."""
    wanted = os.environ.get("KSSA_TEST_PORTS", "")
    first, _, last = wanted.partition("-")
    candidates = list(range(int(first), int(last or first) + 1)) if first.strip().isdigit() else [0]
    random.shuffle(candidates)  # two servers started one after the other do not pick the same port before binding it
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in KSSA_TEST_PORTS={wanted}")


def copy_with_lessons(target: Path, lessons) -> Path:
    """A student's course folder at ``target``: data/ and notebooks/ with only ``lessons`` (file names)
    besides Beranda and Glosarium, and no answer sheet, session claim or answer key. ``mulai`` preheats
    every page with code (lessons/deploy/preheat.py): a lesson no test opens would only take a kernel's time."""
    others = [nb.name for nb in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb") if nb.name not in lessons]
    shutil.copytree(ROOT / "notebooks", target / "notebooks",
                    ignore=shutil.ignore_patterns("jawaban-*.json", ".ipynb_checkpoints", ".sesi-*", "kunci", *others))
    shutil.copytree(ROOT / "data", target / "data")
    return target


def _copy_course(target: Path) -> Path:
    shutil.copytree(ROOT / "notebooks", target / "notebooks",
                    ignore=shutil.ignore_patterns("jawaban-*.json", ".ipynb_checkpoints"))
    shutil.copytree(ROOT / "data", target / "data")
    settings = target / ".jupyter-settings"
    for name, values in {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    return target


def _start(app: str, course: Path, attempts: int = 3) -> Server:
    """Start a Jupyter server on a free port. The port is found by binding to
    port 0 and closing the socket, so another process may take it before the
    server binds it: the server then exits (``port_retries=0``, instead of
    silently moving to a port this test does not know) and we try a new port.
    Its kernels use IPC sockets, not TCP ports (see tests/kernels.py)."""
    for attempt in range(attempts):
        server = _try_start(app, course, _free_port())
        if server is not None:
            return server
    raise RuntimeError(f"{app} did not start after {attempts} attempts; see {course / (app + '.log')}")


def _install_lab_extension(data_dir: str) -> None:
    from lessons.core import lab_extension

    before = os.environ.get("JUPYTER_DATA_DIR")
    os.environ["JUPYTER_DATA_DIR"] = data_dir
    try:
        assert lab_extension.install() == Path(data_dir) / "labextensions" / lab_extension.NAME
    finally:
        if before is None:
            del os.environ["JUPYTER_DATA_DIR"]
        else:
            os.environ["JUPYTER_DATA_DIR"] = before


def _try_start(app: str, course: Path, port: int) -> Server | None:
    token = secrets.token_hex(12)
    env = {k: v for k, v in os.environ.items() if k not in ("KSSA_ANSWER_DIR", "KSSA_DATA_DIR")}
    env["IPYTHONDIR"] = str(course / ".ipython")  # kernels' startup files (lessons.core.kernel_start) stay in the copy
    # the user's Jupyter data folder, with the extension that waits for the kernel (lessons.core.lab_extension),
    # put there the way Binder's postBuild does (a lesson's first cell would do it for the next page load)
    from jupyter_core.paths import jupyter_runtime_dir

    env["JUPYTER_RUNTIME_DIR"] = jupyter_runtime_dir()  # kernels' IPC sockets: a short path (unix sockets allow ~107 bytes)
    env["JUPYTER_DATA_DIR"] = str(course / ".jupyter-data")
    env["PYTHONNOUSERSITE"] = "1"  # only that folder: not also ~/.local/share/jupyter (the user site's)
    _install_lab_extension(env["JUPYTER_DATA_DIR"])
    args = [sys.executable, "-m", app, "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
            "--ServerApp.port_retries=0", "--KernelManager.transport=ipc",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course / 'notebooks'}"]
    if app == "jupyterlab":
        args += [f"--LabApp.user_settings_dir={course / '.jupyter-settings'}", f"--LabApp.workspaces_dir={course / '.ws'}"]
    log = open(course / f"{app}.log", "ab")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(args, cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", token, course, process)
    end = time.time() + 90
    while time.time() < end:
        if process.poll() is not None:
            return None
        try:
            server.api("/api/status")
            return server
        except OSError:
            time.sleep(0.3)
    _stop(server)
    raise RuntimeError(f"{app} did not answer within 90 s; see {course / (app + '.log')}")


def _stop(server: Server) -> None:
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = _start("jupyterlab", _copy_course(tmp_path_factory.mktemp("kursus")))
    yield server
    _stop(server)


@pytest.fixture(scope="module")
def lab_screen(chromium):
    """One browser profile at a lab screen for this file's tests, as one student's PC: its cache keeps
    JupyterLab's scripts (and their compiled code) from one test to the next, as a browser does."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture(scope="module")
def lab_tab(lab_screen):
    """One browser tab for this file's tests, as a student keeps JupyterLab open for a lesson after
    another (``open_and_run`` opens the next notebook inside it instead of loading JupyterLab again)."""
    page = lab_screen.new_page()
    yield page
    page.close()


@pytest.fixture
def fresh_page(lab_screen):
    """A new tab, for a test that loads a page of its own (JupyterLab from scratch, Notebook 7): the shared
    tab keeps the open notebooks (navigating it away from seven open lessons once crashed its renderer)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = lab_screen.new_page()
    yield page
    page.close()


@pytest.fixture
def page(lab_tab):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lab_tab.keyboard.press("Escape")  # a dialog a failed test before may have left open
    return lab_tab


def _record_time(name: str, seconds: dict) -> None:
    path = ARTIFACTS / "timings.json"
    timings = json.loads(path.read_text()) if path.exists() else {}
    timings[name] = seconds
    path.write_text(json.dumps(timings, indent=1, sort_keys=True))


# --------------------------------------------------------------------------
# driving JupyterLab


CURRENT_TAB = "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel"


def open_and_run(page, server: Server, name: str, lab: bool = True) -> dict:
    """Open the notebook, wait for its kernel, clear the stored outputs, Run
    All, and wait until the run is really over (see ``wait_until_run``).

    In a tab that already shows this server's JupyterLab, the notebook is opened as a person would,
    with File → Open from Path… (loading JupyterLab again costs the browser about 6 s of processor
    time, opening a notebook inside it about 2 s); a notebook already open there gets a fresh kernel
    (Kernel → Restart Kernel…). Otherwise JupyterLab (or Notebook 7) is loaded with the notebook."""
    start = time.time()
    if lab and page.url.startswith(f"{server.url}/lab"):
        was_open = bool(server.sessions(name))
        menu(page, "File", "Open from Path")
        page.locator(".jp-Dialog input").fill(name)
        page.keyboard.press("Enter")
        page.wait_for_function(f"n => document.querySelector({json.dumps(CURRENT_TAB)})?.textContent === n", arg=name,
                               timeout=90_000)
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=90_000)
        if was_open:
            menu(page, "Kernel", "Restart Kernel…")
            page.locator(".jp-Dialog button", has_text="Restart").click()
    else:
        server.clear_sessions()
        url = f"{server.url}/lab/tree/{name}?reset&token={server.token}" if lab else f"{server.url}/notebooks/{name}?token={server.token}"
        page.goto(url)
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=90_000)
    end = time.time() + 90
    while not server.sessions(name):
        if time.time() > end:
            raise TimeoutError(f"no kernel session for {name} after 90 s")
        time.sleep(0.2)
    server.wait_idle(name)
    opened = time.time() - start
    # the committed notebook already shows counts [1]..[n] and widget summaries:
    # clear them, so that what we wait for can only come from this run
    clear_outputs(page, name)
    run_start = time.time()
    menu(page, "Run", "Run All Cells")
    wait_until_run(page, server, name)
    return {"open_to_idle_s": round(opened, 2), "run_all_to_idle_s": round(time.time() - run_start, 2)}


def run_or_reuse(page, server: Server, name: str) -> None:
    """The lesson open and run in this tab, as a person who goes on working in it: when the shared
    JupyterLab tab already holds it fully run by an earlier test (every code cell has its count, no
    traceback, the kernel idle), it is brought to the front with File → Open from Path… and used as
    it is; otherwise it is opened and run (:func:`open_and_run`), so a test run alone works the same."""
    if page.url.startswith(f"{server.url}/lab") and server.sessions(name):
        menu(page, "File", "Open from Path")
        page.locator(".jp-Dialog input").fill(name)
        page.keyboard.press("Enter")
        page.wait_for_function(f"n => document.querySelector({json.dumps(CURRENT_TAB)})?.textContent === n", arg=name,
                               timeout=90_000)
        server.wait_idle(name)
        state = page_state(page)
        counted = state["prompts"] and all(re.fullmatch(r"\[\d+\]:", p) for p in state["prompts"])
        shown = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
        if counted and shown.filter(has_text="Traceback").count() == 0:
            return
    open_and_run(page, server, name)


def clear_outputs(page, name: str) -> None:
    menu(page, "Edit", "Clear Outputs of All Cells")
    state = wait_for(lambda: (lambda s: s if all(p in ("[ ]:", "") for p in s["prompts"]) and not s["views"] else None)(page_state(page)),
                     timeout=30)
    assert state, f"outputs of {name} not cleared: {page_state(page)}"


PAGE_STATE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
  const views = [...panel.querySelectorAll('.jp-OutputArea-output:not([data-mime-type])')];
  const rendered = views.filter(v => v.querySelector('.jupyter-widgets, [class*="widget-"]')).length;
  return {prompts, views: views.length, rendered};
}"""


def page_state(page) -> dict:
    """Prompts of the code cells ("[3]:", "[*]:", "[ ]:") and widget views in the page."""
    return page.evaluate(PAGE_STATE)


def code_cells(name: str) -> int:
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code")


def _run_problems(state: dict, kernels: list[str], name: str) -> list[str]:
    problems = []
    prompts, cells = state["prompts"], code_cells(name)
    if len(prompts) != cells:
        problems.append(f"{len(prompts)} of {cells} code cells in the page")
    counts = [p[1:-2] for p in prompts]
    if any(c == "*" for c in counts):
        problems.append(f"{counts.count('*')} cells still running or queued [*]")
    if not all(c.isdigit() for c in counts if c != "*"):
        problems.append(f"cells without an execution count: {[i for i, c in enumerate(counts) if not c.isdigit()]}")
    elif any(int(a) >= int(b) for a, b in zip(counts, counts[1:]) if a.isdigit() and b.isdigit()):
        problems.append(f"execution counts not in run order: {counts}")
    if not kernels or any(k != "idle" for k in kernels):
        problems.append(f"kernel state {kernels or 'no session'}")
    expected = expected_widgets(name)
    if state["views"] != expected or state["rendered"] != expected:
        problems.append(f"{state['rendered']} of {expected} widget views rendered ({state['views']} view outputs)")
    return problems


def wait_until_run(page, server: Server, name: str, timeout: float = 300, settle: float = 1.0) -> None:
    """Wait until a Run All is over: every code cell shows an execution count
    (none ``[*]``), in run order; the kernel is idle (the server's REST API,
    not the toolbar); and as many widget views are rendered as the notebook
    has widget outputs. All of it must hold for ``settle`` s; otherwise fail
    after ``timeout`` s, saying what was missing."""
    end = time.time() + timeout
    since, problems = None, ["not checked"]
    while time.time() < end:
        kernels = [s["kernel"]["execution_state"] for s in server.sessions(name)]
        problems = _run_problems(page_state(page), kernels, name)
        if problems:
            since = None
        else:
            since = since or time.time()
            if time.time() - since >= settle:
                return
        time.sleep(0.25)
    shot(page, f"TIMEOUT-{name.removesuffix('.ipynb')}")
    raise AssertionError(f"{name}: run not finished after {timeout} s: " + "; ".join(problems))


def menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def cell(page, code: str):
    return shown_notebook(page).locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=code)).first


def shown_notebook(page):
    """The notebook on screen (JupyterLab keeps the other open notebooks in hidden tabs)."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first


def expected_widgets(name: str) -> int:
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.outputs if WIDGET_MIME in o.get("data", {}))


def assert_clean_and_rendered(page, name: str) -> None:
    notebook = shown_notebook(page)
    assert notebook.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert notebook.locator(".jp-OutputArea-output:has-text('Traceback')").count() == 0
    assert notebook.get_by_text("Error displaying widget").count() == 0
    # JupyterLab marks every rendered output with its MIME type, except widget views
    views = notebook.locator(".jp-OutputArea-output:not([data-mime-type])")
    assert views.count() == expected_widgets(name)
    for i in range(views.count()):
        assert views.nth(i).locator(".jupyter-widgets").count() > 0, f"widget {i} of {name} did not render"


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def wait_for(check, timeout: float = 15.0, interval: float = 0.2):
    end = time.time() + timeout
    while time.time() < end:
        value = check()
        if value:
            return value
        time.sleep(interval)
    return check()


# --------------------------------------------------------------------------
# one real interaction per lesson


def figure_sources(widget) -> list[str]:
    """Every figure panel of a widget: a figure may be drawn as several panels."""
    return widget.locator("img").evaluate_all("imgs => imgs.map(i => i.getAttribute('src'))")


def attempts_saved(server: Server, exercise: str) -> int:
    """How many checks of one exercise the lesson's answer sheet on the server holds."""
    sheet = server.course / "notebooks" / f"jawaban-{exercise[:2]}.json"
    try:
        answers = json.loads(sheet.read_text(encoding="utf-8"))["answers"]
    except (OSError, ValueError, KeyError):
        return 0
    return answers.get(exercise, {}).get("attempts", 0)


def answer_by_click(page, server, exercise: str, choice: str, expect: str) -> None:
    """Choose, tap Periksa, and wait until the feedback shows and the sheet holds
    this check (an earlier test may have left the same feedback on the page)."""
    before = attempts_saved(server, exercise)
    box = cell(page, f'ks.exercise("{exercise}")')
    box.scroll_into_view_if_needed()
    box.locator("label", has_text=choice).first.click()
    box.locator("button", has_text="Periksa").click()
    assert wait_for(lambda: expect in (box.locator(".kssa-feedback").inner_text() if box.locator(".kssa-feedback").count() else ""))
    assert wait_for(lambda: attempts_saved(server, exercise) > before), f"{exercise}: the check was not saved"


def lesson_00(page, server, name):
    table = cell(page, "ks.member_table()")
    table.scroll_into_view_if_needed()
    before = table.locator("table.kssa-table").inner_text()
    table.locator(".widget-dropdown select").first.select_option(label="Pendiri (1967)")
    assert wait_for(lambda: table.locator("table.kssa-table").inner_text() != before)
    assert table.locator("table.kssa-table tbody tr").count() == 5
    shot(page, "00-tabel-anggota")
    answer_by_click(page, server, "00-01", "8 Agustus 1967", "✔ Benar")
    sheet = server.course / "notebooks" / "jawaban-00.json"
    assert json.loads(sheet.read_text(encoding="utf-8"))["answers"]["00-01"]["answer"] == "A"
    shot(page, "00-soal-dijawab")
    # a kernel restart loses nothing
    clear_outputs(page, name)
    menu(page, "Kernel", "Restart Kernel and Run All Cells")
    page.locator(".jp-Dialog button", has_text="Restart").click()
    wait_until_run(page, server, name)
    again = cell(page, 'ks.exercise("00-01")')
    again.scroll_into_view_if_needed()
    assert wait_for(lambda: again.locator("input[type=radio]:checked").count() == 1)
    assert "✔ Benar" in again.locator(".kssa-feedback").inner_text()
    shot(page, "00-jawaban-dipulihkan")


def lesson_01(page, server, name):
    table = cell(page, "ks.issue_table()")
    table.scroll_into_view_if_needed()
    before = table.locator("table.kssa-table").inner_text()
    table.locator(".widget-dropdown select").first.select_option(label="Penanggulangan Bencana")
    assert wait_for(lambda: table.locator("table.kssa-table").inner_text() != before)
    assert "1 dari 7" in table.locator("[role=status]").first.inner_text()
    network = cell(page, "ks.network_explorer()")
    network.scroll_into_view_if_needed()
    assert wait_for(lambda: figure_sources(network))
    before_map = figure_sources(network)
    network.locator("label", has_text="Pendidikan").locator("input").uncheck()
    assert wait_for(lambda: figure_sources(network) != before_map, timeout=20)
    highlight = network.locator(".widget-dropdown select").filter(has=page.locator("option", has_text="Indonesia"))
    highlight.select_option(label="Indonesia")
    assert wait_for(lambda: "Indonesia terhubung" in network.inner_text(), timeout=20)
    shot(page, "01-jaringan")


def lesson_02(page, server, name):
    explorer = cell(page, "ks.indicator_explorer()")
    explorer.scroll_into_view_if_needed()
    assert wait_for(lambda: figure_sources(explorer))
    before_chart = figure_sources(explorer)
    explorer.locator("select").first.select_option(index=3)
    assert wait_for(lambda: figure_sources(explorer) != before_chart, timeout=20)
    shot(page, "02-penjelajah-indikator")


def lesson_03(page, server, name):
    comparison = cell(page, "ks.disaster_comparison(responses=[\"aceh-2004\"")
    comparison.scroll_into_view_if_needed()
    before = comparison.locator("table").last.inner_text()
    comparison.locator("button", has_text="Kekurangan").click()
    assert wait_for(lambda: comparison.locator("table").last.inner_text() != before)
    shot(page, "03-perbandingan")


def lesson_04(page, server, name):
    table = cell(page, "ks.culture_table()")
    table.scroll_into_view_if_needed()
    before = table.locator("[role=status]").first.inner_text()
    table.locator("select").nth(2).select_option(label="Indonesia")
    assert wait_for(lambda: "Indonesia" in table.locator("[role=status]").first.inner_text())
    assert table.locator("[role=status]").first.inner_text() != before
    shot(page, "04-tabel-budaya")


def lesson_05(page, server, name):
    simulator = cell(page, "ks.consensus_simulator()")
    simulator.scroll_into_view_if_needed()
    outcome = simulator.locator(".widget-html").last
    assert "Mufakat tercapai" in outcome.inner_text()
    simulator.locator(".widget-toggle-buttons").nth(3).locator("button", has_text="tidak setuju").click()
    assert wait_for(lambda: "Belum ada mufakat" in outcome.inner_text())
    assert "10 setuju" in outcome.inner_text()
    shot(page, "05-simulasi-mufakat")


def lesson_06(page, server, name):
    answer_by_click(page, server, "06-01", "26 Oktober 2025", "✔ Benar")
    results = cell(page, "ks.results_view()")
    results.scroll_into_view_if_needed()
    status = results.locator("[role=status]").first
    before = status.inner_text()
    results.locator("button", has_text="Perbarui").click()
    # answers of earlier tests may lie in the same course copy, so count them
    answered = sum(
        1 for sheet in (server.course / "notebooks").glob("jawaban-*.json")
        for key in json.loads(sheet.read_text(encoding="utf-8"))["answers"] if "refleksi" not in key
    )
    assert wait_for(lambda: f"{answered} dari" in status.inner_text() and status.inner_text() != before)
    shot(page, "06-rekap-nilai")


INTERACTIONS = {"00": lesson_00, "01": lesson_01, "02": lesson_02, "03": lesson_03, "04": lesson_04,
                "05": lesson_05, "06": lesson_06}


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_in_jupyterlab(page, lab, name):
    timings = open_and_run(page, lab, name)
    assert_clean_and_rendered(page, name)
    shot(page, name.removesuffix(".ipynb"))
    INTERACTIONS[name[:2]](page, lab, name)
    wait_until_run(page, lab, name)
    assert_clean_and_rendered(page, name)
    _record_time(name, timings)


def test_exercise_by_keyboard_only(page, lab):
    """Tab to a choice, select it with Space, check it with Enter."""
    name = LESSONS[0]
    run_or_reuse(page, lab, name)
    box = cell(page, 'ks.exercise("00-04")')
    box.scroll_into_view_if_needed()
    box.locator(".kssa-question").click()
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset && document.activeElement.dataset.value") == "Kamboja":
            break
    else:
        raise AssertionError("15 presses of Tab never reached the choice Kamboja")
    page.keyboard.press("Space")
    checked = box.locator("input[type=radio]:checked")
    assert checked.count() == 1 and checked.first.evaluate("e => e.dataset.value") == "Kamboja"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("(document.activeElement.innerText || '').trim()") == "Periksa":
            break
    else:
        raise AssertionError("10 presses of Tab never reached the button Periksa")
    page.keyboard.press("Enter")
    assert wait_for(lambda: box.locator(".kssa-feedback").count() and "✔ Benar" in box.locator(".kssa-feedback").inner_text())
    shot(page, "00-keyboard")


def download_then_upload(page, server, name: str, tmp_path: Path, shot_name: str) -> None:
    """The answer-sheet tools in JupyterLab or Notebook 7: download the sheet,
    lose it (a new Binder session), upload it again; the answers come back."""
    lesson = name[:2]
    sheet_file = server.course / "notebooks" / f"jawaban-{lesson}.json"
    saved = json.loads(sheet_file.read_text(encoding="utf-8"))["answers"]
    assert saved, f"{name}: nothing answered before the download"
    tools = cell(page, f'ks.answer_sheet("{lesson}")')
    tools.scroll_into_view_if_needed()
    link = tools.locator("a.kssa-download")  # one click saves the sheet: the link is always there
    assert wait_for(lambda: link.count() == 1, timeout=20), "no download link (Unduh lembar jawaban)"
    with page.expect_download() as info:
        link.click()
    downloaded = tmp_path / info.value.suggested_filename
    info.value.save_as(downloaded)
    assert downloaded.name == sheet_file.name
    assert json.loads(downloaded.read_text(encoding="utf-8"))["answers"] == saved
    sheet_file.unlink()  # the session's files are gone
    with page.expect_file_chooser() as chooser:
        tools.locator(".widget-upload").click()
    chooser.value.set_files(str(downloaded))
    message = tools.locator("[role=alert]")
    assert wait_for(lambda: f"{len(saved)} jawaban dipulihkan" in (message.inner_text() if message.count() else ""),
                    timeout=30), message.all_inner_texts()
    assert json.loads(sheet_file.read_text(encoding="utf-8"))["answers"].keys() == saved.keys()
    shot(page, shot_name)


def test_answer_sheet_download_and_upload_in_jupyterlab(page, lab, tmp_path):
    name = LESSONS[0]
    run_or_reuse(page, lab, name)
    answer_by_click(page, lab, "00-01", "8 Agustus 1967", "✔ Benar")
    download_then_upload(page, lab, name, tmp_path, "00-unduh-unggah-lab")


def test_one_exercise_cell_after_a_kernel_restart(page, lab):
    """Restart the kernel, run one exercise cell (not the import cell): the
    exercise appears; no NameError (lessons.core.kernel_start)."""
    name = LESSONS[0]
    run_or_reuse(page, lab, name)  # a lesson ran once in this course copy: the startup file exists
    assert any((lab.course / ".ipython" / "profile_default" / "startup").glob("*kerja-sama*"))
    clear_outputs(page, name)
    menu(page, "Kernel", "Restart Kernel…")
    page.locator(".jp-Dialog button", has_text="Restart").click()
    lab.wait_idle(name)
    target = cell(page, 'ks.exercise("00-03")')
    target.scroll_into_view_if_needed()
    target.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    assert wait_for(lambda: target.locator(".kssa-exercise").count() == 1 or "Error" in target.inner_text(), timeout=90)
    assert "NameError" not in target.inner_text() and "Traceback" not in target.inner_text(), target.inner_text()[:300]
    assert target.locator(".kssa-exercise .kssa-question").count() == 1
    shot(page, "00-setelah-restart")


DIALOG_WATCH = """() => {
  window.kssaDialogs = [];
  new MutationObserver(() => {
    for (const d of document.querySelectorAll('.jp-Dialog')) {
      const text = d.innerText.slice(0, 200);
      if (!window.kssaDialogs.includes(text)) window.kssaDialogs.push(text);
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""


def test_run_all_before_the_kernel_is_ready(fresh_page, lab, request):
    """Open a lesson and click Run All at once, while the server is still
    starting its kernel (the session request is held back 5 s, as on a busy
    Binder): the lesson must still run to the end. Without the extension in
    lessons/labextension, JupyterLab 4.6 opened an English "Select Kernel"
    dialog and cleared every output without running anything
    (jupyterlab/jupyterlab#8490)."""
    page = fresh_page
    name = LESSONS[0]
    lab.clear_sessions()

    def held_back(route):
        if route.request.method == "POST":
            time.sleep(5)
        route.continue_()

    page.route("**/api/sessions*", held_back)
    request.addfinalizer(lambda: page.unroute("**/api/sessions*", held_back))  # the tab goes on to other tests
    page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=90_000)
    assert not lab.sessions(name), "the kernel session already exists: the click would not be early"
    page.evaluate(DIALOG_WATCH)  # every dialog that opens from now on, however briefly, is noted
    menu(page, "Run", "Run All Cells")
    try:
        wait_until_run(page, lab, name, timeout=90)
    except (AssertionError, TimeoutError) as error:
        raise AssertionError(f"the early Run All did not run the lesson; dialogs: {page.evaluate('window.kssaDialogs')}") from error
    dialogs = page.evaluate("window.kssaDialogs")
    assert not dialogs, f"a dialog opened: {dialogs[0]}"
    shot(page, "00-run-all-terlalu-cepat")


def test_lesson_in_notebook_7(fresh_page, tmp_path):
    page = fresh_page
    server = _start("notebook", _copy_course(tmp_path))
    try:
        name = "01-pengertian-dan-ruang-lingkup.ipynb"
        timings = open_and_run(page, server, name, lab=False)
        assert_clean_and_rendered(page, name)
        shot(page, "notebook7-01")
        answer_by_click(page, server, "01-04", "AHA Centre", "✔ Benar")
        assert (server.course / "notebooks" / "jawaban-01.json").exists()
        download_then_upload(page, server, name, tmp_path, "notebook7-unduh-unggah")
        _record_time(f"notebook7:{name}", timings)
    finally:
        _stop(server)


def test_jupyterlab_run_all_by_touch(lab, chromium):
    """The README's touch route on a phone (390×844, touch): the notebook toolbar's "restart and run all"
    button (JupyterLab 4.6's pull-down menus do not answer taps, #19124). On this file's JupyterLab server."""
    from .test_student_browser import ARTIFACTS as STUDENT_ARTIFACTS
    from .test_student_browser import LAYOUT, LESSONS, SCREENS, _record, exercise_count

    name = LESSONS[0]
    context = chromium.new_context(**SCREENS["phone"])
    try:
        page = context.new_page()
        start = time.time()
        page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}", timeout=120_000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
        lab.wait_idle(name)
        button = page.locator(".jp-NotebookPanel-toolbar [data-command='notebook:restart-run-all']").first
        if not button.is_visible():  # a narrow screen folds the toolbar: its "…" opener is a plain button too
            page.locator(".jp-NotebookPanel-toolbar .jp-Toolbar-responsive-opener").first.tap()
            button = page.locator("[data-command='notebook:restart-run-all']:visible").first
        button.tap()
        page.locator(".jp-Dialog .jp-mod-accept").tap()
        expected = exercise_count(name)
        count = page.locator(".jp-NotebookPanel .kssa-exercise:not(.kssa-sheet-tools)")
        assert wait_for(lambda: count.count() == expected, timeout=300), f"{count.count()} of {expected} exercises"
        lab.wait_idle(name)
        _record("jupyterlab-phone-touch", {name: round(time.time() - start, 1)})
        page.screenshot(path=str(STUDENT_ARTIFACTS / "lab-phone-00.png"))
        assert page.locator(".jp-OutputArea-output:has-text('Traceback')").count() == 0
        layout = page.evaluate(LAYOUT, False)
        assert not layout["overlaps"] and not layout["cut"], layout
    finally:
        context.close()
