"""Root conftest: applies to the unit tests and to nbval's notebook runs."""

import os
import tempfile
from pathlib import Path

import pytest

# The one place where tests get their markers, by file (see CONTRIBUTING.md, "Tests").
MARKERS_BY_FILE = {
    "test_browser.py": "browser",
    "test_student_browser.py": "browser",
    "test_teacher_loop_browser.py": "browser",
    "test_readme_commands.py": "browser",
    "test_phone_pages.py": "browser",
    "test_class_server_browser.py": "browser",
    "test_binder.py": "slow",
    "test_wheel.py": "slow",
    "test_offline.py": "notebooks",
    "test_stable_notebooks.py": "notebooks",
}


# The slowest test files, longest first (from the --durations list every run prints). xdist hands out
# whole files (--dist loadfile) in collection order (--no-loadscope-reorder; its default puts the files
# with the most tests first, which left the two-test README file, the longest, for last): starting the
# longest files first keeps both workers busy to the end. A file not named here keeps its place after them.
LONGEST_FIRST = (
    "test_readme_commands.py",
    "test_student_browser.py",
    "test_browser.py",
    "test_class_server_browser.py",
    "test_wheel.py",
    "test_teacher_loop_browser.py",
    "test_phone_pages.py",
    "test_binder.py",
    "test_leak_scan.py",
    "test_scoring_properties.py",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        marker = "notebooks" if path.suffix == ".ipynb" else MARKERS_BY_FILE.get(path.name, "unit")
        item.add_marker(getattr(pytest.mark, marker))
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(Path(str(item.fspath)).name, len(rank)))  # stable: files stay whole


def _kernels_over_ipc() -> None:
    """nbval's kernels use IPC, not TCP ports (see tests/kernels.py: two
    xdist workers starting kernels at once can race for a port)."""
    try:
        import nbval.kernel
    except ImportError:  # nbval not installed: no notebook items anyway
        return
    from tests.kernels import IpcKernelManager

    nbval.kernel.KernelManager = IpcKernelManager


# Where IPython and Jupyter keep a user's files (startup files, prebuilt extensions, settings, kernel
# connection files). Tests point them at a temporary home, so no test depends on, or writes into,
# the home folder of whoever runs the suite.
USER_DIRS = ("IPYTHONDIR", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR")


def _temporary_home() -> None:
    """A temporary home for IPython and Jupyter, with the offline guard as an
    IPython startup file: every kernel a test starts refuses the network
    (tests/offline_guard.py)."""
    if os.environ.get("KSSA_TEST_HOME"):  # set by the first process; xdist workers inherit it
        return
    home = Path(tempfile.mkdtemp(prefix="kssa-rumah-"))
    os.environ["KSSA_TEST_HOME"] = str(home)
    for name in USER_DIRS:
        os.environ[name] = str(home / name.lower())
    # the figures the kernels of this run draw are kept for the kernels after them, as in a user's cache
    # folder (lessons/views/figure_cache.py), but in this run's temporary home
    os.environ["KSSA_FIGURE_CACHE"] = str(home / "gambar")
    from tests import offline_guard

    os.environ[offline_guard.LOG_ENV] = str(home / "offline")
    offline_guard.install(Path(os.environ["IPYTHONDIR"]), home / "offline")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A notebook cell (nbval) during which a kernel tried to reach the network fails."""
    outcome = yield
    if call.when != "call" or Path(str(item.fspath)).suffix != ".ipynb":
        return
    from tests import offline_guard

    seen = item.config.stash.get(_OFFLINE_SEEN, 0)
    attempts, seen = offline_guard.read_new(seen)
    item.config.stash[_OFFLINE_SEEN] = seen
    if attempts:
        report = outcome.get_result()
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid}: the kernel tried to reach the network: {attempts}"


_OFFLINE_SEEN = pytest.StashKey[int]()


def pytest_configure(config):
    """Kernels started by nbval inherit this environment, so answer sheets a
    student left next to the notebooks can never change what a notebook
    outputs under test."""
    os.environ["KSSA_ANSWER_DIR"] = tempfile.mkdtemp(prefix="kssa-jawaban-")
    _temporary_home()
    _kernels_over_ipc()
    import shutil

    if not hasattr(config, "workerinput"):  # fresh screenshots and timings for every run
        artifacts = Path(__file__).resolve().parent / "test-artifacts"
        shutil.rmtree(artifacts / "browser", ignore_errors=True)
        for old in artifacts.glob("*/periksa-lagi-*"):  # a second tap seen in an earlier run
            old.unlink()


def pytest_terminal_summary(terminalreporter):
    """Say where the browser screenshots are, with the timings per notebook."""
    import json
    from pathlib import Path

    artifacts = Path(__file__).resolve().parent / "test-artifacts"
    for retapped in sorted(artifacts.glob("*/periksa-lagi-*.json")):  # tests/test_student_browser.py, _answer_everything
        terminalreporter.write_line(f"Periksa tapped a second time (no feedback after 60 s): {', '.join(json.loads(retapped.read_text()))}"
                                    f" (screenshots beside {retapped})")
    folder = artifacts / "browser"
    timings = folder / "timings.json"
    if not folder.exists() or not any(folder.glob("*.png")):
        return
    terminalreporter.section("browser screenshots")
    terminalreporter.write_line(f"screenshots (1366x768): {folder}")
    if timings.exists():
        for name, values in sorted(json.loads(timings.read_text()).items()):
            terminalreporter.write_line(f"{name}: open->idle {values['open_to_idle_s']} s, run all->idle {values['run_all_to_idle_s']} s")
