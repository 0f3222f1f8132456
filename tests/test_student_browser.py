"""The course as a student uses it: Voilà (the student mode) at a lab screen
(1366×768). (The phone, 390×844 with touch, on the course as the README
starts it: tests/test_readme_commands.py, with this file's checks. A sheet
downloaded and uploaded into a fresh copy, a wrong file refused: the teacher
loop, tests/test_teacher_loop_browser.py. JupyterLab on touch:
tests/test_browser.py.)

One Voilà server serves a copy of the course; the lessons open in parallel
pages. For every lesson: the page becomes usable (every exercise, table and
figure rendered, no traceback), no choice overlaps another and no label is
cut, every figure has alt text and its size, and a screenshot is kept in
``test-artifacts/student/``. Open-to-usable times go to
``test-artifacts/student/timings.json``.

Needs /usr/bin/chromium and playwright, like tests/test_browser.py (whose
server helpers this file reuses). Skipped in the quick unit loop.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from lessons.deploy.student_mode import private_kernel_sockets

from .test_browser import ROOT, _copy_course, _free_port, wait_for
from .test_figure_text import PHONE_COLUMN

pytestmark = pytest.mark.browser  # also given by the marker hook in conftest.py: not in the quick loop

ARTIFACTS = ROOT / "test-artifacts" / "student"
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
SCREENS = {"lab": {"viewport": {"width": 1366, "height": 768}},
           "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
                     "device_scale_factor": 1}}

# --------------------------------------------------------------------------
# what a page looks like, measured in the browser

READY = """(expected) => {
  const ex = document.querySelectorAll('.kssa-exercise:not(.kssa-sheet-tools)').length;
  const tools = document.querySelectorAll('.kssa-sheet-tools').length;
  const bad = [...document.querySelectorAll('.jp-OutputArea-output')].filter(
      o => /Traceback|Error displaying widget|NameError|ModuleNotFoundError/.test(o.innerText));
  return {ex, tools, errors: bad.length, texts: bad.map(o => o.innerText.slice(0, 300)),
          ready: ex === expected.exercises && tools === 1};
}"""

# What a page that never became usable shows, for the TIMEOUT-*.json a test leaves next to its screenshot.
DIAGNOSE = """(expected) => {
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  const text = document.body.innerText;
  return {readyState: document.readyState, title: document.title,
          exercises: document.querySelectorAll('.kssa-exercise:not(.kssa-sheet-tools)').length,
          expected: expected.exercises, sheet_tools: document.querySelectorAll('.kssa-sheet-tools').length,
          outputs: outputs.length, widget_views: document.querySelectorAll('.jupyter-widgets').length,
          waiting_views: outputs.filter(o => /Memuat|Loading widget/.test(o.innerText)).length,
          widget_errors: outputs.filter(o => /Error displaying widget|tidak dapat ditampilkan/.test(o.innerText)).map(o => o.innerText.slice(0, 200)),
          tracebacks: outputs.filter(o => /Traceback/.test(o.innerText)).map(o => o.innerText.slice(0, 300)),
          cells: document.querySelectorAll('.jp-Cell').length, body_chars: text.length, body_end: text.slice(-600)};
}"""

LAYOUT = """(phone) => {
  const box = (e) => { const r = document.createRange(); r.selectNodeContents(e);
    const a = r.getBoundingClientRect(), c = e.getBoundingClientRect();
    return {l: Math.min(a.left, c.left), r: Math.max(a.right, c.right), t: Math.min(a.top, c.top),
            b: Math.max(a.bottom, c.bottom), h: c.height}; };
  const out = {overlaps: [], cut: [], small: [], wide: []};
  for (const ex of document.querySelectorAll('.kssa-exercise')) {
    const groups = [...ex.querySelectorAll('.widget-radio-box')].map(g => [...g.querySelectorAll('label')]);
    groups.push([...ex.querySelectorAll('.widget-checkbox label.widget-label-basic')]);
    for (const g of groups) {
      const r = g.map(box);
      for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {
        const a = r[i], b = r[j];
        if (a.h && b.h && a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 1 && b.t < a.b - 1)
          out.overlaps.push(g[i].innerText.slice(0, 30) + ' / ' + g[j].innerText.slice(0, 30));
      }
    }
    for (const e of ex.querySelectorAll('.widget-radio-box label, .widget-checkbox label, .widget-checkbox span, .widget-html-content')) {
      if (e.clientWidth > 0 && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 2))
        out.cut.push(e.innerText.slice(0, 40));
    }
    if (phone) for (const e of ex.querySelectorAll('button, select, .widget-radio-box label, .widget-checkbox label.widget-label-basic, input[type=text]')) {
      const r = e.getBoundingClientRect();
      if (r.height > 0 && r.height < 43.5) out.small.push(e.tagName + ':' + (e.innerText || e.value || '').slice(0, 25) + ':' + Math.round(r.height));
    }
  }
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width + 1) out.wide.push('page ' + document.documentElement.scrollWidth);
  return out;
}"""


# Every figure with its controls fits one screen: a figure shown as a PNG output is at most one
# screen tall; for a figure inside a widget, everything from the top of the widget (its controls) to
# the bottom of the figure is. And every figure is shown at least as wide as tests/test_figure_text.py
# assumes when it checks that its text is at least 10 px (``shown``: the drawn picture's width, which
# is less than its box when the box is limited in height and keeps the picture's proportions).
FIGURES = """() => {
  const out = [];
  for (const img of document.querySelectorAll('.jp-OutputArea-output img')) {
    const r = img.getBoundingClientRect();
    if (!r.width || !img.naturalWidth) continue;
    const output = img.closest('.jp-OutputArea-output');
    const inWidget = img.classList.contains('widget-image');
    const top = inWidget ? output.getBoundingClientRect().top : r.top;
    out.push({widget: inWidget, height: Math.round(r.bottom - top), image_height: Math.round(r.height),
              output_height: Math.round(output.getBoundingClientRect().height),
              shown: Math.round(Math.min(r.width, r.height * img.naturalWidth / img.naturalHeight)),
              natural: img.naturalWidth, alt: img.alt || '', label: (output.innerText || img.alt || '').replace(/\\s+/g, ' ').slice(0, 50),
              scrolls: !!img.closest('.kssa-figure-frame') || r.right > window.innerWidth + 1});
  }
  return out;
}"""


#: widget figures taller than one screen, in modules another owner keeps; strict: once one fits, its entry must go
TOO_TALL_ELSEWHERE: dict[str, str] = {}  # lesson -> why; empty: every lesson's widget figure is checked for real


def figure_problems(figures: list[dict], lesson: str, screen_height: int) -> list[str]:
    from .test_figure_text import COLUMN, WIDGET_DISPLAYED, WIDGET_OF_LESSON

    problems = []
    tall = [f for f in figures if f["height"] > screen_height]
    if lesson in TOO_TALL_ELSEWHERE:
        if not any(f["widget"] for f in tall):
            problems.append(f"the widget figure of lesson {lesson} now fits: remove it from TOO_TALL_ELSEWHERE")
        tall = [f for f in tall if not f["widget"]]
    for f in tall:
        problems.append(f"{f['label']!r}: figure and controls {f['height']} px tall (screen {screen_height})")
    for f in figures:
        assumed = (f["widget"] and WIDGET_DISPLAYED.get(WIDGET_OF_LESSON[lesson])) or min(f["natural"], COLUMN)
        if f["shown"] < assumed - 1:
            problems.append(f"{f['label']!r}: shown {f['shown']} px wide, tests/test_figure_text.py assumes {assumed}")
    return problems


def exercise_count(name: str) -> int:
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip().startswith("ks.exercise("))


# --------------------------------------------------------------------------
# one Voilà server for a copy of the course


class Voila:
    def __init__(self, root: Path):
        self.root = root
        self.port = _free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("KSSA_ANSWER_DIR", "KSSA_DATA_DIR", "KSSA_COURSE_DIR")}
        self.log = open(root / "voila.log", "ab")  # noqa: SIM115 - closed in stop()
        # kernels over Unix sockets in a private short folder, as ``python -m lessons mulai`` has them: with
        # TCP, a kernel can lose one of its ports to another process while the suite starts many at once,
        # and its page then shows text without widgets ("Address already in use"; seen as a 300-s wait)
        self.sockets = private_kernel_sockets()
        transport = ([f"--Voila.connection_dir_root={self.sockets}", "--KernelManager.transport=ipc"]
                     if self.sockets is not None else [])
        self.process = subprocess.Popen(
            [sys.executable, "-m", "voila", "--no-browser", f"--Voila.port={self.port}", "--Voila.ip=127.0.0.1",
             f"--Voila.root_dir={root}", "--show_tracebacks=True", *transport],
            cwd=root, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        end = time.time() + 60
        while time.time() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"voila exited; see {root / 'voila.log'}")
            try:
                urllib.request.urlopen(f"{self.url}/voila/tree", timeout=5).read()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"voila did not answer within 60 s; see {root / 'voila.log'}")

    def render(self, copy: str, name: str) -> str:
        return f"{self.url}/voila/render/{copy}/notebooks/{name}"

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()
        if self.sockets is not None:
            shutil.rmtree(self.sockets, ignore_errors=True)


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    root = tmp_path_factory.mktemp("voila")
    (root / "kursus").mkdir()
    _copy_course(root / "kursus")
    shutil.rmtree(root / "kursus" / "notebooks" / "kunci", ignore_errors=True)
    server = Voila(root)
    yield server
    server.stop()


@pytest.fixture(scope="module", autouse=True)
def _artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


def _record(key: str, value) -> None:
    path = ARTIFACTS / "timings.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[key] = value
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


def _open_all(context, urls: dict[str, str], timeout: float = 120, at_once: int = 3) -> dict:
    """Open the urls, ``at_once`` pages at a time (a class opening lessons
    together; seven Voilà kernels starting at once on a loaded 2-core machine
    is a test of the machine, not of the lessons), and wait until each page is
    usable. A page still not usable after ``timeout`` s is reloaded once, as a
    student would, and gets another ``timeout`` s; the time recorded for it
    counts from its first opening."""
    pages, started, usable = {}, {}, {}

    def wait(names: list[str], limit: float) -> list[str]:
        """Wait until every page is usable; give up on a page after ``limit`` s, or once it has shown
        "Error displaying widget" for 5 s (a widget whose model never came stays so: no use waiting)."""
        end, broken = time.time() + limit, {}
        while time.time() < end and any(n not in usable and time.time() - broken.get(n, time.time()) < 5 for n in names):
            for name in names:
                if name in usable:
                    continue
                page = pages[name]
                state = page.evaluate(READY, {"exercises": exercise_count(name)}) if page.url != "about:blank" else {}
                if state.get("ready"):  # (while widgets load, Voilà may briefly show "Error displaying widget")
                    usable[name] = round(time.time() - started[name], 1)
                elif state.get("errors"):
                    broken.setdefault(name, time.time())
                else:
                    broken.pop(name, None)
            time.sleep(0.3)
        return [n for n in names if n not in usable]

    names = list(urls)
    for first in range(0, len(names), at_once):
        wave = names[first:first + at_once]
        for name in wave:
            pages[name] = context.new_page()
            started[name] = time.time()
            pages[name].goto(urls[name], wait_until="commit", timeout=timeout * 1000)
        slow = wait(wave, timeout)
        for name in slow:
            pages[name].screenshot(path=str(ARTIFACTS / f"TIMEOUT-{name[:2]}.png"))
            state = pages[name].evaluate(DIAGNOSE, {"exercises": exercise_count(name)})
            (ARTIFACTS / f"TIMEOUT-{name[:2]}.json").write_text(json.dumps(state, ensure_ascii=False, indent=1))
            pages[name].reload(wait_until="commit", timeout=timeout * 1000)
        missing = wait(slow, timeout)
        assert not missing, f"not usable after {timeout} s and a reload: {missing}"
    time.sleep(1)
    for name, page in pages.items():
        state = page.evaluate(READY, {"exercises": exercise_count(name)})
        assert not state["errors"], f"{name}: a traceback or widget error is shown: {state['texts']}"
    return {"pages": pages, "usable_s": usable}


# What each exercise of a page asks for, read in one round trip (the taps and keys that answer it are then
# sent one by one, as a student's): its id, the options of each radio group (one group, or one per
# statement), its tick boxes, the choosable values of each drop-down, its text boxes and its essay boxes.
EXERCISE_PARTS = """() => [...document.querySelectorAll('.kssa-exercise:not(.kssa-sheet-tools)')].map(ex => ({
  id: (ex.innerText.match(/\\b(\\d\\d-\\d\\d)\\b/) || [null, null])[1],
  radios: [...ex.querySelectorAll('.widget-radio-box')].map(g => g.querySelectorAll('label').length),
  ticks: ex.querySelectorAll('.widget-checkbox input[type=checkbox]').length,
  selects: [...ex.querySelectorAll('.widget-dropdown select')].map(s => [...s.options].map(o => o.value).filter(v => v !== '')),
  texts: ex.querySelectorAll('.widget-text input[type=text]').length,
  areas: ex.querySelectorAll('textarea').length}))"""


def answer_exercises(page, phone: bool, choose) -> list[str]:
    """Answer every exercise of ``page`` by tap (phone) or click and press its Periksa, without waiting
    (the kernel checks them in order). ``choose(kind, exercise id, index, choices)`` says which option
    of radio group ``index`` (kind "radio", choices: how many), whether to tick box ``index`` ("tick"),
    which value of drop-down ``index`` ("select", choices: the values), and what to type into text box
    or essay box ``index`` ("text", "essay"). Returns the exercises' ids, in page order."""
    page.bring_to_front()  # a background tab gets no animation frames: every tap would wait ~1 s for them
    act = (lambda loc: loc.tap()) if phone else (lambda loc: loc.click())
    exercises = page.locator(".kssa-exercise:not(.kssa-sheet-tools)")
    parts = page.evaluate(EXERCISE_PARTS)
    for i, part in enumerate(parts):
        ex, ex_id = exercises.nth(i), part["id"]
        for j, options in enumerate(part["radios"]):
            act(ex.locator(".widget-radio-box").nth(j).locator("label").nth(choose("radio", ex_id, j, options)))
        for k in range(part["ticks"]):
            if choose("tick", ex_id, k, part["ticks"]):
                act(ex.locator(".widget-checkbox input[type=checkbox]").nth(k))
        for j, values in enumerate(part["selects"]):
            if values:
                ex.locator(".widget-dropdown select").nth(j).select_option(choose("select", ex_id, j, values))
        for j in range(part["texts"]):
            box = ex.locator(".widget-text input[type=text]").nth(j)
            box.fill(choose("text", ex_id, j, None))
            box.press("Enter")
        for j in range(part["areas"]):
            area = ex.locator("textarea").nth(j)
            area.fill(choose("essay", ex_id, j, None))
            area.press("Tab")
        act(ex.locator("button", has_text="Periksa"))
    return [part["id"] for part in parts]


def _first_choices(kind: str, _ex_id, index: int, choices):
    """A student who takes the first of everything: the first option, the first tick box only."""
    if kind == "select":
        return choices[0]
    return {"radio": 0, "tick": index == 0, "text": "58 tahun",
            "essay": "Kerja sama sosial ASEAN membantu warga dalam pendidikan, kesehatan, dan penanggulangan bencana."}[kind]


def _answer_everything(page, phone: bool, shots: Path) -> int:
    """Answer every exercise of the page the way a student would and press
    Periksa (without waiting: the kernel checks them in order), then wait
    until every exercise shows its feedback. Returns how many were checked.

    An exercise still without feedback after 60 s gets its Periksa tapped once
    more, as a student would (seen once in a CI rehearsal: 13 of 14 on lesson 05
    after 90 s, the lost one unknown); which ones, with a screenshot of each
    before the second tap, go to ``shots`` (``periksa-lagi-*``)."""
    ids = answer_exercises(page, phone, _first_choices)
    exercises = page.locator(".kssa-exercise:not(.kssa-sheet-tools)")
    done = page.locator(".kssa-exercise:not(.kssa-sheet-tools):has(.kssa-feedback)")
    if wait_for(lambda: done.count() == len(ids), timeout=60):
        return len(ids)
    missing = [i for i, _ in enumerate(ids) if exercises.nth(i).locator(".kssa-feedback").count() == 0]
    lost = [ids[i] for i in missing]
    (shots / f"periksa-lagi-{lost[0][:2] if lost else 'xx'}.json").write_text(json.dumps(lost))
    for i in missing:
        exercises.nth(i).screenshot(path=str(shots / f"periksa-lagi-{ids[i]}.png"))
        button = exercises.nth(i).locator("button", has_text="Periksa")
        if phone:
            button.tap()
        else:
            button.click()
    assert wait_for(lambda: done.count() == len(ids), timeout=60), \
        f"{done.count()} of {len(ids)} exercises answered; no feedback after a second tap on {lost}"
    return len(ids)


def lesson_page_problems(page, name: str, screen: str, shots: Path, record) -> dict:
    """What is wrong with the usable lesson page ``name`` on ``screen`` ("lab" or "phone"): choices
    that overlap, labels cut, (phone) horizontal scroll or small targets, figures without alt text,
    figures of the wrong size. On the phone every exercise is then answered by tap and checked, and
    the layout is measured again with the feedback shown. Screenshots go to ``shots``; ``record(key,
    value)`` keeps the figures' measurements. Returns {problem: details}, empty when all is well."""
    phone = screen == "phone"
    page.bring_to_front()  # the page a student looks at (a background tab is throttled)
    layout = page.evaluate(LAYOUT, phone)
    found = {k: v for k, v in layout.items() if v and (k != "small" or phone)}
    figures = page.evaluate(FIGURES)
    no_alt = [f["label"] for f in figures if not f["alt"].strip()]
    if no_alt:  # every figure's <img> says what it shows (issue 20)
        found["figures without alt text"] = no_alt
    if not phone:  # one figure with its controls per screen, text at the size tests/test_figure_text.py assumes
        record(f"figures-{name[:2]}", figures)
        wrong = figure_problems(figures, name[:2], SCREENS["lab"]["viewport"]["height"])
        if wrong:
            found["figures"] = wrong
    else:  # a phone shows every panel whole, as wide as its column (tests/test_figure_text.py: text >= 9 px)
        record(f"figures-phone-{name[:2]}", figures)
        column = min(PHONE_COLUMN, SCREENS["phone"]["viewport"]["width"])
        small = [f"{f['label']!r}: shown {f['shown']} px of {f['natural']}" for f in figures
                 if f["shown"] < min(f["natural"], column) - 1]
        if small:
            found["figures shrunk on the phone"] = small
        sideways = [f["label"] for f in figures if f["scrolls"]]
        if sideways:  # every figure fits the phone: nothing to scroll sideways
            found["figures to scroll sideways on the phone"] = sideways
    page.screenshot(path=str(shots / f"voila-{screen}-{name[:2]}.png"))
    page.locator(".kssa-exercise:not(.kssa-sheet-tools)").first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / f"voila-{screen}-{name[:2]}-soal.png"))
    if phone:  # every exercise answered by tap
        answered = _answer_everything(page, phone, shots)
        if answered != exercise_count(name):
            found["exercises answered"] = f"{answered} of {exercise_count(name)}"
        after = {k: v for k, v in page.evaluate(LAYOUT, phone).items() if v}  # feedback shown: still fits
        found.update({f"{k} (answered)": v for k, v in after.items()})
    return found


def answers_come_back(page, name: str) -> bool:
    """Reload the page of lesson ``name``, whose exercises were all answered: every answer comes back."""
    page.reload(wait_until="commit")
    expected = exercise_count(name)
    assert wait_for(lambda: page.evaluate(READY, {"exercises": expected})["ready"], timeout=120), f"{name}: not usable after a reload"
    restored = page.get_by_text("Jawabanmu yang tersimpan sudah dimuat kembali.")
    return wait_for(lambda: restored.count() == expected, timeout=20)


def test_every_lesson_works_in_voila_at_a_lab_screen(voila, chromium):
    """The lab screen. (The phone, where every exercise is also answered by tap, is checked on the
    course as the README starts it: tests/test_readme_commands.py.)"""
    context = chromium.new_context(**SCREENS["lab"])
    try:
        opened = _open_all(context, {name: voila.render("kursus", name) for name in LESSONS})
        _record("voila-lab", opened["usable_s"])
        problems = {name: found for name, page in opened["pages"].items()
                    if (found := lesson_page_problems(page, name, "lab", ARTIFACTS, _record))}
        assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    finally:
        context.close()


def test_home_page_links_every_lesson(voila, chromium):
    """Beranda on a phone links every lesson and Glosarium, in order, and fits the screen. (The maintainer's
    quick check; tests/test_readme_commands.py follows each link, the first by a tap, as a student does.)"""
    context = chromium.new_context(**SCREENS["phone"])
    try:
        page = context.new_page()
        page.goto(voila.render("kursus", "beranda.ipynb"), timeout=120_000)
        links = page.locator("a[href$='.ipynb']:not([href$='glosarium.ipynb'])")
        assert wait_for(lambda: links.count() == len(LESSONS), timeout=60)
        assert page.locator("a[href$='glosarium.ipynb']").count() == 1
        page.screenshot(path=str(ARTIFACTS / "voila-phone-beranda.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        hrefs = links.evaluate_all("as => as.map(a => a.href)")
        assert hrefs == [voila.render("kursus", name) for name in LESSONS], hrefs
    finally:
        context.close()
