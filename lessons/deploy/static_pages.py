"""Pages without code, served without a kernel (Beranda, on the class server and in ``mulai``).

Voilà starts a kernel for every page it renders, even for a notebook that is
text only. Beranda is the first page every student opens after logging in,
so on the class server a whole class starts one kernel each in the same
minute for a page with nothing to run (about 2 s of processor time each on
the machine's few cores). :func:`install` wraps Voilà's page handler: a
notebook with no code cell is answered with its text converted to HTML
(nbconvert's own Markdown converter, the same one Voilà's template uses),
in a light Indonesian page; every link works as in Voilà's page (the address
is the same, so relative links lead to ``voila/render/…`` of the lessons).
Notebooks with code go to Voilà unchanged. Rendered pages are kept per file
and its modification time.
"""

from __future__ import annotations

import html
import os

_CACHE: dict[tuple[str, int], str] = {}

STYLE = """
body {margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #222;
  background: #fff; line-height: 1.5; font-size: 16px}
main {max-width: 60em; margin: 0 auto; padding: 8px 20px 40px}
h1 {font-size: 32px; font-weight: 400; margin: 24px 0 20px; line-height: 1.2} h2 {font-size: 26px; font-weight: 400; margin: 28px 0 14px}
a {color: #0b4fa3; text-decoration: none} a:hover, a:focus {text-decoration: underline}
li {margin: 4px 0} li a {padding: 2px 0}
a.anchor-link {display: none}
@media (max-width: 600px) {h1 {font-size: 28px} main {padding: 4px 16px 32px} li {margin: 10px 0}}
"""


def has_code(notebook) -> bool:
    return any(cell.get("cell_type") == "code" and "".join(cell.get("source", "")).strip()
               for cell in notebook.get("cells", []))


def render(notebook, title: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    body = "\n".join(markdown2html_mistune("".join(cell["source"]) if isinstance(cell["source"], list)
                                           else cell["source"])
                     for cell in notebook["cells"] if cell.get("cell_type") == "markdown")
    return (f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            f'<link rel="icon" href="data:;base64,="><style>{STYLE}</style></head>'
            f'<body><main class="kssa-static">{body}</main></body></html>')


def page_for(path: str, root: str) -> str | None:
    """The rendered page of notebook ``path`` (relative to ``root``), or None when it has code or cannot be read."""
    import nbformat

    full = os.path.join(root, path)
    try:
        key = (full, os.stat(full).st_mtime_ns)
    except OSError:
        return None
    if key not in _CACHE:
        try:
            notebook = nbformat.read(full, as_version=4)
        except Exception:  # noqa: BLE001 - Voilà then shows its own (Indonesian) error page
            return None
        if has_code(notebook):
            _CACHE[key] = ""
        else:
            from lessons.deploy.voila_settings import template_text

            _CACHE[key] = render(notebook, template_text()["page_title"])
    return _CACHE[key] or None


def install() -> bool:
    """Wrap Voilà's page handler (``TornadoVoilaHandler.get``) once; True when done now."""
    from tornado import web
    from voila.tornado.handler import TornadoVoilaHandler

    if getattr(TornadoVoilaHandler.get, "_kssa", False):
        return False
    original = TornadoVoilaHandler.get

    @web.authenticated
    async def get(self, path=None):
        # the folder page addresses are relative to: the contents root (standalone Voilà's settings say "/")
        root = os.path.realpath(getattr(self.contents_manager, "root_dir", "") or self.settings.get("server_root_dir"))
        full = os.path.realpath(os.path.join(root, path or ""))
        page = None
        if path and path.endswith(".ipynb") and full.startswith(root + os.sep):
            page = page_for(os.path.relpath(full, root), root)
        if page is None:
            return await original(self, path)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(page)

    get._kssa = True
    TornadoVoilaHandler.get = get
    return True
