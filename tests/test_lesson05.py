"""Lesson 05: the structure diagram and table, the five-step cycle and its
stepper, and the consensus rule (ASEAN Charter, Art. 20) with its simulator."""

from __future__ import annotations

import itertools

import pytest

from lessons.topics import l05_mekanisme as mechanism
from lessons.core.data import DataFileError, load, member_names
from lessons.core.widget_view import WidgetView
from lessons.views.display import Notice
from lessons.text import FIELD_NAMES

from lessons.views.figures import is_panel

from .test_diagrams import OKABE_ITO, _texts_inside_figure

MEMBERS = sorted(member_names())


def votes(**changes) -> dict:
    """All 11 members agree, except the ISO3 codes given."""
    result = {iso: "setuju" for iso in MEMBERS}
    result.update(changes)
    return result


# --------------------------------------------------------------------------
# the structure data and diagram


def test_structure_data_is_a_tree_with_the_secretariat_alongside():
    frame = load("ascc_structure")
    ids = set(frame["id"])
    by_id = frame.set_index("id")
    assert by_id.loc["ktt-asean", "level"] == "ktt"
    assert by_id.loc["ascc-council", "parent"] == "ktt-asean"
    ministers = set(frame.loc[frame["level"] == "menteri", "id"])
    assert {"ahmm", "ammswd", "ased", "ammw"} <= ministers
    assert by_id.loc["somhd", "parent"] == "ahmm" and by_id.loc["somswd", "parent"] == "ammswd"
    assert by_id.loc["som-ed", "parent"] == "ased"
    assert by_id.loc["sekretariat-asean", "level"] == "pendukung"
    order = list(mechanism.ROW_LEVELS)
    for row in frame.itertuples():
        if isinstance(row.parent, str):
            assert row.parent in ids
            assert order.index(by_id.loc[row.parent, "level"]) == order.index(row.level) - 1, row.id
    assert frame["source"].str.strip().ne("").all()
    # the bodies that are also in programmes.csv keep the same id
    programmes = set(load("programmes")["id"])
    linked = frame["programme_id"].dropna()
    assert set(linked) <= programmes and (linked == frame.loc[linked.index, "id"]).all()


def test_a_broken_parent_is_reported_in_indonesian(data_copy):
    path = data_copy / "ascc_structure.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",ahmm,kesehatan,somhd,", ",xyz,kesehatan,somhd,"),
                    encoding="utf-8")
    with pytest.raises(DataFileError, match="kolom \"parent\""):
        load("ascc_structure")
    assert isinstance(mechanism.show_structure(), Notice)


def test_layout_puts_every_parent_above_its_children():
    frame = load("ascc_structure")
    pos = mechanism.structure_layout(frame)
    assert set(pos) == set(frame["id"])
    xs = [pos[i][0] for i in frame["id"] if i != "sekretariat-asean"]
    assert pos["sekretariat-asean"][0] > max(xs)  # drawn alongside, to the right
    for row in frame.itertuples():
        if isinstance(row.parent, str):
            assert pos[row.parent][1] == pos[row.id][1] + 1
    # boxes of one row do not overlap
    for level in mechanism.ROW_LEVELS:
        row_x = sorted(pos[i][0] for i in frame.loc[frame["level"] == level, "id"])
        assert all(b - a >= 1 for a, b in zip(row_x, row_x[1:]))


def test_structure_figure_boxes_arrows_legend_and_labels_fit():
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    frame = load("ascc_structure")
    fig = mechanism.structure_figure()  # two panels as wide as a phone's column: the top, then the ministers' rows
    assert len(fig) == 2 and all(is_panel(panel) for panel in fig)
    (top,), (chains,) = (panel.axes for panel in fig)
    boxes = [p for ax in (top, chains) for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for ax in (top, chains) for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(boxes) == len(frame)
    ministers = int((frame["level"] == "menteri").sum())
    # an arrow from each body to the one under it; the Council's one arrow leads to all the ministers' rows
    assert len(arrows) == frame["parent"].notna().sum() - ministers + 1
    assert len([p for p in chains.patches if isinstance(p, FancyBboxPatch)]) == ministers + int(
        frame["level"].isin(["pejabat_senior", "kelompok_kerja"]).sum())
    texts = " ".join(t.get_text() for ax in (top, chains) for t in ax.texts)
    for acronym in frame["acronym"]:
        assert acronym.split()[0] in texts
    dotted = [line for line in top.get_lines() if line.get_linestyle() == ":"]
    assert len(dotted) == int(frame["level"].isin(["ktt", "dewan"]).sum())  # the Secretariat beside the top levels
    assert "semua" in texts  # … and it says it supports every level
    entries = [t.get_text().replace("\n", " ") for t in top.get_legend().get_texts()]
    for field in set(frame["field"]) - {"tata_kelola"}:
        assert FIELD_NAMES[field] in entries
    colours = {mechanism.FIELD_COLOURS[f] for f in set(frame["field"]) - {"tata_kelola"}}
    assert colours <= OKABE_ITO
    for panel in fig:
        assert _texts_inside_figure(panel) == []
        assert panel.get_figheight() * 120 <= 720  # one lab screen tall at its stored size


def test_structure_alt_is_computed_from_the_data():
    alt = mechanism.structure_alt()
    for acronym in ("KTT ASEAN", "AHMM", "AMMSWD", "ASED", "AMMW", "SOMHD", "SOM-ED", "Sekretariat ASEAN"):
        assert acronym in alt
    assert "Jakarta" in alt and "SOMHD di bawah AHMM" in alt


def test_structure_table_filters_by_level():
    view = mechanism.structure_table(level="pejabat_senior")
    assert isinstance(view, WidgetView)
    n = int((load("ascc_structure")["level"] == "pejabat_senior").sum())
    assert f"menampilkan {n} dari 16 baris" in view.summary
    all_rows = mechanism.structure_table()
    assert "SOMHD" in all_rows.widget.children[2].value
    assert "AHMM" in all_rows.widget.children[2].value  # "Melapor kepada" column


# --------------------------------------------------------------------------
# the five-step cycle


def test_cycle_has_the_articles_five_steps_and_says_it_is_not_official():
    names = [s["name"] for s in mechanism.cycle_steps()]
    assert names == ["Identifikasi isu", "Diskusi dan konsultasi", "Perumusan kebijakan", "Pelaksanaan",
                     "Pemantauan dan evaluasi"]
    fig = mechanism.cycle_figure()
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "UMUM" in texts and "bukan prosedur" in texts
    assert "bukan prosedur resmi ASEAN" in mechanism.cycle_alt()
    assert "bukan prosedur resmi ASEAN" in mechanism.cycle_summary(1)


@pytest.mark.parametrize("step", [None, 1, 3, 5])
def test_cycle_figure_highlights_one_step(step):
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    fig = mechanism.cycle_figure(step)
    ax = fig.axes[0]
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == 5
    assert len([p for p in ax.patches if isinstance(p, FancyArrowPatch)]) == 5  # a closed cycle
    thick = [i + 1 for i, b in enumerate(boxes) if b.get_linewidth() > 2]
    assert thick == ([step] if step else [])
    bold = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]
    assert len(bold) == (1 if step else 0) and (not step or bold[0].startswith("▶"))
    if step:
        assert f"Langkah {step}" in mechanism.cycle_alt(step)
    assert _texts_inside_figure(fig) == []


@pytest.mark.parametrize("bad", [0, 6, "2", 2.0, True])
def test_cycle_rejects_bad_steps_with_an_indonesian_message(bad):
    with pytest.raises(ValueError, match="Pilih nomor 1 sampai 5"):
        mechanism.cycle_figure(bad)
    assert isinstance(mechanism.decision_cycle(bad), Notice)


def test_stepper_buttons_move_round_the_cycle():
    stepper = mechanism.CycleStepper()
    first_image = stepper.image.value
    assert "Identifikasi isu" in stepper.text.value and "2004" in stepper.text.value
    stepper.next.click()
    assert stepper.step == 2 and stepper.image.value != first_image
    assert "Langkah 2 dari 5" in stepper.position.value
    stepper.next.click()
    assert "ACTIP" in stepper.text.value and "21 November 2015" in stepper.text.value
    stepper.prev.click()
    stepper.prev.click()
    stepper.prev.click()  # from step 1 back to step 5
    assert stepper.step == 5 and "Pemantauan dan evaluasi" in stepper.summary()
    stepper.next.click()
    assert stepper.step == 1
    view = mechanism.decision_cycle(4)
    assert view.summary.startswith("Siklus kebijakan umum") and "langkah 4 dari 5: Pelaksanaan" in view.summary


# --------------------------------------------------------------------------
# consensus (Charter Art. 20)


def test_all_agree_is_consensus():
    outcome = mechanism.consensus_outcome(votes())
    assert outcome.status == "mufakat" and outcome.reached and outcome.objectors == ()
    assert outcome.counts == {"setuju": 11, "tidak_setuju": 0, "abstain": 0}
    assert "Mufakat tercapai" in outcome.headline
    assert "Pasal 20" in outcome.explanation


def test_one_objection_blocks_consensus_even_with_a_majority():
    outcome = mechanism.consensus_outcome(votes(MMR="tidak setuju"))
    assert outcome.status == "tidak_mufakat" and not outcome.reached
    assert outcome.objectors == ("Myanmar",)
    assert outcome.counts == {"setuju": 10, "tidak_setuju": 1, "abstain": 0}
    assert outcome.majority == ("10 setuju, 1 tidak setuju: dalam pemungutan suara mayoritas usulan ini menang, "
                                "tetapi menurut Piagam ASEAN belum ada mufakat.")
    assert "ditunda" in outcome.explanation and "KTT ASEAN" in outcome.explanation and "ayat 2" in outcome.explanation


def test_abstaining_does_not_block_but_is_explained():
    outcome = mechanism.consensus_outcome(votes(LAO="abstain", TLS="abstain"))
    assert outcome.status == "mufakat"
    assert "2 negara abstain" in outcome.explanation


def test_all_abstain_means_nothing_to_agree_on():
    outcome = mechanism.consensus_outcome({iso: "abstain" for iso in MEMBERS})
    assert outcome.status == "tanpa_dukungan" and not outcome.reached
    assert outcome.counts["abstain"] == 11


def test_majority_against_and_tie_are_worded_honestly():
    against = {iso: ("setuju" if i < 3 else "tidak setuju") for i, iso in enumerate(MEMBERS)}
    assert "kalah dalam pemungutan suara mayoritas" in mechanism.consensus_outcome(against).majority
    tie = {iso: ("setuju" if i < 5 else "tidak setuju" if i < 10 else "abstain") for i, iso in enumerate(MEMBERS)}
    assert "seimbang" in mechanism.consensus_outcome(tie).majority


def test_every_combination_follows_the_rule():
    """Exhaustive over three groups of members (3^3 patterns, each group uniform)."""
    groups = [MEMBERS[:4], MEMBERS[4:8], MEMBERS[8:]]
    for pattern in itertools.product(mechanism.VOTES, repeat=3):
        given = {iso: vote for group, vote in zip(groups, pattern) for iso in group}
        outcome = mechanism.consensus_outcome(given)
        if "tidak_setuju" in pattern:
            expected = "tidak_mufakat"
        elif "setuju" in pattern:
            expected = "mufakat"
        else:
            expected = "tanpa_dukungan"
        assert outcome.status == expected, pattern
        assert sum(outcome.counts.values()) == 11


def test_votes_may_use_names_and_loose_spelling():
    given = {member_names()[iso]: "Setuju" for iso in MEMBERS}
    given["Vietnam"] = " Tidak_Setuju "
    outcome = mechanism.consensus_outcome(given)
    assert outcome.status == "tidak_mufakat" and outcome.objectors == ("Vietnam",)


@pytest.mark.parametrize("bad, message", [
    (votes(IDN="ya"), 'Sikap "ya" untuk Indonesia tidak dikenal'),
    (votes(IDN=1), 'Sikap "1" untuk Indonesia tidak dikenal'),
    (votes(IDN=None), "Pilih salah satu: setuju, tidak setuju, atau abstain"),
    ({**votes(), "JPN": "setuju"}, '"JPN" bukan negara anggota ASEAN'),
    ({"IDN": "setuju"}, "Belum semua negara anggota memberi sikap"),
    ({**votes(), "Indonesia": "setuju"}, "Indonesia memberi sikap lebih dari sekali"),
    (["setuju"] * 11, "bukan daftar"),
    (None, "bukan kosong"),
])
def test_invalid_votes_give_a_clear_indonesian_message(bad, message):
    outcome = mechanism.consensus_outcome(bad)
    assert outcome.status == "tidak_valid" and not outcome.valid
    assert message in outcome.explanation
    assert outcome.headline.startswith("⚠")


def test_simulator_outcome_changes_when_one_member_objects():
    sim = mechanism.ConsensusSimulator()
    assert len(sim.choices) == 11
    before = sim.outcome_box.value
    assert "Mufakat tercapai" in before and "disederhanakan" in before
    sim.choices["PHL"].value = "tidak_setuju"
    after = sim.outcome_box.value
    assert after != before and "Belum ada mufakat" in after and "Filipina" in after
    assert "10 setuju, 1 tidak setuju" in after
    assert "Belum ada mufakat" in sim.summary()
    sim.reset.click()
    assert "Mufakat tercapai" in sim.outcome_box.value


def test_simulator_view_summary_and_initial_votes():
    view = mechanism.consensus_simulator({"SGP": "abstain", "XXX": "setuju", "IDN": "ya"})
    assert isinstance(view, WidgetView)
    assert view.summary.startswith("Simulasi mufakat (disederhanakan)")
    assert "10 setuju · 0 tidak setuju · 1 abstain" in view.summary


def test_bank_data_question_uses_the_pure_rule():
    from lessons.topics.derivations import derive
    from lessons.engine.bank import load_bank

    ex = load_bank("05")["05-07"]
    assert ex.teacher["derivation"]["function"] == "consensus_status"
    assert derive(ex.teacher["derivation"]) == "tidak_mufakat"


# --------------------------------------------------------------------------
# drugs (narkoba) and Indonesia's ratification of ACTIP (issue 12)


def _bank(lesson: str) -> dict:
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parents[1] / "data" / "exercises" / f"{lesson}.yml"
    return {ex["id"]: ex for ex in yaml.safe_load(path.read_text(encoding="utf-8"))["exercises"]}


def test_drug_bodies_sit_outside_the_socio_cultural_structure():
    """AMMD and ASOD are political-security bodies: sourced rows, and not drawn in the ASCC chart."""
    programmes = load("programmes").set_index("id")
    for body in ("ammd", "asod"):
        row = programmes.loc[body]
        assert row["kind"] == "pertemuan"
        assert row["source_url"].startswith("http")
    assert "politik-keamanan" in programmes.loc["ammd", "description_id"]
    assert "AMMD" in programmes.loc["asod", "description_id"]  # ASOD reports to the ministers
    structure = load("ascc_structure")
    assert not {"ammd", "asod"} & (set(structure["id"]) | set(structure["programme_id"].dropna()))
    import re

    assert not re.search(r"\b(AMMD|ASOD)\b", mechanism.structure_alt())  # AMMDM (disasters) is a different body


def test_drug_bodies_show_in_the_table_the_lesson_opens():
    from lessons.topics import l04_budaya as culture

    view = culture.culture_table(field="tata_kelola", query="narkoba")
    rows, _ = culture.culture_explorer(field="tata_kelola", query="narkoba").view()
    assert set(rows["id"]) == {"ammd", "asod"}
    assert "menampilkan 2 dari" in view.summary


def test_indonesia_ratified_actip_by_law_12_of_2017_and_the_key_says_so():
    edges = load("network_edges")
    row = edges[(edges["member_iso3"] == "IDN") & (edges["programme_id"] == "actip")]
    assert len(row) == 1
    text = row["description_id"].iloc[0]
    assert "Undang-Undang Nomor 12 Tahun 2017" in text
    exercise = _bank("05")["05-12"]
    assert exercise["accepted"][0] == "Nomor 12 Tahun 2017" and "Nomor 12 Tahun 2017" in text
    assert "12" not in exercise["question"]  # the question does not give the answer away
    # every ratifying member is linked to ACTIP in the network, Indonesia included
    assert "IDN" in set(edges.loc[edges["programme_id"] == "actip", "member_iso3"])


def test_new_lesson05_items_follow_the_house_rules():
    bank = _bank("05")
    drugs, ratification, classroom = bank["05-10"], bank["05-12"], bank["05-13"]
    assert drugs["form"] == "pilihan_ganda" and drugs["key"] in drugs["options"]
    assert "politik-keamanan" in drugs["options"][drugs["key"]]
    assert ratification["form"] == "isian"
    assert classroom["form"] == "pilihan_ganda"
    assert "mayoritas" in classroom["feedback"]["B"]  # the majority-vote distractor is named as such
    for ex in (drugs, bank["05-11"], ratification, classroom):
        assert "berapa" not in ex["hint"].lower()  # a hint never tells how many options are right
