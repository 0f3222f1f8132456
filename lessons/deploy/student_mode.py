"""``python -m lessons mulai`` (alias ``start``): the course in student mode.

Voilà serves the course's ``notebooks/`` folder, so every link on Beranda
(the lessons, Glosarium) opens; started on one notebook, Voilà would serve
that notebook alone and answer every link with "403: Forbidden". The
address without a page (the one the browser opens) leads to Beranda.

Options: ``--port NOMOR`` (default 8866; Voilà tries the next ports when it
is taken) and ``--tanpa-peramban`` (alias ``--no-browser``). Every problem
ends with one Indonesian sentence and exit code 2.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from lessons.core import paths
from lessons.core.errors import CourseNotFoundError
from lessons.deploy import student_kernel
from lessons.deploy.voila_settings import (HOME_PAGE, add_template_globals, as_flags, first_on_jupyter_path,
                                           folder_list_to_home, student_mode_settings, use_template)
from lessons.text import t

DEFAULT_PORT = 8866
NO_BROWSER = ("--tanpa-peramban", "--no-browser")


def parse(argv: list[str]) -> tuple[int, bool] | str:
    """(port, open_browser), or the sentence that says what is wrong."""
    port, open_browser = DEFAULT_PORT, True
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in NO_BROWSER:
            open_browser = False
        elif arg == "--port" or arg.startswith("--port="):
            value = arg.partition("=")[2] if "=" in arg else (args.pop(0) if args else "")
            if not value.isdigit() or not 1024 <= int(value) <= 65535:
                return t("start_bad_port", value=value or "(kosong)")
            port = int(value)
        else:
            return t("start_bad_option", option=arg)
    return port, open_browser


def _voila_app(open_browser: bool):
    from lessons.core.json_schema import skip_iri_grammar

    skip_iri_grammar()  # Jupyter's event schemas would otherwise compile it (lessons/core/json_schema.py)
    from tornado.web import RedirectHandler
    from voila.app import Voila
    from voila.utils import url_path_join

    from lessons.deploy.page_sessions import install

    install()  # closing a page stops its kernel; the kernel knows its browser
    from lessons.deploy import static_pages

    static_pages.install()  # Beranda (no code) without a kernel and without the widget scripts
    import voila.app

    from lessons.deploy.preheat import in_lesson_order

    if not getattr(voila.app.voila_kernel_manager_factory, "_kssa", False):  # once per process
        voila.app.voila_kernel_manager_factory = in_lesson_order(voila.app.voila_kernel_manager_factory)
        voila.app.voila_kernel_manager_factory._kssa = True

    class StudentVoila(Voila):
        """Voilà on a folder whose address without a page leads to Beranda, and so does Voilà's own folder
        list (``/voila``, ``/voila/tree…``: English, and of no use to a student)."""

        def init_handlers(self):
            home = url_path_join(self.server_url, "voila/render", HOME_PAGE)
            to_home = [(self.server_url, RedirectHandler, {"url": home})] + folder_list_to_home(self.server_url, home)
            return to_home + super().init_handlers()

        def init_settings(self):
            settings = super().init_settings()
            # issue 20: Voilà applies tornado_settings after it has made the tornado Application, too
            # late for compress_response (tornado adds its gzip transform in the constructor)
            settings.update(self.tornado_settings)
            add_template_globals(settings)  # issue 20: error pages in Indonesian
            return settings

        def launch_browser(self):
            print(t("start_running", url=self.display_url), flush=True)
            print(t("start_keep_open"), flush=True)
            if open_browser:
                super().launch_browser()

    return StudentVoila


#: Unix socket paths are limited to 104 bytes (macOS; Linux 108). Voilà keeps its kernels' connection
#: files in ``<folder>/voila_<8 characters>/``, and a kernel's sockets are named
#: ``kernel-<uuid>-ipc-<n>`` beside them: about 71 bytes after the folder.
SOCKET_NAME_ROOM = 104 - 72


def private_kernel_sockets() -> Path | None:
    """On Linux and macOS: a private folder with a short name (``/tmp/kssa-…``, mode 700) for the
    kernels' connection files and Unix sockets, which they then use instead of TCP ports; None on
    Windows (no Unix sockets for ZeroMQ) or where no short folder can be made: TCP, as before.

    With TCP, the server picks a kernel's five ports by opening and closing them, and the kernel binds
    them a second later; nine pages preheating at once beside a browser's own connections can lose a
    port in between, and that page then shows its text without its widgets (seen as "Address already
    in use" and "Kernel didn't respond in 60 seconds"). Unix sockets are files named after the kernel's
    UUID: nothing can take them. Nor does each kernel print that it runs "over TCP without encryption"."""
    if os.name == "nt":
        return None
    try:
        folder = Path(tempfile.mkdtemp(prefix="kssa-", dir="/tmp" if os.path.isdir("/tmp") else None))
    except OSError:
        return None
    if len(os.fsencode(str(folder))) > SOCKET_NAME_ROOM:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return folder


def main(argv: list[str] | None = None) -> int:
    parsed = parse(sys.argv[2:] if argv is None else argv)
    if isinstance(parsed, str):
        print(parsed, file=sys.stderr)
        return 2
    port, open_browser = parsed
    try:
        course = paths.course()
    except CourseNotFoundError as err:
        print(err, file=sys.stderr)
        return 2
    if not course.notebooks.is_dir():
        print(t("start_no_notebooks", where=course.root), file=sys.stderr)
        return 2
    if not (course.notebooks / HOME_PAGE).is_file():
        print(t("start_no_home", file=HOME_PAGE), file=sys.stderr)
        return 2
    use_template()  # issue 20: Voilà finds the course's template (lessons/deploy/voila_template/)
    first_on_jupyter_path(student_kernel.DATA_DIR)  # issue 19: the pages' kernels without the debugger (8 MB each)
    app = _voila_app(open_browser)
    import warnings

    # issue 20: traitlets warns that dict and list flags (the template's texts, the kernel pools) will change
    # form one day; a student's terminal shows only our own Indonesian lines. (After importing Voilà,
    # whose __init__ turns these warnings on again.)
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=r"--\S+=.* is deprecated in traitlets 5")
    # open_browser=True so launch_browser() runs once the port is known: it
    # prints the address, and opens a browser only when asked to.
    flags = [str(course.notebooks), f"--Voila.port={port}", "--Voila.open_browser=True",
             *as_flags(student_mode_settings())]
    sockets = private_kernel_sockets()
    if sockets is not None:
        flags += [f"--Voila.connection_dir_root={sockets}", "--KernelManager.transport=ipc"]
    try:
        app.launch_instance(argv=flags)
    except KeyboardInterrupt:
        pass
    finally:
        if sockets is not None:
            shutil.rmtree(sockets, ignore_errors=True)
    print(t("start_stopped"), flush=True)
    return 0
