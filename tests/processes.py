"""Processes the tests (and benchmarks) start: stopping a whole process group,
and finding the kernels a server started."""

from __future__ import annotations

import os
import signal
import subprocess
import urllib.error
import urllib.request


def stop_group(process: subprocess.Popen, first: int = signal.SIGTERM, timeout: float = 20) -> None:
    """Send ``first`` to the process group, wait up to ``timeout`` s, then SIGKILL; a group already gone is fine."""
    try:
        os.killpg(process.pid, first)
        process.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


#: what a kernel's command line holds: ipykernel's launcher, or the kernel of a student's page
#: (lessons/deploy/student_kernel/, which runs ipykernel without its debugger)
KERNEL_COMMANDS = ("ipykernel", "lessons.deploy.student_kernel")


def is_kernel(cmdline: list[str]) -> bool:
    line = " ".join(cmdline)
    return any(name in line for name in KERNEL_COMMANDS)


def kernels_under(pid: int) -> list:
    """The ipykernel processes below ``pid`` (psutil.Process objects)."""
    import psutil

    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for child in children:
        try:
            if is_kernel(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status_of(url: str, timeout: float = 5) -> tuple[int, str] | None:
    """The status and ``Location`` a server answers ``url`` with, redirects not followed (so probing
    the course's ``/voila/tree`` never renders Beranda, which would take a preheated kernel);
    None while nothing answers."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=timeout) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location", "")
    except OSError:
        return None


def answers(url: str, timeout: float = 5) -> bool:
    """True once a server answers ``url`` at all (a redirect counts)."""
    return status_of(url, timeout) is not None
