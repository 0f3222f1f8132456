"""Figures drawn once and kept (lessons/views/figure_cache.py): the same picture, never a stale one."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from lessons.views import figure_cache
from lessons.views.display import FigureImage, FigureView
from lessons.views.figure_cache import drawing, rendered
from lessons.views.figures import new_figure, png_size


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "gambar"
    monkeypatch.setenv(figure_cache.CACHE_ENV, str(folder))
    return folder


CALLS: list = []


def small_figure(label: str = "a", values=(1, 2, 3)):
    CALLS.append((label, tuple(values)))
    fig = new_figure(2, 1.5)
    ax = fig.add_subplot()
    ax.plot(list(values))
    ax.set_title(label)
    return fig


def render(fig):
    from lessons.views.figures import figure_png

    return False, (figure_png(fig),)


def test_a_figure_is_drawn_once_and_the_kept_picture_is_the_same(cache):
    CALLS.clear()
    first = rendered(drawing(small_figure, "a", [1, 2, 3]), render, "test")
    again = rendered(drawing(small_figure, "a", (1, 2, 3)), render, "test")  # a list and a tuple: one key
    assert CALLS == [("a", (1, 2, 3))]
    assert again == first and png_size(first[1][0])[0] > 0
    assert first == render(small_figure("a", [1, 2, 3]))  # the kept bytes are what drawing gives
    assert len(list(cache.glob("*.bin"))) == 1


def test_other_arguments_or_another_rendering_are_drawn_anew(cache):
    CALLS.clear()
    rendered(drawing(small_figure, "a"), render, "test")
    rendered(drawing(small_figure, "b"), render, "test")
    rendered(drawing(small_figure, "a"), render, "other")
    rendered(drawing(small_figure, label="a"), render, "test")  # as a keyword: another key, drawn again
    assert len(CALLS) == 4


def test_a_changed_data_file_gives_new_figures(cache, data_copy):
    CALLS.clear()
    rendered(drawing(small_figure, "a"), render, "test")
    members = data_copy / "members.csv"
    members.write_text(members.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rendered(drawing(small_figure, "a"), render, "test")
    assert len(CALLS) == 2


def test_a_damaged_or_foreign_file_is_drawn_again_and_replaced(cache):
    CALLS.clear()
    good = rendered(drawing(small_figure, "a"), render, "test")
    (kept,) = cache.glob("*.bin")
    blob = kept.read_bytes()
    for bad in (blob[: len(blob) // 2], b"", b"GIF89a" + blob[6:], blob[:-1] + bytes([blob[-1] ^ 1])):
        kept.write_bytes(bad)
        assert rendered(drawing(small_figure, "a"), render, "test") == good
        assert kept.read_bytes() == blob
    assert len(CALLS) == 5


def test_uncacheable_arguments_are_simply_drawn(cache):
    CALLS.clear()
    rendered(drawing(small_figure, "a", iter([1, 2])), render, "test")
    assert CALLS and not list(cache.glob("*.bin"))


def test_a_data_frame_argument_is_keyed_by_its_content(cache):
    seen = []

    def frame_figure(frame):
        seen.append(len(frame))
        return small_figure("f", frame["x"].tolist())

    one = pd.DataFrame({"x": [1.0, 2.0]})
    rendered(drawing(frame_figure, one), render, "test")
    rendered(drawing(frame_figure, one.copy()), render, "test")
    rendered(drawing(frame_figure, pd.DataFrame({"x": [1.0, 2.5]})), render, "test")
    assert seen == [2, 2]


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_folder_that_cannot_be_written_keeps_nothing_and_loses_nothing(cache):
    cache.mkdir()
    cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert rendered(drawing(small_figure, "a"), render, "test")[1]
    finally:
        cache.chmod(stat.S_IRWXU)


def test_a_file_in_place_of_the_folder_keeps_nothing_and_loses_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "gambar"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(figure_cache.CACHE_ENV, str(blocker))
    assert rendered(drawing(small_figure, "a"), render, "test")[1]


def test_the_oldest_pictures_go_first(cache, monkeypatch):
    monkeypatch.setattr(figure_cache, "MAX_FILES", 3)
    for i in range(5):
        rendered(drawing(small_figure, f"n{i}"), render, "test")
        newest = max(cache.glob("*.bin"), key=lambda p: p.stat().st_mtime_ns)
        os.utime(newest, ns=(i * 10**9, i * 10**9 + 10**12))
    assert len(list(cache.glob("*.bin"))) == 3


def test_a_lesson_figure_shown_twice_is_the_same_page_output(cache):
    from lessons.views.diagrams import joining_timeline_alt, joining_timeline_figure

    fresh = FigureView(joining_timeline_figure(), joining_timeline_alt())
    first = FigureView(drawing(joining_timeline_figure), joining_timeline_alt())
    kept = FigureView(drawing(joining_timeline_figure), joining_timeline_alt())
    assert fresh._repr_mimebundle_() == first._repr_mimebundle_() == kept._repr_mimebundle_()
    assert (fresh.panels, fresh.pngs) == (kept.panels, kept.pngs)
    image, again = FigureImage(), FigureImage()
    image.show_figure(joining_timeline_figure(), "alt")
    again.show_figure(drawing(joining_timeline_figure), "alt")
    again.show_figure(drawing(joining_timeline_figure), "alt")
    assert image.value == again.value
