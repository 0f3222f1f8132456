"""Root conftest: applies to the unit tests and to nbval's notebook runs."""

import os
import tempfile


def pytest_configure(config):
    """Kernels started by nbval inherit this environment, so answer sheets a
    student left next to the notebooks can never change what a notebook
    outputs under test."""
    os.environ["KSSA_ANSWER_DIR"] = tempfile.mkdtemp(prefix="kssa-jawaban-")
