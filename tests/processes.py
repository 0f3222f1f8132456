"""Processes the tests (and benchmarks) start: stopping a whole process group,
and finding the kernels a server started."""

from __future__ import annotations

import os
import signal
import subprocess


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
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found
