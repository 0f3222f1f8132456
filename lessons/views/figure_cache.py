"""Course figures drawn once: their PNGs kept on disk, for the next kernel that shows them.

Every figure of the course is a pure function of its arguments, the course's
data and the package's code (the figure tests hold the functions to that). Yet
each kernel that runs a lesson drew all of the lesson's figures again: a
preheated page and its refill, a reload, each student of a class server, each
page of a test. Drawing and compressing them is about half of the CPU a lesson
costs (0.3-1 s of 1.2-2.2 s per lesson on a 2-core machine).

A figure shown with :func:`drawing` (``show_figure(drawing(timeline_figure),
alt)``) is looked up first under a key made of the figure function's name, its
arguments, how it is rendered, the versions of the drawing libraries, and a
fingerprint of the package's Python files and of every file in the course's
``data/`` folder (name, size and modification time). Any change to any of these gives a new key, so a stale
picture is never shown; a teacher who corrects a data file sees the new figure
at once. Arguments of other types than plain values, sequences and pandas
frames are not cached: the figure is simply drawn.

The folder is the user's cache folder (``~/.cache/kerja-sama-sosial-asean/gambar``
on Linux, ``%LOCALAPPDATA%`` on Windows, ``~/Library/Caches`` on macOS), or
``$KSSA_FIGURE_CACHE``; on a class server every student has one in their own
home, so no student's file can ever be shown to another. A file is written
whole or not at all (``os.replace``); one that is damaged, cut short or
foreign is ignored and drawn again; a folder that cannot be written only means
that nothing is kept. At most :data:`MAX_FILES` pictures are kept, the oldest
removed first.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

CACHE_ENV = "KSSA_FIGURE_CACHE"
APP_NAME = "kerja-sama-sosial-asean"
MAGIC = b"KSSA-GAMBAR-1\n"
MAX_FILES = 300
PACKAGE = Path(__file__).resolve().parent.parent

_fingerprint: str | None = None


class Uncacheable(TypeError):
    """An argument whose value cannot be written into a key."""


class Drawing:
    """A figure not drawn yet: ``builder(*args, **kwargs)`` returns a Figure or its Panels."""

    def __init__(self, builder, *args, **kwargs):
        self.builder = builder
        self.args = args
        self.kwargs = kwargs

    def figure(self):
        return self.builder(*self.args, **self.kwargs)

    def key(self, mode: str) -> str | None:
        """The key of this figure rendered as ``mode``; None when an argument cannot be keyed."""
        try:
            parts = [self.builder.__module__, self.builder.__qualname__, mode, _canonical(self.args),
                     _canonical(sorted(self.kwargs.items()))]
        except Uncacheable:
            return None
        text = "\x1f".join([fingerprint(), *parts])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def drawing(builder, *args, **kwargs) -> Drawing:
    """``builder(*args, **kwargs)``, to be drawn only when no kept picture of it exists."""
    return Drawing(builder, *args, **kwargs)


def _canonical(value) -> str:
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "(" + ",".join(_canonical(v) for v in value) + ")"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_canonical(k)}:{_canonical(v)}" for k, v in sorted(value.items(), key=repr)) + "}"
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        raise Uncacheable(type(value).__name__) from None
    if isinstance(value, (pd.DataFrame, pd.Series)):
        digest = hashlib.sha256(value.to_json(orient="split", date_format="iso", double_precision=15).encode("utf-8"))
        digest.update(repr(value.dtypes if isinstance(value, pd.DataFrame) else value.dtype).encode("utf-8"))
        return f"pandas:{digest.hexdigest()}"
    raise Uncacheable(type(value).__name__)


def fingerprint() -> str:
    """What every figure depends on besides its arguments, as one digest: the drawing libraries'
    versions and the package's code (read once per process: new code needs a new kernel anyway), and
    the course's data files (their names, sizes and times, looked at on every call, so a data file
    corrected while a kernel runs gives new figures at once)."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256("|".join([MAGIC.decode(), *map(_version, ("matplotlib", "numpy", "pillow"))])
                                .encode("utf-8"))
        for path in sorted(PACKAGE.rglob("*.py")):
            if "__pycache__" not in path.parts:
                _add_file(digest, path, PACKAGE)
        _fingerprint = digest.hexdigest()
    digest = hashlib.sha256(_fingerprint.encode("ascii"))
    try:
        from lessons.core.paths import course

        data = course().data
        for path in sorted(p for p in data.rglob("*") if p.is_file()):
            stat = path.stat()
            digest.update(f"{path.relative_to(data).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8"))
    except Exception as err:  # noqa: BLE001 - no course folder: the figures will say so themselves
        digest.update(f"no data: {err}".encode("utf-8"))
    return digest.hexdigest()


def _version(distribution: str) -> str:
    """The installed version of a drawing library, read from its metadata: importing matplotlib only to
    ask would cost a kernel 0.2 s whose figures all come from the cache."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "-"


def _add_file(digest, path: Path, root: Path) -> None:
    digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
    try:
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        digest.update(b"unreadable")


def cache_dir() -> Path | None:
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "gambar"
    except Exception:  # noqa: BLE001 - no home folder: nothing is kept
        return None


def rendered(figure, render, mode: str) -> tuple[bool, tuple[bytes, ...]]:
    """``render(fig)`` → (panels, PNGs) for ``figure`` (a Figure, Panels or :class:`Drawing`): kept
    PNGs when a Drawing was rendered as ``mode`` before, else drawn now (and kept)."""
    if not isinstance(figure, Drawing):
        return render(figure)
    key = figure.key(mode)
    folder = cache_dir()
    if key is None or folder is None:
        return render(figure.figure())
    found = _read(folder / f"{key}.bin")
    if found is not None:
        return found
    result = render(figure.figure())
    _write(folder, key, result)
    return result


def _read(path: Path) -> tuple[bool, tuple[bytes, ...]] | None:
    from lessons.views.figures import png_size

    try:
        blob = path.read_bytes()
    except OSError:
        return None
    try:
        if not blob.startswith(MAGIC) or hashlib.sha256(blob[:-32]).digest() != blob[-32:]:
            return None
        body = blob[len(MAGIC):-32]
        panels, count, at = bool(body[0]), int.from_bytes(body[1:3], "big"), 3
        pngs = []
        for _ in range(count):
            size = int.from_bytes(body[at:at + 4], "big")
            png = body[at + 4:at + 4 + size]
            if len(png) != size:
                return None
            png_size(png)  # a PNG, or ValueError
            pngs.append(png)
            at += 4 + size
        if at != len(body) or not pngs:
            return None
    except (ValueError, IndexError):
        return None
    return panels, tuple(pngs)


def _write(folder: Path, key: str, result: tuple[bool, tuple[bytes, ...]]) -> None:
    panels, pngs = result
    body = bytes([1 if panels else 0]) + len(pngs).to_bytes(2, "big")
    body += b"".join(len(p).to_bytes(4, "big") + p for p in pngs)
    blob = MAGIC + body
    blob += hashlib.sha256(blob).digest()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".bin")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(tmp, folder / f"{key}.bin")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder)
    except OSError:
        pass  # a read-only or full disk: nothing is kept, the figure was drawn all the same


def _prune(folder: Path) -> None:
    try:
        files = [(entry.stat().st_mtime, entry.path) for entry in os.scandir(folder) if entry.name.endswith(".bin")]
    except OSError:
        return
    if len(files) <= MAX_FILES:
        return
    for _mtime, path in sorted(files)[:len(files) - MAX_FILES]:
        try:
            os.unlink(path)
        except OSError:
            pass
