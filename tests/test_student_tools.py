"""The student's way in: links (Binder, nbgitpuller), the answer sheet's
download and upload, layout CSS, and feedback polish."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from lessons.engine.answer_sheet import AnswerSheet
from lessons.engine.bank import find_exercise
from lessons.engine.checking import check
from lessons.engine.forms.base import without_head
from lessons.engine.forms.data_angka import without_unit
from lessons.teacher import links
from lessons.teacher.cli import main
from lessons.views import sheet_tools
from lessons.views.exercise_widget import ExerciseWidget, live_widgets
from lessons.views.style import PAGE_CSS

from .conftest import ROOT

# --------------------------------------------------------------------------
# links


def test_binder_links_have_the_documented_shapes():
    repo = links.repository("https://github.com/sekolah/ksa-8a.git")
    assert (repo.url, repo.binder_spec, repo.name) == ("https://github.com/sekolah/ksa-8a", "gh/sekolah/ksa-8a", "ksa-8a")
    voila = urlparse(links.binder_voila(repo))
    assert (voila.scheme, voila.netloc, voila.path) == ("https", "mybinder.org", "/v2/gh/sekolah/ksa-8a/main")
    assert parse_qs(voila.query)["urlpath"] == ["voila/render/notebooks/beranda.ipynb"]
    lab = urlparse(links.binder_lab(repo, "notebooks/00-pengantar.ipynb"))
    assert parse_qs(lab.query)["urlpath"] == ["lab/tree/notebooks/00-pengantar.ipynb"]
    assert links.repository("sekolah/ksa-8a", "rilis").binder_spec == "gh/sekolah/ksa-8a"


def test_any_https_git_host_and_nbgitpuller():
    repo = links.repository("https://gitlab.com/guru/ksa.git", "rilis-1")
    assert repo.binder_spec == "git/" + "https%3A%2F%2Fgitlab.com%2Fguru%2Fksa"
    url = urlparse(links.nbgitpuller(repo, "https://hub.sekolah.sch.id/"))
    assert url.path == "/hub/user-redirect/git-pull"
    query = parse_qs(url.query)
    assert query == {"repo": ["https://gitlab.com/guru/ksa"], "branch": ["rilis-1"],
                     "urlpath": ["voila/render/ksa/notebooks/beranda.ipynb"]}


@pytest.mark.parametrize("bad", ["", "bukan alamat", "ftp://x.org/a", "https://github.com/a"])
def test_bad_addresses_are_one_sentence(bad, capsys):
    assert main(["tautan", "--repo", bad]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_prints_every_link(capsys):
    assert main(["tautan", "--repo", "sekolah/ksa", "--cabang", "rilis", "--hub", "https://hub.sch.id"]) == 0
    out = capsys.readouterr().out
    assert "mybinder.org/v2/gh/sekolah/ksa/rilis?urlpath=voila%2Frender%2Fnotebooks%2Fberanda.ipynb" in out
    assert "urlpath=lab%2Ftree%2Fnotebooks%2Fberanda.ipynb" in out
    assert "https://hub.sch.id/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fsekolah%2Fksa" in out


def test_readme_badge_comes_from_the_links_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badge = readme.splitlines()[2]
    target = re.search(r"\]\((https://mybinder\.org/[^)]*)\)$", badge).group(1)
    if target == "https://mybinder.org/":  # no public address yet: the shapes above are what is checked
        return
    spec = re.match(r"https://mybinder\.org/v2/gh/([^/]+/[^/]+)/([^?]+)", target)
    assert badge == links.badge_markdown(links.repository(spec.group(1), unquote(spec.group(2))))


def test_readme_student_commands_run_in_bash_and_powershell():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Memulai kursus"):readme.index("## Untuk guru")]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    assert any("python -m lessons mulai" in b for b in blocks)
    for block in blocks:
        assert "&&" not in block and "\\\n" not in block


def test_home_notebook_links_every_lesson():
    import nbformat

    home = nbformat.read(ROOT / "notebooks" / "beranda.ipynb", as_version=4)
    text = "\n".join(c.source for c in home.cells if c.cell_type == "markdown")
    lessons = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", text)
    assert [link for link in links if re.match(r"\d\d-", link)] == lessons
    assert links[-1] == "glosarium.ipynb"  # after the lessons: the glossary page


# --------------------------------------------------------------------------
# the answer sheet: download and upload


def _sheet_bytes(lesson, answers, **extra):
    doc = {"format": "kssa-lembar-jawaban", "id_scheme": 2, "version": 1, "lesson": lesson, "answers": answers, **extra}
    return json.dumps(doc).encode("utf-8")


def test_download_link_holds_the_sheet(tmp_path):
    sheet = AnswerSheet("01", tmp_path / "jawaban-01.json")
    assert "Belum ada jawaban" in sheet_tools.download_html(sheet)
    sheet.save("01-03", "B")
    html = sheet_tools.download_html(sheet)
    assert 'download="jawaban-01.json"' in html
    data = re.search(r'href="data:application/json;base64,([^"]+)"', html).group(1)
    assert json.loads(base64.b64decode(data))["answers"]["01-03"]["answer"] == "B"


def test_upload_merges_and_never_loses_a_newer_answer(tmp_path):
    tools = sheet_tools.SheetTools("01", AnswerSheet("01", tmp_path / "jawaban-01.json"))
    tools.sheet.save("01-01", "mine")  # saved now: newer than the upload
    upload = _sheet_bytes("01", {
        "01-03": {"answer": "B", "saved_at": "2026-01-01T10:00:00", "checked": True},
        "01-01": {"answer": "old", "saved_at": "2026-01-01T10:00:00"},
        "02-01": {"answer": "A", "saved_at": "2026-01-01T10:00:00"},  # another lesson's id: ignored
    })
    ok, message = tools.receive(upload, "jawaban-01.json")
    assert ok and "1 jawaban dipulihkan" in message and "1 jawaban di sini lebih baru" in message
    answers = tools.sheet.read()["answers"]
    assert answers["01-03"]["answer"] == "B" and answers["01-03"]["checked"] is True
    assert answers["01-01"]["answer"] == "mine" and "02-01" not in answers


def test_upload_keeps_the_attempt_record_and_the_answers_own_time(tmp_path):
    """Binder routine: download at the end, upload into a fresh copy next time.
    The attempt record survives (issue 21): 2 attempts, first answer D."""
    earlier = {"answer": "B", "saved_at": "2026-11-20T10:05:00", "checked": True, "attempts": 2,
               "first_answer": "D", "first_at": "2026-11-20T10:01:00"}
    fresh = sheet_tools.SheetTools("00", AnswerSheet("00", tmp_path / "baru" / "jawaban-00.json"))
    ok, _message = fresh.receive(_sheet_bytes("00", {"00-01": earlier}), "jawaban-00.json")
    entry = fresh.sheet.read()["answers"]["00-01"]
    assert ok and entry == earlier  # nothing reset, saved_at is the answer's own time, not the upload's
    # a session that went on meanwhile (one more press, another first answer later): merged, never reset
    here = AnswerSheet("00", tmp_path / "lanjut" / "jawaban-00.json")
    here.save("00-01", "A", checked=True)  # now: newer answer, 1 attempt, first answer A (later than D)
    tools = sheet_tools.SheetTools("00", here)
    tools.receive(_sheet_bytes("00", {"00-01": earlier}), "jawaban-00.json")
    entry = here.read()["answers"]["00-01"]
    assert (entry["answer"], entry["attempts"], entry["first_answer"], entry["first_at"]) == ("A", 2, "D", "2026-11-20T10:01:00")
    assert entry["saved_at"] > earlier["saved_at"]
    # uploading an older sheet with fewer presses never lowers the count
    older = {"answer": "C", "saved_at": "2026-11-19T09:00:00", "attempts": 1, "first_answer": "C",
             "first_at": "2026-11-19T09:00:00"}
    tools.receive(_sheet_bytes("00", {"00-01": older}), "jawaban-00.json")
    entry = here.read()["answers"]["00-01"]
    assert (entry["answer"], entry["attempts"], entry["first_answer"]) == ("A", 2, "C")  # C came first of all


def test_merge_entries_without_times():
    from lessons.engine.answer_sheet import merge_entries

    merged, took = merge_entries({"answer": "A", "attempts": 3, "first_answer": "B"}, {"answer": "C"})
    assert not took and merged == {"answer": "A", "attempts": 3, "first_answer": "B"}
    merged, took = merge_entries({"answer": "A"}, {"answer": "C", "saved_at": "2026-01-01T00:00:00", "attempts": 4,
                                                   "first_answer": "D"})
    assert took and merged == {"answer": "C", "saved_at": "2026-01-01T00:00:00", "attempts": 4, "first_answer": "D"}


@pytest.mark.parametrize("content, words", [
    (b"\xff\xfe not json", "bukan lembar jawaban"),
    (b'{"hello": 1}', "bukan lembar jawaban kursus ini"),
    (_sheet_bytes("02", {}), "pelajaran 02, bukan pelajaran 01"),
    (b" " * (sheet_tools.MAX_UPLOAD_BYTES + 1), "terlalu besar"),
])
def test_bad_uploads_change_nothing(tmp_path, content, words):
    tools = sheet_tools.SheetTools("01", AnswerSheet("01", tmp_path / "jawaban-01.json"))
    tools.sheet.save("01-03", "C")
    before = tools.sheet.path.read_bytes()
    ok, message = tools.receive(content, "x.json")
    assert not ok and words in message and "Tidak ada jawaban yang diubah" in message
    assert tools.sheet.path.read_bytes() == before


def test_upload_widget_restores_shown_exercises(tmp_path, monkeypatch):
    monkeypatch.setenv("KSSA_ANSWER_DIR", str(tmp_path))
    widget = ExerciseWidget(find_exercise("01-03"))
    shown = ["S", "B", "S"]  # what the benar-salah controls of 01-03 hold
    assert widget in live_widgets("01") and widget.answer() != shown
    tools = sheet_tools.SheetTools("01")
    content = _sheet_bytes("01", {"01-03": {"answer": shown, "saved_at": "2026-01-01T10:00:00"}})
    tools.upload.value = ({"name": "jawaban-01.json", "type": "application/json", "size": len(content),
                           "content": memoryview(content), "last_modified": __import__("datetime").datetime(2026, 1, 1)},)
    assert "1 jawaban dipulihkan" in tools.message.value
    assert widget.answer() == shown
    assert tools.upload.value == ()


def _an_answer(exercise_id):
    from lessons.engine.forms import form_of

    ex = find_exercise(exercise_id) if isinstance(exercise_id, str) else exercise_id
    return form_of(ex).key_answer(ex)


def test_answer_sheet_view_summary():
    from lessons.views.sheet_tools import answer_sheet

    view = answer_sheet("01")
    assert view._repr_mimebundle_()["text/plain"].startswith("Lembar jawaban pelajaran 01")


# --------------------------------------------------------------------------
# layout and feedback


def test_exercises_carry_the_page_css(tmp_path):
    widget = ExerciseWidget(find_exercise("01-02"), AnswerSheet("01", tmp_path / "j.json"))
    assert "kssa-exercise" in widget.box._dom_classes
    assert PAGE_CSS in widget.box.children[0].value
    assert "white-space:normal" in PAGE_CSS and "min-height:44px" in PAGE_CSS


def test_tables_never_break_inside_words_or_numbers():
    import pandas as pd

    from lessons.views.tables import TABLE_CSS, render_html

    assert "anywhere" not in TABLE_CSS and "break-word" not in TABLE_CSS
    html = render_html(pd.DataFrame({"a": ["Indonesia"], "b": ["111,7"]}), {"a": "Negara", "b": "Nilai"})
    assert '<td data-label="Nilai" class="kssa-num">111,7</td>' in html


def test_a_second_check_visibly_responds(tmp_path):
    widget = ExerciseWidget(find_exercise("01-02"), AnswerSheet("01", tmp_path / "j.json"))
    widget.submit()
    first = widget.feedback.value
    widget.submit()
    assert widget.feedback.value != first and "Diperiksa lagi" in widget.feedback.value


def test_feedback_never_repeats_its_header():
    assert without_head("Belum tepat. Baca lagi.", "✘ Belum tepat.") == "Baca lagi."
    assert without_head("Baca lagi.", "✘ Belum tepat.") == "Baca lagi."
    from lessons.engine.bank import load_bank

    for lesson in ("00", "01", "02", "03", "04", "05", "06"):
        for ex in load_bank(lesson).exercises:
            for answer in ([], "zzz", _an_answer(ex)):
                lines = check(ex, answer).message.split("\n")
                head = lines[0].lstrip("✔✘◐⚠✎ ")
                assert not any(line.startswith(head) for line in lines[1:]), (ex.id, lines)


@pytest.mark.parametrize("typed, unit, read", [
    ("58 tahun", "tahun", "58"), ("58tahun", "tahun", "58"), ("58 Tahun", "tahun", "58"),
    ("12 lembaga", "lembaga atau program", "12"), ("1.234,5 tahun", "tahun", "1.234,5"),
    ("58 meter", "tahun", "58 meter"), ("tahun", "tahun", "tahun"), ("58", "", "58"),
])
def test_the_unit_beside_the_box_may_be_typed(typed, unit, read):
    assert without_unit(typed, unit) == read


def test_58_tahun_is_accepted():
    ex = find_exercise("00-03")
    assert check(ex, f"{ex.teacher['key']} tahun").status == "benar"
    assert check(ex, "58 meter").status == "tidak_valid"


def test_results_caption_writes_percent_the_indonesian_way():
    import pandas as pd

    from lessons.topics.l06_evaluasi import results_alt

    frame = pd.DataFrame({"lesson": ["01", "01", "01"], "level": ["C1", "C2", "C2"], "exercise_id": ["a", "b", "c"],
                          "answered": [1, 1, 1], "score": [1.0, 0.0, 0.94], "points": [1.0, 1.0, 1.0],
                          "needs_review": [0, 0, 0]})
    alt = results_alt(frame)
    assert "64,7%" in alt and "64.7" not in alt


def test_network_shows_one_field_at_a_time_and_sits_beside_its_controls():
    from lessons.views.diagrams import NetworkExplorer

    explorer = NetworkExplorer()
    field = next(iter(explorer.field_boxes))
    before = explorer.image.value
    explorer.only.value = field
    assert explorer.selected_fields() == [field] and explorer.image.value != before
    explorer.only.value = ""
    assert explorer.selected_fields() == list(explorer.field_boxes)
    assert explorer.box.layout.flex_flow == "row wrap" and "kssa-figure" in explorer.image._dom_classes
    assert "kssa-busy" not in explorer.image._dom_classes


def test_busy_marks_a_widget_only_while_it_redraws():
    import ipywidgets as widgets

    from lessons.views.display import busy

    image = widgets.Image()
    with busy(image):
        assert "kssa-busy" in image._dom_classes
    assert "kssa-busy" not in image._dom_classes
