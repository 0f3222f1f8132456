"""Figures of the lessons: the member map, the joining timeline and the
cooperation network.

Every ``*_figure`` function is pure: it takes plain arguments, reads the
validated data, and returns a matplotlib ``Figure`` (built without pyplot, so
there is no global state). Every figure has an ``*_alt`` function that says in
Indonesian what it shows; the notebooks print that text under the figure, and
nbval compares it. The palette is Okabe–Ito (colour-blind safe), and each
field also has its own line style and symbol, so colour is never the only cue.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from lessons.core.widget_view import WidgetView
from lessons.views.figure_cache import drawing
from lessons.views.display import FigureImage, FigureView, busy, figure_pngs, friendly, show_figure
from lessons.views.figures import PHONE_WIDTH_IN, Panels, panel_figure
from lessons.text import FIELD_NAMES, FIELD_SYMBOLS, join_list, t

# Okabe & Ito (2008) colour-blind-safe palette.
FIELD_COLOURS = {
    "kesehatan": "#D55E00",  # vermillion
    "pendidikan": "#0072B2",  # blue
    "perempuan_anak": "#CC79A7",  # reddish purple
    "bencana": "#009E73",  # bluish green
    "kesejahteraan": "#E69F00",  # orange
    "ketenagakerjaan": "#56B4E9",  # sky blue
    "budaya": "#000000",  # black
    "tata_kelola": "#999999",
}
FIELD_LINESTYLES = {
    "kesehatan": "-",
    "pendidikan": "--",
    "perempuan_anak": ":",
    "bencana": "-.",
    "kesejahteraan": (0, (5, 1, 1, 1, 1, 1)),
    "ketenagakerjaan": (0, (1, 1)),
    "budaya": (0, (8, 2)),
    "tata_kelola": "-",
}
#: The four fields the article's illustration names, shown by default.
ARTICLE_FIELDS = ("kesehatan", "pendidikan", "perempuan_anak", "bencana")

MAP_EXTENT = (91.0, 141.5, -12.5, 29.0)  # lon min, lon max, lat min, lat max
SEA = "#eaf2f8"
LAND_MEMBER = "#f4ecd8"
LAND_OTHER = "#dedede"
EDGE = "#8a8a8a"

# Where each member's name sits relative to its capital (points), so that no
# label covers another.
LABEL_OFFSETS = {
    "BRN": (6, 6), "KHM": (8, -4), "IDN": (-20, -16), "LAO": (8, 2), "MYS": (-30, -14), "MMR": (-56, 4),
    "PHL": (8, 0), "SGP": (-12, -16), "THA": (-56, -2), "TLS": (8, -12), "VNM": (8, 4),
}


def wrap_text(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (a title on a phone-sized panel)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


# --------------------------------------------------------------------------
# symbols


@lru_cache(maxsize=None)
def field_marker(field: str):
    """The marker of a field: the article's symbol where it names one."""
    from matplotlib.path import Path
    if field == "kesehatan":  # red cross
        a, b = 0.3, 1.0
        verts = [(-a, b), (a, b), (a, a), (b, a), (b, -a), (a, -a), (a, -b), (-a, -b), (-a, -a), (-b, -a), (-b, a), (-a, a), (-a, b)]
        return Path(verts, closed=True)
    if field == "pendidikan":  # open book and a pencil
        left = [(-1.0, -0.55), (-1.0, 0.65), (-0.5, 0.8), (-0.05, 0.6), (-0.05, -0.7), (-0.5, -0.5), (-1.0, -0.55)]
        right = [(0.05, -0.7), (0.05, 0.6), (0.5, 0.8), (1.0, 0.65), (1.0, -0.55), (0.5, -0.5), (0.05, -0.7)]
        pencil = [(0.55, -1.0), (0.7, -1.0), (1.0, -0.72), (0.95, -0.67), (0.65, -0.95), (0.55, -1.0)]
        verts = left + right + pencil
        codes = []
        for poly in (left, right, pencil):
            codes += [Path.MOVETO] + [Path.LINETO] * (len(poly) - 2) + [Path.CLOSEPOLY]
        return Path(verts, codes)
    if field == "perempuan_anak":  # gender-equality sign: a ring with the female cross and the male arrow
        ring = Path.make_compound_path(Path.circle((0, 0), 0.5), Path(Path.circle((0, 0), 0.32).vertices[::-1],
                                                                       Path.circle((0, 0), 0.32).codes))
        bar = Path([(-0.09, -0.48), (0.09, -0.48), (0.09, -1.0), (-0.09, -1.0), (-0.09, -0.48)], closed=True)
        cross = Path([(-0.32, -0.66), (0.32, -0.66), (0.32, -0.82), (-0.32, -0.82), (-0.32, -0.66)], closed=True)
        shaft = Path([(0.30, 0.43), (0.43, 0.30), (0.80, 0.67), (0.67, 0.80), (0.30, 0.43)], closed=True)
        head = Path([(0.50, 0.95), (0.95, 0.95), (0.95, 0.50), (0.50, 0.95)], closed=True)
        return Path.make_compound_path(ring, bar, cross, shaft, head)
    if field == "bencana":  # humanitarian aid: a heart held above an open hand
        heart = Path([(0, 0.05), (-0.55, 0.45), (-0.75, 0.95), (-0.35, 1.15), (0, 0.95), (0, 0.85),
                      (0, 0.95), (0.35, 1.15), (0.75, 0.95), (0.55, 0.45), (0, 0.05), (0, 0.05)],
                     [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO,
                      Path.LINETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.CLOSEPOLY])
        hand = Path([(-1.0, -0.25), (-0.6, -0.1), (0.9, -0.1), (1.0, -0.25), (0.9, -0.55), (-0.9, -0.55), (-1.0, -0.25)],
                    closed=True)
        return Path.make_compound_path(heart, hand)
    return {"kesejahteraan": "s", "ketenagakerjaan": "D", "budaya": "h"}.get(field, "o")


# --------------------------------------------------------------------------
# the base map


@lru_cache(maxsize=1)
def _map_polygons():
    """Member and context polygons as numpy arrays (cached)."""
    from lessons.core.data import map_shapes

    members, others = [], []
    for feature in map_shapes()["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        target = members if feature["properties"].get("member") else others
        for polygon in polygons:
            target.append(np.asarray(polygon[0], dtype=float))
    return tuple(members), tuple(others)


def draw_base_map(ax, faded: bool = False) -> None:
    """Sea, neighbours in grey, members in sand colour, no axes."""
    from matplotlib.collections import PolyCollection

    members, others = _map_polygons()
    ax.set_facecolor(SEA)
    ax.add_collection(PolyCollection(others, facecolors=LAND_OTHER, edgecolors="#c4c4c4", linewidths=0.3, zorder=1))
    ax.add_collection(PolyCollection(members, facecolors=LAND_MEMBER if not faded else "#f7f2e6",
                                     edgecolors=EDGE, linewidths=0.5, zorder=2))
    lon0, lon1, lat0, lat1 = MAP_EXTENT
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#bbbbbb")


# --------------------------------------------------------------------------
# the member map (lesson 00)


#: where each member's name sits on the phone-sized member map (offset in points from its capital)
PANEL_LABEL_OFFSETS = {
    "BRN": (5, 3), "KHM": (5, -6), "IDN": (-14, -13), "LAO": (5, 2), "MYS": (-44, -2), "MMR": (-46, 3),
    "PHL": (6, -2), "SGP": (-24, -12), "THA": (-40, -6), "TLS": (-30, -20), "VNM": (7, 1),
}


def member_map_figure():
    """Map of the 11 members with their capitals; Timor-Leste marked as newest.

    One panel as wide as a phone's column; the legend sits under the map."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from lessons.core.data import members

    frame = members()
    fig = panel_figure(4.7)
    ax = fig.add_subplot()
    draw_base_map(ax)
    for row in frame.itertuples():
        newest = row.iso3 == "TLS"
        ax.plot(row.capital_lon, row.capital_lat, marker="*" if newest else "o", markersize=11 if newest else 4.5,
                color="#D55E00" if newest else "#333333", markeredgecolor="white", markeredgewidth=0.5, zorder=5)
        dx, dy = PANEL_LABEL_OFFSETS.get(row.iso3, (5, 3))
        ax.annotate(row.name_id, (row.capital_lon, row.capital_lat), xytext=(dx, dy), textcoords="offset points",
                    fontsize=9, fontweight="bold" if newest else "normal", zorder=6,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})
    ax.set_title(t("map_title").replace(" (", "\n("), fontsize=10.5)
    fig.legend(handles=[
        Patch(facecolor=LAND_MEMBER, edgecolor=EDGE, label=t("map_members")),
        Patch(facecolor=LAND_OTHER, edgecolor="#c4c4c4", label=t("map_context")),
        Line2D([], [], marker="o", linestyle="", color="#333333", label=t("map_capital")),
        Line2D([], [], marker="*", markersize=11, linestyle="", color="#D55E00", label=t("map_newest")),
    ], loc="outside lower center", ncols=2, fontsize=9, frameon=False, columnspacing=1.0, handletextpad=0.4)
    return fig


def member_map_alt() -> str:
    from lessons.core.data import members

    frame = members()
    names = [f"{r.name_id} ({r.capital_id})" for r in frame.itertuples()]
    return t("map_alt", members=join_list(names))


@friendly
def show_member_map() -> None:
    """Display the member map and its caption."""
    show_figure(drawing(member_map_figure), member_map_alt())


# --------------------------------------------------------------------------
# joining timeline (lesson 00)


def joining_events() -> list[tuple]:
    """(date, label) per joining date; the five founders share one event."""
    from lessons.core.data import members

    frame = members().sort_values(["date_joined", "name_id"])
    events = []
    for date, group in frame.groupby("date_joined", sort=True):
        names = list(group["name_id"])
        events.append((date, names))
    return events


def joining_timeline_figure():
    """When each member joined: a time axis running down (one year, one length), and beside it one label per
    joining date, evenly spaced and joined to its year by a line. One panel as wide as a phone's column."""
    events = joining_events()
    fig = panel_figure(4.9)
    ax = fig.add_subplot()
    first, last = 1965, 2028
    ax.set_xlim(0, 10)
    ax.set_ylim(last + 0.5, first - 3.5)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_axis_off()
    axis_x, label_x = 1.9, 3.3
    ax.plot([axis_x, axis_x], [first, last], color="#555555", linewidth=1.4, zorder=1)
    for year in range(1970, last, 10):
        ax.plot([axis_x - 0.15, axis_x], [year, year], color="#555555", linewidth=1, zorder=1)
        ax.text(axis_x - 0.3, year, str(year), ha="right", va="center", fontsize=9, color="#444444")
    n = len(events)
    spots = np.linspace(first + 1.5, last - 2.5, n) if n > 1 else [first + 1.5]
    for (date, names), spot in zip(events, spots):
        x = date.year + (date.dayofyear - 1) / 365.25
        newest = "Timor-Leste" in names
        colour = "#D55E00" if newest else "#0072B2"
        ax.plot(axis_x, x, marker="*" if newest else "o", markersize=11 if newest else 6.5, color=colour,
                markeredgecolor="white", markeredgewidth=0.5, linestyle="", zorder=3)
        ax.plot([axis_x, label_x - 0.4, label_x - 0.15], [x, spot, spot], color=colour, linewidth=0.9, zorder=2)
        if len(names) <= 2:
            label = join_list(names)
        else:
            label = f"{t('timeline_founders')}:\n" + wrap_text(", ".join(names), 34)
        ax.text(label_x, spot, f"{date.strftime('%d-%m-%Y')}\n{label}", ha="left", va="center", fontsize=9,
                color="#222222", linespacing=1.15, fontweight="bold" if newest else "normal")
    ax.set_title(wrap_text(t("timeline_title"), 40), fontsize=10.5)
    return fig


def joining_timeline_alt() -> str:
    parts = [f"{d.strftime('%d-%m-%Y')} {join_list(names)}" for d, names in joining_events()]
    return t("timeline_alt", events="; ".join(parts))


@friendly
def show_joining_timeline() -> None:
    show_figure(drawing(joining_timeline_figure), joining_timeline_alt())


# --------------------------------------------------------------------------
# the cooperation network (lesson 01)


def network_graph(fields=ARTICLE_FIELDS):
    """The cooperation network as a networkx Graph.

    Nodes are the 11 members (``kind="member"``, at their capitals) and the
    ASEAN bodies/programmes (``kind="body"``, at their host city, or in the
    margin when they have no fixed seat). An edge joins a member to a body; its
    ``relation`` says why (see data/datapackage.json, resource network_edges).
    """
    import networkx as nx

    from lessons.core.data import load

    members = load("members")
    programmes = load("programmes").set_index("id")
    edges = load("network_edges")
    edges = edges[edges["field"].isin(list(fields))]
    graph = nx.Graph()
    for row in members.itertuples():
        graph.add_node(row.iso3, kind="member", label=row.name_id, pos=(row.capital_lon, row.capital_lat))
    for body_id in sorted(set(edges["programme_id"])):
        body = programmes.loc[body_id]
        has_seat = not (np.isnan(body["lat"]) or np.isnan(body["lon"]))
        graph.add_node(body_id, kind="body", label=body["acronym"], field=body["field"],
                       seat=(body["lon"], body["lat"]) if has_seat else None)
    for row in edges.itertuples():  # one line per member–body pair; it keeps every reason for the link
        if graph.has_edge(row.member_iso3, row.programme_id):
            graph.edges[row.member_iso3, row.programme_id]["relations"].append(row.relation)
            graph.edges[row.member_iso3, row.programme_id]["descriptions"].append(row.description_id)
        else:
            graph.add_edge(row.member_iso3, row.programme_id, field=row.field, relations=[row.relation],
                           descriptions=[row.description_id], source=row.source)
    _place_bodies(graph)
    return graph


# Open-sea spots where bodies without a fixed seat (rotating meetings, funds)
# are drawn, so that their lines stay short and cross no label.
FLOATING_SPOTS = ((114.5, 15.0), (113.0, 8.0), (128.0, 8.5), (125.5, 21.5), (96.5, 9.5))


def _place_bodies(graph) -> None:
    """Give every body a position: around its seat, or on an open-sea spot."""
    by_seat: dict = {}
    floating: dict = {}
    for node, data in graph.nodes(data=True):
        if data["kind"] != "body":
            continue
        if data["seat"] is None:
            floating.setdefault(data["field"], []).append(node)
        else:
            by_seat.setdefault((round(data["seat"][0], 1), round(data["seat"][1], 1)), []).append(node)
    for (lon, lat), nodes in by_seat.items():
        nodes.sort()
        for i, node in enumerate(nodes):
            angle = np.pi / 4 + 2 * np.pi * i / len(nodes)
            graph.nodes[node]["pos"] = (lon + 1.7 * np.cos(angle), lat + 1.7 * np.sin(angle))
    for nodes in floating.values():
        nodes.sort()
        for i, node in enumerate(nodes):
            graph.nodes[node]["pos"] = FLOATING_SPOTS[i % len(FLOATING_SPOTS)]


#: The network's panels are stored at the layout's own 80 dpi (not denser): four to eight maps travel
#: with a lesson, and every screen shows each panel 360 px wide (display.py), two in a row in lesson 01's
#: explorer on a lab screen, so that the four fit one 1366×768 screen with its controls.
NETWORK_DPI = 80
#: The smallest text of the network figure (labels, legend), in points: 10 px at 360 px.
NETWORK_TEXT_PT = 9.0


@lru_cache(maxsize=8)
def base_map_pixels(width_px: int, height_px: int, faded: bool = True):
    """The base map rendered at exactly ``width_px`` × ``height_px`` (cached),
    to be pasted with ``figimage``: no polygon drawing and no resampling when
    a panel is redrawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_px / 100, height_px / 100), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    draw_base_map(ax, faded=faded)
    for spine in ax.spines.values():
        spine.set_visible(False)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def _paste_base_map(fig, ax) -> None:
    """Put the cached base map under ``ax`` (whose background is cleared)."""
    box = ax.get_position()
    dpi = fig.dpi
    width_px = round(box.width * fig.get_figwidth() * dpi)
    height_px = round(box.height * fig.get_figheight() * dpi)
    x0 = round(box.x0 * fig.get_figwidth() * dpi)
    y0 = round(box.y0 * fig.get_figheight() * dpi)
    fig.figimage(base_map_pixels(width_px, height_px), xo=x0, yo=y0, origin="upper", zorder=0)
    ax.set_zorder(1)  # the panel's lines and symbols above the pasted map
    ax.patch.set_visible(False)
    lon0, lon1, lat0, lat1 = MAP_EXTENT
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#bbbbbb")


def _draw_field_panel(ax, graph, field: str, focus: str | None, text_pt: float = NETWORK_TEXT_PT) -> None:
    """One field's bodies, lines and members on an already prepared panel."""
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba

    colour, style = FIELD_COLOURS[field], FIELD_LINESTYLES[field]
    bodies = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "body" and d["field"] == field)
    segments, colours, widths = [], [], []
    for body in bodies:
        bx, by = graph.nodes[body]["pos"]
        for member in sorted(graph.neighbors(body)):
            lit = focus is None or member == focus
            mx, my = graph.nodes[member]["pos"]
            segments.append([(mx, my), (bx, by)])
            colours.append(to_rgba(colour, 0.9 if lit else 0.13))
            widths.append(2.6 if (focus and lit) else 1.3)
    ax.add_collection(LineCollection(segments, colors=colours, linewidths=widths, linestyles=style, zorder=3,
                                     capstyle="round", label=t("network_edge_label", field=field)))
    members = [(n, d) for n, d in graph.nodes(data=True) if d["kind"] == "member"]
    linked = {n: any(graph.nodes[b]["field"] == field for b in graph.neighbors(n)) for n, _ in members}
    xs = [d["pos"][0] for _, d in members]
    ys = [d["pos"][1] for _, d in members]
    ax.scatter(xs, ys, s=[49 if n == focus else 20 for n, _ in members],
               c=["#333333" if linked[n] else "#9a9a9a" for n, _ in members], zorder=5, linewidths=0)
    if focus:
        x, y = graph.nodes[focus]["pos"]
        ax.annotate(graph.nodes[focus]["label"], (x, y), xytext=(5, -11), textcoords="offset points", fontsize=text_pt,
                    fontweight="bold", zorder=8, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
    placed = _symbol_boxes(ax, [graph.nodes[b]["pos"] for b in bodies])  # px boxes labels must not cover
    for body in bodies:
        x, y = graph.nodes[body]["pos"]
        lit = focus is None or graph.has_edge(focus, body)
        ax.plot(x, y, marker=field_marker(field), markersize=17, color=colour, markeredgecolor=colour,
                markeredgewidth=0.8, linestyle="", alpha=1 if lit else 0.35, zorder=6)
        floating = graph.nodes[body]["seat"] is None
        label = ax.annotate(wrap_text(graph.nodes[body]["label"] + ("*" if floating else ""), 18), (x, y), xytext=(0, -12),
                            textcoords="offset points", ha="center", va="top", fontsize=text_pt, alpha=1 if lit else 0.45,
                            zorder=7, bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})
        _place_label(ax, label, placed)
    ax.set_title(f"{FIELD_NAMES[field]}", fontsize=11, color="#222222")


#: where a body's label may go, in order: below its symbol, above it, right of it, left of it
LABEL_SPOTS = (((0, -12), "center", "top"), ((0, 12), "center", "bottom"), ((12, 0), "left", "center"),
               ((-12, 0), "right", "center"))


def _symbol_boxes(ax, positions) -> list:
    """The px boxes of the bodies' symbols (17 pt markers) on ``ax``."""
    from matplotlib.transforms import Bbox

    half = 17 * ax.figure.dpi / 72 / 2
    return [Bbox.from_extents(px - half, py - half, px + half, py + half)
            for px, py in ax.transData.transform(positions)] if positions else []


def _place_label(ax, label, placed: list) -> None:
    """Move ``label`` to the first spot where it overlaps no label placed
    before it and stays inside its panel (else leave it below its symbol)."""
    renderer = ax.figure.canvas.get_renderer()
    panel = ax.get_window_extent(renderer)
    for offset, ha, va in LABEL_SPOTS:
        label.set_position(offset)
        label.set_ha(ha)
        label.set_va(va)
        box = label.get_window_extent(renderer).expanded(1.04, 1.1)
        inside = panel.x0 <= box.x0 and box.x1 <= panel.x1 and panel.y0 <= box.y0 and box.y1 <= panel.y1
        if inside and not any(box.overlaps(other) for other in placed):
            placed.append(box)
            return
    label.set_position(LABEL_SPOTS[0][0])
    label.set_ha(LABEL_SPOTS[0][1])
    label.set_va(LABEL_SPOTS[0][2])
    placed.append(label.get_window_extent(renderer))


def _map_panel(header_h: float, legend_h: float = 0.0):
    """A phone-column-wide panel holding one map (placed by hand: no layout engine, it is redrawn on every
    click), with ``header_h`` inches above it for titles and ``legend_h`` below it for a legend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lon0, lon1, lat0, lat1 = MAP_EXTENT
    side = 0.1
    width = PHONE_WIDTH_IN
    map_w = width - 2 * side
    map_h = map_w * (lat1 - lat0) / (lon1 - lon0)
    height = header_h + map_h + legend_h + 0.08
    fig = Figure(figsize=(width, height), dpi=NETWORK_DPI)
    FigureCanvasAgg(fig)  # a renderer, so that labels can be measured while they are placed
    ax = fig.add_axes((side / width, (legend_h + 0.04) / height, map_w / width, map_h / height))
    return fig, ax


def network_figure(fields=ARTICLE_FIELDS, focus: str | None = None):
    """The network on the map, one panel per field (as wide as a phone's column); ``focus`` (ISO3)
    highlights one member's links in every panel. The first panel carries the title and the legend of
    the members' dots and of the bodies without a fixed seat; each panel's title names its field and its
    symbol. Returns :class:`lessons.views.figures.Panels` (stored at 80 dpi: shown at 360 px everywhere)."""
    from matplotlib.lines import Line2D

    from lessons.core.data import member_names

    fields = [f for f in FIELD_NAMES if f in set(fields)]
    graph = network_graph(fields)
    title = t("network_title") + (t("network_focus_title", country=member_names()[focus]) if focus else "")
    heading = wrap_text(title, 60) + "\n" + wrap_text(t("network_subtitle").replace("\n", " "), 64)
    lines = heading.count("\n") + 1
    line_h = NETWORK_TEXT_PT * 1.2 / 72  # inches
    figs = []
    for i, field in enumerate(fields or [None]):
        header = (line_h * (lines + 2) + 0.2 + 0.28) if i == 0 else 0.28
        fig, ax = _map_panel(header)
        _paste_base_map(fig, ax)
        if field is None:
            ax.text(116, 8, wrap_text(t("network_no_field"), 30), ha="center", fontsize=NETWORK_TEXT_PT)
        else:
            _draw_field_panel(ax, graph, field, focus, NETWORK_TEXT_PT)
            ax.set_title(f"{FIELD_NAMES[field]} ({FIELD_SYMBOLS[field]})", fontsize=NETWORK_TEXT_PT + 0.9,
                         color="#222222", pad=4)
        if i == 0:
            top = 1 - 0.06 / fig.get_figheight()
            fig.text(0.5, top, heading, ha="center", va="top", fontsize=NETWORK_TEXT_PT, linespacing=1.05)
            handles = [Line2D([], [], marker="o", linestyle="", color="#333333", label=t("network_legend_members")),
                       Line2D([], [], linestyle="", label=t("network_floating"))]
            legend_top = 1 - (0.06 + line_h * lines + 0.08) / fig.get_figheight()
            fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, legend_top), fontsize=NETWORK_TEXT_PT,
                       frameon=False, handlelength=1.0, handletextpad=0.4, borderaxespad=0, borderpad=0,
                       labelspacing=0.2)
        figs.append(fig)
    return Panels(figs, dpi=NETWORK_DPI)


def network_alt(fields=ARTICLE_FIELDS, focus: str | None = None) -> str:
    """The network figure in words (its alt text)."""
    from lessons.core.data import member_names

    fields = [f for f in FIELD_NAMES if f in set(fields)]
    if not fields:
        return t("network_alt_nofield")
    graph = network_graph(fields)
    bodies = [n for n, d in graph.nodes(data=True) if d["kind"] == "body"]
    text = t("network_alt", fields=join_list(FIELD_NAMES[f].lower() for f in fields),
             n_members=sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "member"),
             n_bodies=len(bodies), n_edges=graph.number_of_edges())
    if focus:
        name = member_names()[focus]
        linked = sorted(graph.nodes[b]["label"] for b in graph.neighbors(focus))
        text += t("network_alt_focus", country=name, n=len(linked), bodies=join_list(linked)) if linked else t(
            "network_alt_focus_none", country=name)
    return text


def network_summary(fields, focus) -> str:
    from lessons.core.data import member_names

    fields = [f for f in FIELD_NAMES if f in set(fields)]
    n_edges = network_graph(fields).number_of_edges() if fields else 0
    return t("network_summary", fields=join_list(FIELD_NAMES[f].lower() for f in fields) or "-",
             focus=member_names()[focus] if focus else t("network_no_focus"), n_edges=n_edges)


def network_png(fields: tuple, focus: str | None) -> tuple[bytes, ...]:
    """The network picture for one choice of fields and country, cached
    while the data files are unchanged: a picture once drawn is shown again
    at once when a learner comes back to the same choice."""
    from lessons.core.data import data_dir, file_stamp, resource

    root = data_dir()
    stamps = tuple(file_stamp(root / resource(name, root)["path"]) for name in ("members", "programmes", "network_edges"))
    return _network_png(tuple(fields), focus, stamps)


@lru_cache(maxsize=64)
def _network_png(fields: tuple, focus: str | None, stamps) -> tuple[bytes, ...]:
    return figure_pngs(drawing(network_figure, fields, focus), compact=False)[1]


class NetworkExplorer:
    """Field toggles and a country dropdown wired to :func:`network_figure`."""

    def __init__(self, fields=ARTICLE_FIELDS, focus: str | None = None):
        import ipywidgets as widgets

        from lessons.core.data import load, members

        available = [f for f in FIELD_NAMES if f in set(load("network_edges")["field"])]
        self.field_boxes = {
            f: widgets.Checkbox(value=f in fields, description=FIELD_NAMES[f], indent=False,
                                layout=widgets.Layout(width="auto", margin="0 12px 0 0"))
            for f in available
        }
        frame = members()
        # height "auto": a select grows to 44 px on touch screens, and its row must grow with it
        self.focus = widgets.Dropdown(options=[(t("none_selected"), "")] + list(zip(frame["name_id"], frame["iso3"])),
                                      value=focus or "", description=t("network_focus"), style={"description_width": "initial"},
                                      layout=widgets.Layout(width="100%", height="auto"))
        self.only = widgets.Dropdown(options=[(t("network_only_all"), "")] + [(FIELD_NAMES[f], f) for f in available],
                                     value="", description=t("network_only"), style={"description_width": "initial"},
                                     layout=widgets.Layout(width="100%", height="auto"))
        self.image = FigureImage(layout=widgets.Layout(max_width="860px", width="100%"))
        self.image.add_class("kssa-figure")
        self.caption = widgets.HTML()
        for control in [*self.field_boxes.values(), self.focus]:
            control.observe(lambda _c: self.refresh(), names="value")
        self.only.observe(self._only, names="value")
        controls = widgets.VBox([
            widgets.HTML(f"<b>{t('network_fields')}:</b>"),
            widgets.VBox(list(self.field_boxes.values())),
            self.only, self.focus,
        ], layout=widgets.Layout(width="20em", max_width="100%", margin="0 12px 0 0"))  # the longest field name fits
        # controls beside the map on a wide screen (both fit in one 1366×768 screen), above it on a phone
        self.box = widgets.HBox([controls, widgets.VBox([self.image.widget, self.caption], layout=widgets.Layout(flex="1 1 24em"))],
                                layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
        self._quiet = False
        self.refresh()

    def _only(self, change) -> None:
        """Show one field at a time (or every field again)."""
        chosen = change["new"]
        self._quiet = True
        try:
            for field, box in self.field_boxes.items():
                box.value = (field == chosen) if chosen else True
        finally:
            self._quiet = False
        self.refresh()

    def selected_fields(self) -> list[str]:
        return [f for f, box in self.field_boxes.items() if box.value]

    def refresh(self) -> None:
        if self._quiet:
            return
        fields = self.selected_fields()
        focus = self.focus.value or None
        with busy(self.image):
            self.image.show(network_png(tuple(fields), focus), network_alt(fields, focus), panels=True)
        note = "" if fields else f"<div role=\"alert\">{t('network_no_field')}</div>"
        self.caption.value = f"{note}<p><b>{t('caption_prefix')}</b> {network_alt(fields, focus)}</p>"

    def summary(self) -> str:
        return network_summary(self.selected_fields(), self.focus.value or None)


@friendly
def network_explorer(fields=ARTICLE_FIELDS, focus: str | None = None) -> WidgetView:
    """The interactive cooperation network of lesson 01."""
    explorer = NetworkExplorer(fields, focus)
    return WidgetView(explorer.box, f"{explorer.summary()}\n{t('caption_prefix')} {network_alt(explorer.selected_fields(), focus)}")


@friendly
def show_network(fields=ARTICLE_FIELDS, focus: str | None = None) -> None:
    show_figure(drawing(network_figure, fields, focus), network_alt(fields, focus), tight=False)


__all__ = [
    "FigureView", "member_map_figure", "member_map_alt", "show_member_map", "joining_timeline_figure",
    "joining_timeline_alt", "show_joining_timeline", "network_graph", "network_figure", "network_alt",
    "network_explorer", "show_network",
]
