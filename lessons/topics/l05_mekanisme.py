"""Lesson 05: how ASEAN social cooperation is organised and how it decides.

Three views, each a pure part plus thin widget wiring:

- the structure diagram (:func:`structure_figure`, from ``data/ascc_structure.csv``)
  and its table (:func:`structure_table`);
- the article's five steps drawn honestly as a *general* policy cycle
  (:func:`cycle_figure`) with a step-through widget (:func:`decision_cycle`);
- a consensus simulator (:func:`consensus_simulator`) whose rule lives in the
  pure function :func:`consensus_outcome` (ASEAN Charter, Art. 20).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html import escape

from lessons.views.diagrams import FIELD_COLOURS
from lessons.views.figures import panel_figure
from lessons.core.widget_view import WidgetView
from lessons.views.figure_cache import drawing
from lessons.views.display import FigureImage, busy, friendly, show_figure
from lessons.views.tables import ALL, Filter, TableExplorer
from lessons.text import FIELD_NAMES, join_list, t
from lessons.text.lesson05 import CYCLE_STEPS, LEVEL_LABELS, VOTE_LABELS

ROW_LEVELS = ("ktt", "dewan", "menteri", "pejabat_senior", "kelompok_kerja")
SUPPORT_LEVEL = "pendukung"
HIGHLIGHT = "#0072B2"


# --------------------------------------------------------------------------
# the structure: data


def structure_frame():
    """The rows of data/ascc_structure.csv (validated), in file order."""
    from lessons.core.data import load

    return load("ascc_structure")


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def structure_layout(frame=None) -> dict[str, tuple[float, float]]:
    """Centre (x, y) of every box of the tree; the Secretariat is placed apart.

    Columns follow the file order: every leaf gets one column and a parent sits
    above the middle of its children. Rows are the levels, top to bottom.
    """
    frame = structure_frame() if frame is None else frame
    rows = {r.id: r for r in frame.itertuples()}
    children: dict[str, list[str]] = {}
    roots = []
    for r in frame.itertuples():
        if r.level == SUPPORT_LEVEL:
            continue
        parent = _text(r.parent)
        if parent:
            children.setdefault(parent, []).append(r.id)
        else:
            roots.append(r.id)
    positions: dict[str, tuple[float, float]] = {}
    next_column = [0.0]

    def place(node: str) -> float:
        kids = children.get(node, [])
        if kids:
            xs = [place(k) for k in kids]
            x = (xs[0] + xs[-1]) / 2
        else:
            x = next_column[0]
            next_column[0] += 1.0
        positions[node] = (x, -float(ROW_LEVELS.index(rows[node].level)))
        return x

    for root in roots:
        place(root)
    right = max((x for x, _ in positions.values()), default=0.0)
    for r in frame.itertuples():
        if r.level == SUPPORT_LEVEL:
            positions[r.id] = (right + 1.55, -(len(ROW_LEVELS) - 1) / 2)
    return positions


# --------------------------------------------------------------------------
# the structure: figure


def _tint(colour: str, amount: float = 0.82) -> tuple:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


BOX_W, BOX_H = 0.9, 0.66
WIDE_W = 2.4
SUPPORT_W = 1.15


def _box_width(level: str) -> float:
    return WIDE_W if level in ("ktt", "dewan") else SUPPORT_W if level == SUPPORT_LEVEL else BOX_W


def _chains(frame, pos) -> list[list]:
    """Below the Council: one chain per ministers' body (its senior officials, their working group), in the
    order of the lab-screen layout."""
    below: dict[str, list] = {}
    for r in frame.itertuples():
        if _text(r.parent):
            below.setdefault(r.parent, []).append(r)
    chains = []
    for minister in sorted((r for r in frame.itertuples() if r.level == "menteri"), key=lambda r: pos[r.id][0]):
        chain, node = [minister], minister
        while below.get(node.id):
            node = sorted(below[node.id], key=lambda r: pos[r.id][0])[0]
            chain.append(node)
        chains.append(chain)
    return chains


def _structure_box(ax, row, x, y, width, height, wrap: int) -> None:
    """One body: a box in its field's tint, its acronym in bold and what it is under it."""
    from matplotlib.patches import FancyBboxPatch

    colour = FIELD_COLOURS.get(row.field, "#999999")
    dashed = row.level == "kelompok_kerja" or (row.level == "menteri" and not _text(row.programme_id)
                                               and row.field == "tata_kelola")
    weight = {"ktt": 2.2, "dewan": 2.2, "menteri": 1.8, "pejabat_senior": 1.2}.get(row.level, 1.2)
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.0,rounding_size=0.06",
                                facecolor=_tint(colour), edgecolor=colour if row.field != "tata_kelola" else "#555555",
                                linewidth=weight, linestyle="--" if dashed else "-", zorder=3))
    name, detail = _box_lines(row, wrap)
    top = y - BOX_LINE * (name.count("\n") + detail.count("\n") + 2) / 2 - 0.02
    ax.text(x, top, name, ha="center", va="top", fontsize=9, fontweight="bold", zorder=4, linespacing=1.05)
    ax.text(x, top + BOX_LINE * (name.count("\n") + 1) + 0.03, detail, ha="center", va="top", fontsize=9, zorder=4,
            linespacing=1.05, color="#222222")


#: one line of 9-point box text on the phone diagram, in inches
BOX_LINE = 9 * 1.18 / 72


def _box_lines(row, wrap: int) -> tuple[str, str]:
    """A box's name (bold, which is wider: wrapped shorter) and what it is, as wrapped lines."""
    return textwrap.fill(row.acronym, wrap - 2), textwrap.fill(row.box_id, wrap)


def structure_figure():
    """The diagram, in two panels as wide as a phone's column. First: Summit → ASCC Council, with the ASEAN
    Secretariat alongside supporting every level. Second: under the Council, one row per ministers' body,
    its senior officials and working group to the right of it (an arrow from each body to the one under it),
    the level named above each column."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch

    from lessons.views.figures import PHONE_WIDTH_IN, panel_figure, panels

    frame = structure_frame()
    pos = structure_layout(frame)
    width = PHONE_WIDTH_IN

    def arrow(ax, start, end):
        ax.add_patch(FancyArrowPatch(posA=start, posB=end, arrowstyle="-|>", mutation_scale=11, color="#444444",
                                     linewidth=1.1, zorder=2, shrinkA=0, shrinkB=1))

    def canvas(height):
        fig = panel_figure(height)
        fig.set_layout_engine(None)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        return fig, ax

    # panel 1: the top of the structure and the Secretariat, and the legend of both panels
    fields = [f for f in FIELD_NAMES if f in set(frame["field"]) and f != "tata_kelola"]
    handles = [Patch(facecolor=_tint(FIELD_COLOURS[f]), edgecolor=FIELD_COLOURS[f], linewidth=1.5, label=FIELD_NAMES[f])
               for f in fields]
    handles += [
        Line2D([], [], color="#444444", marker=">", markersize=6, linewidth=1.1, label=t("l05_legend_arrow")),
        Patch(facecolor="white", edgecolor="#555555", linestyle="--", label=t("l05_legend_dashed")),
    ]
    for handle in handles:
        handle.set_label(textwrap.fill(handle.get_label(), 26))
    per_column = -(-len(handles) // 2)  # matplotlib fills the legend's columns one after the other
    legend_lines = max(sum(h.get_label().count("\n") + 1.5 for h in handles[c * per_column:(c + 1) * per_column])
                       for c in range(2))
    legend_h = legend_lines * 9 * 1.2 / 72 + 0.25
    title = textwrap.fill(t("l05_structure_title"), 44)
    top_h = 0.34 + 0.19 * (title.count("\n") + 1)
    tops = [r for level in ("ktt", "dewan") for r in frame.itertuples() if r.level == level]
    box_w, box_h, gap = 2.55, 0.62, 0.42
    first_h = top_h + len(tops) * (box_h + gap) + 0.45 + legend_h
    top_fig, ax = canvas(first_h)
    ax.text(width / 2, 0.12, title, ha="center", va="top", fontsize=10.5)
    centre = 0.1 + box_w / 2
    ys = [top_h + box_h / 2 + i * (box_h + gap) for i in range(len(tops))]
    for row, y in zip(tops, ys):
        ax.text(centre - box_w / 2, y - box_h / 2 - 0.04, LEVEL_LABELS[row.level][0], ha="left", va="bottom",
                fontsize=9, fontstyle="italic", color="#333333")
        _structure_box(ax, row, centre, y, box_w, box_h, 30)
    for a, b in zip(ys, ys[1:]):
        arrow(ax, (centre, a + box_h / 2), (centre, b - box_h / 2))
    below = ys[-1] + box_h / 2
    arrow(ax, (centre, below), (centre, below + 0.3))
    ax.text(centre + 0.1, below + 0.2, t("l05_structure_below"), ha="left", va="center", fontsize=9, color="#333333")
    support = [r for r in frame.itertuples() if r.level == SUPPORT_LEVEL]
    sx0, sx1 = centre + box_w / 2 + 0.3, width - 0.08
    for row in support:
        sy0, sy1 = ys[0] - box_h / 2, ys[-1] + box_h / 2
        from matplotlib.patches import FancyBboxPatch

        ax.add_patch(FancyBboxPatch((sx0, sy0), sx1 - sx0, sy1 - sy0, boxstyle="round,pad=0.0,rounding_size=0.06",
                                    facecolor=_tint("#999999"), edgecolor="#555555", linewidth=1.2, zorder=3))
        label = f"{textwrap.fill(row.acronym, 11)}\n({row.box_id})\n\n{textwrap.fill(t('l05_secretariat_support').replace(chr(10), ' '), 11)}"
        ax.text((sx0 + sx1) / 2, (sy0 + sy1) / 2, label, ha="center", va="center", fontsize=9, fontweight="bold",
                zorder=4, linespacing=1.2)
        for y in ys:
            ax.plot([centre + box_w / 2 + 0.03, sx0 - 0.02], [y, y], linestyle=":", linewidth=1.6, color="#555555", zorder=2)
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=2, fontsize=9, frameon=False,
              columnspacing=0.8, handletextpad=0.4, borderaxespad=0.1)

    # panel 2: one row per ministers' body
    chains = _chains(frame, pos)
    levels = ("menteri", "pejabat_senior", "kelompok_kerja")
    col_w, col_gap = 1.38, 0.13
    xs = [0.05 + col_w / 2 + i * (col_w + col_gap) for i in range(len(levels))]
    row_gap, head = 0.1, 0.3
    heights = [max(BOX_LINE * sum(part.count("\n") + 1 for part in _box_lines(row, 17)) + 0.2 for row in chain)
               for chain in chains]
    second_h = head + sum(heights) + row_gap * len(chains) + 0.05
    chain_fig, ax = canvas(second_h)
    for x, level in zip(xs, levels):
        ax.text(x, head - 0.08, LEVEL_LABELS[level][0], ha="center", va="bottom", fontsize=9, fontstyle="italic",
                color="#333333")
    y = head
    for chain, row_h in zip(chains, heights):
        y += row_gap / 2 + row_h / 2
        for row in chain:
            _structure_box(ax, row, xs[levels.index(row.level)], y, col_w, row_h, 17)
        for a, b in zip(chain, chain[1:]):
            arrow(ax, (xs[levels.index(a.level)] + col_w / 2, y), (xs[levels.index(b.level)] - col_w / 2, y))
        y += row_h / 2 + row_gap / 2
    return panels(top_fig, chain_fig)


def structure_alt() -> str:
    """The structure diagram in words, computed from the data."""
    frame = structure_frame()
    rows = {r.id: r for r in frame.itertuples()}

    def named(r) -> str:
        return f"{r.acronym} ({r.label_id})" if r.acronym != r.label_id else r.label_id

    def at(level):
        return [r for r in frame.itertuples() if r.level == level]

    top = join_list(named(r) for r in at("ktt"))
    council = join_list(named(r) for r in at("dewan"))
    ministers = join_list(
        f"{r.acronym} ({r.box_id})" if r.field != "tata_kelola" else r.box_id for r in at("menteri"))
    seniors = join_list(t("l05_alt_pair", child=r.acronym, parent=rows[r.parent].acronym) for r in at("pejabat_senior"))
    groups = join_list(t("l05_alt_pair", child=r.box_id if r.acronym.lower() in r.box_id.lower() else f"{r.acronym} ({r.box_id})",
                         parent=rows[r.parent].acronym) for r in at("kelompok_kerja"))
    secretariat = join_list(f"{r.label_id} ({r.box_id})" for r in at(SUPPORT_LEVEL))
    return t("l05_structure_alt", top=top, council=council, ministers=ministers, seniors=seniors, groups=groups,
             secretariat=secretariat)


@friendly
def show_structure() -> None:
    """Display the structure diagram and its caption."""
    show_figure(drawing(structure_figure), structure_alt())


def structure_table_frame():
    frame = structure_frame()
    acronyms = dict(zip(frame["id"], frame["acronym"]))
    frame["level_name"] = frame["level"].map(lambda level: LEVEL_LABELS[level][1])
    frame["reports_to"] = frame["parent"].map(lambda p: acronyms.get(p, "") if isinstance(p, str) else "")
    return frame


@friendly
def structure_table(level: str | None = None, query: str = "") -> WidgetView:
    """Widget table of the bodies in the structure diagram, filtered by level."""
    frame = structure_table_frame()
    levels = [lv for lv in LEVEL_LABELS if lv in set(frame["level"])]
    explorer = TableExplorer(
        frame,
        t("l05_structure_table_title"),
        {"acronym": t("col_acronym"), "label_id": t("col_name"), "level_name": t("l05_col_level"),
         "reports_to": t("l05_col_reports_to"), "role_id": t("l05_col_role"), "source": t("col_source")},
        [Filter("level", t("l05_level_filter"), ((t("all"), ALL), *((LEVEL_LABELS[lv][1], lv) for lv in levels)))],
        ["acronym", "label_id", "box_id", "role_id"],
        optional_columns={"source": t("show_sources")},
        initial={"level": level, "query": query},
    )
    return explorer.show()


# --------------------------------------------------------------------------
# the article's five steps as a general policy cycle


def cycle_steps() -> list[dict]:
    """The five steps: number, name, meaning and the ACTIP example."""
    return [{"n": i, "name": name, "meaning": meaning, "example": example}
            for i, (name, meaning, example) in enumerate(CYCLE_STEPS, start=1)]


def _check_step(step) -> int | None:
    total = len(CYCLE_STEPS)
    if step is None:
        return None
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= total:
        raise ValueError(t("l05_cycle_bad_step", value=str(step)[:20], total=total))
    return step


def cycle_positions(radius: float = 1.05) -> list[tuple[float, float]]:
    """Box centres around a circle, step 1 at the top, then clockwise."""
    import math

    n = len(CYCLE_STEPS)
    return [(radius * math.cos(math.radians(90 - 360 * i / n)), radius * math.sin(math.radians(90 - 360 * i / n)))
            for i in range(n)]


def cycle_figure(step: int | None = None):
    """The five steps around a circle; ``step`` (1–5) is highlighted."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    step = _check_step(step)
    fig = panel_figure(4.2)  # as wide as a phone's column
    ax = fig.add_subplot()
    ax.set_xlim(-1.58, 1.58)
    ax.set_ylim(-1.28, 1.3)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_axis_off()
    width, height = 1.0, 0.42
    boxes = []
    for i, ((x, y), (name, _m, _e)) in enumerate(zip(cycle_positions(), CYCLE_STEPS), start=1):
        lit = i == step
        patch = FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.0,rounding_size=0.1",
                               facecolor=HIGHLIGHT if lit else "#eef2f7", edgecolor="#0b3d62" if lit else "#6b7b8c",
                               linewidth=3.2 if lit else 1.2, zorder=3)
        ax.add_patch(patch)
        boxes.append(patch)
        label = f"{'▶ ' if lit else ''}{i}. {textwrap.fill(name, 12)}"
        ax.text(x, y, label, ha="center", va="center", fontsize=9, zorder=4, color="white" if lit else "#1a1a1a",
                fontweight="bold" if lit else "normal", linespacing=1.15)
    for i, patch in enumerate(boxes):
        nxt = boxes[(i + 1) % len(boxes)]
        ax.add_patch(FancyArrowPatch(patchA=patch, patchB=nxt, posA=cycle_positions()[i],
                                     posB=cycle_positions()[(i + 1) % len(boxes)], connectionstyle="arc3,rad=-0.28",
                                     arrowstyle="-|>", mutation_scale=16, color="#555555", linewidth=1.4,
                                     shrinkA=4, shrinkB=4, zorder=2))
    centre = textwrap.fill(t("l05_cycle_centre").replace("\n", " "), 17)
    ax.text(0, -0.05, centre, ha="center", va="center", fontsize=9, color="#333333", fontstyle="italic",
            bbox={"boxstyle": "round,pad=0.4", "fc": "#fff8dc", "ec": "#E69F00", "lw": 1.0})
    fig.suptitle(textwrap.fill(t("l05_cycle_title"), 44), fontsize=10.5)
    return fig


def cycle_alt(step: int | None = None) -> str:
    step = _check_step(step)
    steps = join_list(f"{i}. {name.lower()}" for i, (name, _m, _e) in enumerate(CYCLE_STEPS, start=1))
    text = t("l05_cycle_alt", steps=steps)
    if step:
        text += t("l05_cycle_alt_step", n=step, name=CYCLE_STEPS[step - 1][0].lower())
    return text


def cycle_summary(step: int) -> str:
    step = _check_step(step)
    name, meaning, _example = CYCLE_STEPS[step - 1]
    return t("l05_cycle_summary", n=step, total=len(CYCLE_STEPS), name=name, meaning=meaning)


def cycle_step_html(step: int) -> str:
    """The explanation of one step (shown under the diagram)."""
    step = _check_step(step)
    name, meaning, example = CYCLE_STEPS[step - 1]
    return (
        f'<div class="kssa-step" role="status" aria-live="polite" style="border-left:5px solid {HIGHLIGHT};'
        f'padding:4px 10px;max-width:52em">'
        f'<div style="color:#555">{escape(t("l05_step_of", n=step, total=len(CYCLE_STEPS)))}</div>'
        f"<div style=\"font-size:115%\"><b>{escape(name)}</b></div>"
        f"<p><b>{escape(t('l05_step_meaning'))}:</b> {escape(meaning)}</p>"
        f"<p><b>{escape(t('l05_step_example'))}:</b> {escape(example)}</p></div>"
    )


@friendly
def show_cycle(step: int | None = None) -> None:
    show_figure(drawing(cycle_figure, step), cycle_alt(step))


class CycleStepper:
    """Sebelumnya/Berikutnya buttons that move the highlight round the cycle."""

    def __init__(self, step: int = 1):
        import ipywidgets as widgets

        self.step = _check_step(step) or 1
        self.prev = widgets.Button(description=t("l05_prev"), icon="arrow-left", layout=widgets.Layout(width="auto"),
                                   tooltip=t("l05_prev"))
        self.next = widgets.Button(description=t("l05_next"), icon="arrow-right", button_style="primary",
                                   layout=widgets.Layout(width="auto"), tooltip=t("l05_next"))
        self.position = widgets.HTML()
        self.image = FigureImage(layout=widgets.Layout(max_width="620px", width="100%"))  # one 540 px panel
        self.image.add_class("kssa-figure")
        self.caption = widgets.HTML()
        self.text = widgets.HTML()
        self.prev.on_click(lambda _b: self.go(-1))
        self.next.on_click(lambda _b: self.go(+1))
        self.box = widgets.VBox([
            widgets.HBox([self.prev, self.next, self.position], layout=widgets.Layout(align_items="center", gap="8px")),
            self.image.widget, self.caption, self.text,
        ])
        self.refresh()

    def go(self, delta: int) -> None:
        """Move by ``delta`` steps; after the last step the cycle starts again."""
        total = len(CYCLE_STEPS)
        self.step = (self.step - 1 + delta) % total + 1
        self.refresh()

    def refresh(self) -> None:
        self.position.value = f"<b>{escape(t('l05_step_of', n=self.step, total=len(CYCLE_STEPS)))}</b>"
        with busy(self.image):
            self.image.show_figure(drawing(cycle_figure, self.step), cycle_alt(self.step))
        self.caption.value = f"<p><b>{escape(t('caption_prefix'))}</b> {escape(cycle_alt(self.step))}</p>"
        self.text.value = cycle_step_html(self.step)

    def summary(self) -> str:
        return cycle_summary(self.step)


@friendly
def decision_cycle(step: int = 1) -> WidgetView:
    """The five-step cycle with a step-through widget and the ACTIP example."""
    try:
        stepper = CycleStepper(step)
    except ValueError as err:
        from lessons.views.display import Notice

        return Notice(str(err))
    return WidgetView(stepper.box, stepper.summary())


# --------------------------------------------------------------------------
# consensus (ASEAN Charter, Art. 20)

VOTES = tuple(VOTE_LABELS)  # setuju, tidak_setuju, abstain


@dataclass(frozen=True)
class Outcome:
    """What the Charter's rule gives for one set of positions."""

    status: str  # mufakat | tidak_mufakat | tanpa_dukungan | tidak_valid
    counts: dict = field(default_factory=dict)  # vote -> number of members
    objectors: tuple = ()  # Indonesian names of the members who object
    headline: str = ""
    explanation: str = ""
    majority: str = ""  # how a majority vote would have gone, for contrast

    @property
    def reached(self) -> bool:
        return self.status == "mufakat"

    @property
    def valid(self) -> bool:
        return self.status != "tidak_valid"

    def tally(self) -> str:
        return t("l05_tally", **{v: self.counts.get(v, 0) for v in VOTES}) if self.valid else ""

    def text(self) -> str:
        """The outcome as plain text (headline, explanation, majority contrast)."""
        return "\n".join(part for part in (self.headline, self.explanation, self.majority) if part)


def _normalise_vote(value) -> str | None:
    if not isinstance(value, str):
        return None
    word = " ".join(value.replace("_", " ").replace("-", " ").casefold().split())
    return {"setuju": "setuju", "tidak setuju": "tidak_setuju", "abstain": "abstain"}.get(word)


def _invalid(message: str) -> Outcome:
    return Outcome("tidak_valid", headline=t("l05_head_tidak_valid"), explanation=message)


def consensus_outcome(votes) -> Outcome:
    """Apply "musyawarah dan mufakat" to ``votes`` (member → position).

    ``votes`` maps every member (ISO3 code or Indonesian name) to "setuju",
    "tidak setuju" or "abstain". Consensus is reached when no member objects
    and at least one supports; one objection is enough to block it, however
    many agree. Never raises: bad input gives status "tidak_valid" and an
    Indonesian message.
    """
    from lessons.core.data import member_names

    names = member_names()  # ISO3 -> Indonesian name
    by_name = {name.casefold(): iso for iso, name in names.items()}
    if not isinstance(votes, dict):
        from lessons.text import type_name

        return _invalid(t("l05_invalid_not_mapping", got=type_name(votes)))
    given: dict[str, str] = {}
    for key, value in votes.items():
        iso = None
        if isinstance(key, str):
            text = key.strip()
            iso = text.upper() if text.upper() in names else by_name.get(text.casefold())
        if iso is None:
            return _invalid(t("l05_invalid_country", value=str(key)[:40]))
        if iso in given:
            return _invalid(t("l05_invalid_twice", country=names[iso]))
        vote = _normalise_vote(value)
        if vote is None:
            return _invalid(t("l05_invalid_vote", value=str(value)[:40], country=names[iso]))
        given[iso] = vote
    missing = [names[iso] for iso in sorted(names, key=names.get) if iso not in given]
    if missing:
        return _invalid(t("l05_invalid_missing", names=join_list(missing)))

    counts = {v: sum(1 for vote in given.values() if vote == v) for v in VOTES}
    objectors = tuple(sorted(names[iso] for iso, vote in given.items() if vote == "tidak_setuju"))
    yes, no = counts["setuju"], counts["tidak_setuju"]
    if objectors:
        status = "tidak_mufakat"
        explanation = t("l05_explain_tidak_mufakat", names=join_list(objectors))
        key = "l05_majority_win" if yes > no else "l05_majority_tie" if yes == no else "l05_majority_lose"
    elif yes:
        status = "mufakat"
        explanation = t("l05_explain_mufakat")
        if counts["abstain"]:
            explanation += " " + t("l05_explain_abstain", n=counts["abstain"])
        key = "l05_majority_same"
    else:
        status = "tanpa_dukungan"
        explanation = t("l05_explain_tanpa_dukungan")
        key = "l05_majority_none"
    return Outcome(status, counts, objectors, t(f"l05_head_{status}"), explanation,
                   t(key, setuju=yes, tidak_setuju=no))


def consensus_status(votes) -> str:
    """Only the status code of :func:`consensus_outcome` (used by bank derivations)."""
    return consensus_outcome(votes).status


def all_agree() -> dict[str, str]:
    """Every member set to "setuju"."""
    from lessons.core.data import member_names

    return {iso: "setuju" for iso in member_names()}


OUTCOME_COLOURS = {"mufakat": "#009E73", "tidak_mufakat": "#D55E00", "tanpa_dukungan": "#999999",
                   "tidak_valid": "#999999"}


def outcome_html(outcome: Outcome) -> str:
    """The outcome panel of the simulator: headline, tally, explanation, contrast, caveat."""
    colour = OUTCOME_COLOURS[outcome.status]
    parts = [f'<div class="kssa-outcome kssa-{outcome.status}" role="status" aria-live="polite" '
             f'style="border-left:6px solid {colour};padding:4px 10px;margin-top:6px;max-width:52em">',
             f'<div style="font-size:120%"><b>{escape(outcome.headline)}</b></div>']
    if outcome.valid:
        parts.append(f"<div>{escape(outcome.tally())}</div>")
    parts.append(f"<p>{escape(outcome.explanation)}</p>")
    if outcome.majority:
        parts.append(f'<p style="background:#fff8dc;padding:2px 6px"><b>{escape(outcome.majority)}</b></p>')
    parts.append(f'<p style="color:#444;font-size:92%"><i>{escape(t("l05_simplified"))}</i></p></div>')
    return "".join(parts)


def simulator_summary(outcome: Outcome) -> str:
    return t("l05_sim_summary", tally=outcome.tally() or "-", head=outcome.headline) + (
        f" {outcome.majority}" if outcome.majority else "")


class ConsensusSimulator:
    """One set of toggle buttons per member, wired to :func:`consensus_outcome`."""

    def __init__(self, votes: dict | None = None):
        import ipywidgets as widgets

        from lessons.core.data import members

        frame = members()
        start = dict(all_agree())
        start.update({k: v for k, v in (votes or {}).items() if k in start and _normalise_vote(v)})
        options = [(VOTE_LABELS[v][0], v) for v in VOTES]
        self.choices = {}
        rows = []
        for row in frame.itertuples():
            toggle = widgets.ToggleButtons(options=options, value=_normalise_vote(start[row.iso3]),
                                           style={"button_width": "10.5em"}, tooltips=[VOTE_LABELS[v][1] for v in VOTES])
            toggle.observe(lambda _c: self.refresh(), names="value")
            self.choices[row.iso3] = toggle
            label = widgets.HTML(f"<b>{escape(row.name_id)}</b>", layout=widgets.Layout(width="11em", min_width="11em"))
            rows.append(widgets.HBox([label, toggle], layout=widgets.Layout(align_items="center")))
        self.reset = widgets.Button(description=t("l05_sim_all_agree"), icon="undo", layout=widgets.Layout(width="auto"))
        self.reset.on_click(lambda _b: self.set_all("setuju"))
        self.outcome_box = widgets.HTML()
        header = widgets.HTML(f"<h4 style=\"margin:4px 0\">{escape(t('l05_sim_title'))}</h4>"
                              f"<p><b>{escape(t('l05_sim_proposal'))}</b></p><p>{escape(t('l05_sim_instructions'))}</p>")
        self.box = widgets.VBox([header, *rows, widgets.HBox([self.reset]), self.outcome_box],
                                layout=widgets.Layout(border="1px solid #ccc", padding="6px 10px", max_width="56em"))
        self.refresh()

    def votes(self) -> dict[str, str]:
        return {iso: toggle.value for iso, toggle in self.choices.items()}

    def set_all(self, vote: str) -> None:
        for toggle in self.choices.values():
            toggle.value = vote
        self.refresh()

    def outcome(self) -> Outcome:
        return consensus_outcome(self.votes())

    def refresh(self) -> None:
        self.outcome_box.value = outcome_html(self.outcome())

    def summary(self) -> str:
        return simulator_summary(self.outcome())


@friendly
def consensus_simulator(votes: dict | None = None) -> WidgetView:
    """The consensus simulator of lesson 05 (11 members, ASEAN Charter Art. 20)."""
    simulator = ConsensusSimulator(votes)
    return WidgetView(simulator.box, simulator.summary())


__all__ = [
    "structure_frame", "structure_layout", "structure_figure", "structure_alt", "show_structure", "structure_table",
    "cycle_steps", "cycle_figure", "cycle_alt", "show_cycle", "decision_cycle", "Outcome", "consensus_outcome",
    "consensus_status", "consensus_simulator",
]
