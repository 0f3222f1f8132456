"""Step 5, Unduh: the gradebook, the feedback pages as one zip, the item
analysis and the kisi-kisi, as links that download in JupyterLab and Voilà
alike (data URIs, offline); and the zips they are made of."""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import os
import zipfile
from pathlib import Path, PurePosixPath

from lessons.core.formatting import number
from lessons.core.widget_view import WidgetView
from lessons.teacher.desk.common import assignment_label, guarded, waiting_line
from lessons.text import t

def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip (in memory) of ``files`` (name in the zip -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


def folder_files(folder: Path, prefix: str = "") -> dict[str, bytes]:
    """Every regular file under ``folder`` (no links), by its path inside a zip."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not Path(dirpath, d).is_symlink())
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file() or name.endswith((".pyc", ".pyo")):
                continue
            out[str(PurePosixPath(prefix, *path.relative_to(folder).parts))] = path.read_bytes()
    return out


MIME = {".zip": "application/zip", ".csv": "text/csv", ".html": "text/html",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download_link(data: bytes, filename: str, label: str) -> str:
    """An HTML link that downloads ``data`` as ``filename`` (a data URI: works in JupyterLab and Voilà, offline)."""
    mime = MIME.get(os.path.splitext(filename)[1].lower(), "application/octet-stream")
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:{mime};base64,{encoded}" '
            f'style="display:inline-block;margin:3px 0;padding:4px 10px;border:1px solid #0072B2;border-radius:4px;'
            f'text-decoration:none">⬇ {html.escape(label)}</a> <small>({html.escape(filename)}, '
            f'{number(max(1, len(data) / 1024))} KB)</small>')



def download_widget(desk):
    import ipywidgets as w

    button = w.Button(description=t("desk_download_button"), button_style="primary", icon="download")
    links = w.HTML()

    def act():
        items = desk.downloads()
        stamp = _dt.datetime.now().strftime("%H.%M")
        links.value = (f"<p><small>{html.escape(t('desk_downloads_of', time=stamp, assignment=assignment_label(desk.assignment_path)))}</small></p>"
                       + "".join(f"<div>{download_link(data, name, label)}</div>" for label, name, data in items))

    def follow():  # links already shown hold the old scores: make them anew from the new results
        if links.value and desk.run is not None:
            guarded(links, act)()

    button.on_click(guarded(links, act))
    desk.listeners["graded"].append(follow)
    waiting = waiting_line(desk, "download")
    box = w.VBox([waiting, w.HTML(f"<p>{html.escape(t('desk_download_help'))}</p>"),
                  button, links])
    box.button, box.links = button, links
    box.waiting = waiting
    box.add_class("kssa-desk-download")  # one class per step: pages, styles and tests find it
    return WidgetView(box, t("desk_summary_download"))

