"""Kernels for tests that talk ZeroMQ over Unix sockets instead of TCP ports.

jupyter_client picks a kernel's five TCP ports by binding to port 0 and
closing the socket again (``LocalPortCache.find_available_port``); the kernel
binds them about a second later. The cache that stops a port being handed out
twice lives in one process, so when two processes start kernels at the same
time (pytest-xdist workers, the Jupyter server of the browser tests, the
Binder test's inner pytest) another process can take the port in between --
its own kernel, or the local end of one of its TCP connections -- and the new
kernel dies ("Kernel died before replying to kernel_info"). IPC sockets are
files named after the kernel's connection file, whose name holds a UUID, so
they cannot collide.
"""

from __future__ import annotations

import os
import uuid

from jupyter_client.manager import KernelManager
from jupyter_core.paths import jupyter_runtime_dir


class IpcKernelManager(KernelManager):
    """A KernelManager whose default transport is ``ipc``.

    The socket files get an absolute, unique name: without a connection file
    (nbval and nbclient start kernels without one) jupyter_client would name
    them ``kernel-ipc-N`` relative to the working directory, which differs
    between the kernel (started in the notebook's folder) and its client.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        if kwargs["transport"] == "ipc" and "ip" not in kwargs:
            runtime = jupyter_runtime_dir()
            os.makedirs(runtime, mode=0o700, exist_ok=True)
            kwargs["ip"] = os.path.join(runtime, f"kssa-{uuid.uuid4().hex[:12]}-ipc")
        super().__init__(**kwargs)
