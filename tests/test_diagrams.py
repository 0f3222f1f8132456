"""Figures: structure (nodes, edges, legend, all 11 members), no clipped
labels, colour-blind palette with a second cue, and honest alt texts."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from lessons.views import diagrams
from lessons.views.figures import is_panel
from lessons.core.data import load
from lessons.text import FIELD_NAMES

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def _texts_inside_figure(fig):
    from lessons.views.figures import Panels

    if isinstance(fig, Panels):  # a figure in panels: every panel on its own
        return [text for panel in fig for text in _texts_inside_figure(panel)]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = fig.bbox
    problems = []
    for text in fig.findobj(match=lambda a: hasattr(a, "get_text") and hasattr(a, "get_window_extent")):
        if not text.get_visible() or not text.get_text().strip():
            continue
        ext = text.get_window_extent(renderer)
        if ext.x0 < box.x0 - 1 or ext.x1 > box.x1 + 1 or ext.y0 < box.y0 - 1 or ext.y1 > box.y1 + 1:
            problems.append(text.get_text())
    return problems


def test_member_map_shows_all_members_and_labels_fit():
    fig = diagrams.member_map_figure()
    ax = fig.axes[0]
    labels = {t.get_text().split("\n")[0] for t in ax.texts}
    assert labels == set(load("members")["name_id"])
    assert len(fig.legends[0].get_texts()) == 4
    assert _texts_inside_figure(fig) == []
    assert is_panel(fig)  # laid out for a phone's column


def test_member_map_alt_names_every_member():
    alt = diagrams.member_map_alt()
    for name in load("members")["name_id"]:
        assert name in alt
    assert "26 Oktober 2025" in alt


def test_timeline_has_one_mark_per_joining_date():
    fig = diagrams.joining_timeline_figure()
    dates = set(load("members")["date_joined"])
    assert len(diagrams.joining_events()) == len(dates) == 6
    assert "Timor-Leste" in diagrams.joining_timeline_alt()
    assert _texts_inside_figure(fig) == []
    assert is_panel(fig)
    assert len(fig.axes[0].lines) >= 2 * len(diagrams.joining_events())  # a mark and a leader line per date


def test_network_graph_structure():
    graph = diagrams.network_graph()
    members = [n for n, d in graph.nodes(data=True) if d["kind"] == "member"]
    assert sorted(members) == sorted(load("members")["iso3"])
    for node, data in graph.nodes(data=True):
        lon, lat = data["pos"]
        assert 91 <= lon <= 141.5 and -12.5 <= lat <= 29, node
    edges = load("network_edges")
    article = edges[edges["field"].isin(diagrams.ARTICLE_FIELDS)]
    assert graph.number_of_edges() == len(article.drop_duplicates(["member_iso3", "programme_id"]))
    for u, v, data in graph.edges(data=True):
        assert data["field"] in diagrams.ARTICLE_FIELDS
        assert {graph.nodes[u]["kind"], graph.nodes[v]["kind"]} == {"member", "body"}


@pytest.mark.parametrize("fields", [diagrams.ARTICLE_FIELDS, ("bencana",), tuple(FIELD_NAMES)[:7], ()])
def test_network_figure_panels_legend_and_labels(fields):
    fig = diagrams.network_figure(fields)
    assert len(fig) == max(len(fields), 1) and all(is_panel(panel) for panel in fig)  # one phone-wide panel per field
    assert all(len(panel.axes) == 1 for panel in fig)
    titles = [panel.axes[0].get_title() for panel in fig]
    for field, title in zip(fields, titles):
        assert title.startswith(FIELD_NAMES[field])
    legend = fig[0].legends[0]  # the first panel explains the dots and the asterisk
    assert len(legend.get_texts()) == 2
    # one distinct marker per field, and the article's four fields use their own symbols
    markers = {diagrams.field_marker(f) for f in fields}
    assert len(markers) == len(fields)
    assert _texts_inside_figure(fig) == []


def test_network_focus_highlights_only_that_country():
    from matplotlib.collections import LineCollection

    fig = diagrams.network_figure(("bencana",), focus="MMR")
    (lines,) = [c for c in fig[0].axes[0].collections if isinstance(c, LineCollection)]
    graph = diagrams.network_graph(("bencana",))
    assert len(lines.get_segments()) == graph.number_of_edges()
    bright = [rgba for rgba in lines.get_colors() if rgba[3] > 0.5]
    assert len(bright) == graph.degree("MMR")
    assert "Myanmar" in diagrams.network_alt(("bencana",), "MMR")


def test_palette_is_colour_blind_safe_and_has_a_second_cue():
    used = {diagrams.FIELD_COLOURS[f] for f in FIELD_NAMES if f != "tata_kelola"}
    assert used <= OKABE_ITO
    styles = [str(diagrams.FIELD_LINESTYLES[f]) for f in FIELD_NAMES if f != "tata_kelola"]
    assert len(set(styles)) == len(styles)


def test_network_alt_text_counts_match_the_graph():
    graph = diagrams.network_graph(("kesehatan",))
    alt = diagrams.network_alt(("kesehatan",), "IDN")
    assert f"ada {graph.number_of_edges()} garis" in alt
    assert f"Indonesia terhubung ke {graph.degree('IDN')} lembaga" in alt
    assert "tidak ada bidang" in diagrams.network_alt(())


def test_network_explorer_widget_reacts():
    explorer = diagrams.NetworkExplorer()
    before = explorer.image.value
    explorer.field_boxes["pendidikan"].value = False
    assert explorer.image.value != before
    assert "pendidikan" not in explorer.summary()
    explorer.focus.value = "TLS"
    assert "Timor-Leste" in explorer.caption.value


def _overlapping_texts(fig) -> list[tuple[str, str]]:
    """Pairs of visible texts whose drawn boxes overlap by more than a pixel."""
    from matplotlib.text import Text

    from lessons.views.figures import Panels

    if isinstance(fig, Panels):  # a figure in panels: every panel on its own
        return [pair for panel in fig for pair in _overlapping_texts(panel)]

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t.get_figure() is not None]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    pairs = []
    for i, (text_a, a) in enumerate(boxes):
        for text_b, b in boxes[i + 1:]:
            if a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - 1 and b.y0 < a.y1 - 1:
                pairs.append((text_a[:30], text_b[:30]))
    return pairs


def test_overlapping_texts_are_found():
    from lessons.views.figures import new_figure

    fig = new_figure(3.0, 2.0)
    fig.text(0.5, 0.5, "Jakarta", fontsize=12)
    fig.text(0.52, 0.5, "Bangkok", fontsize=12)  # drawn over the first
    fig.text(0.1, 0.1, "Manila", fontsize=12)
    assert _overlapping_texts(fig) == [("Jakarta", "Bangkok")]


# the figures whose text was enlarged to 10 px on a lab screen (tests/test_figure_text.py): larger labels, still apart
@pytest.mark.parametrize("name", ["joining_timeline", "l03_timeline", "l03_dips", "l04_timeline", "l05_structure",
                                  "l05_cycle", "l06_results"])
def test_enlarged_figure_labels_do_not_overlap_or_leave_the_figure(name, tmp_path):
    from .test_figure_text import _figure

    fig = _figure(name, tmp_path)
    assert _overlapping_texts(fig) == []
    assert _texts_inside_figure(fig) == []
