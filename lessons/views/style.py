"""One style sheet for every lesson page, in JupyterLab, Notebook 7 and Voilà.

ipywidgets draws choice labels one line high (a long option then runs over
the next one, and tick-box labels are cut with "…"), gives widgets fixed
widths that do not fit a phone, and makes buttons smaller than a finger.
Pictures are never wider than their box; a figure widget's own ``max_width``
(about its PNG's width) is kept, so a lab screen does not blow a small
figure up past the height of the screen.
:data:`PAGE_CSS` fixes that. It travels inside the value of the HTML widgets
the lessons already show (every exercise, every table), so it works wherever
the widgets render, needs no extension and no change to the notebooks, and a
page with several copies of it behaves exactly like a page with one.
"""

from __future__ import annotations

from lessons.text import t

#: the width (px) under which a page is laid out for a phone
NARROW = 600


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (for ``content:``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

PAGE_CSS = f"""<style>
.kssa-exercise .widget-radio-box label {{display:flex !important;gap:6px;white-space:normal !important;height:auto !important;
  min-height:26px;line-height:1.4 !important;align-items:flex-start !important;overflow:visible !important;padding:2px 0}}
.kssa-exercise .widget-radio-box label input {{order:-1;float:none !important;flex:none;height:auto !important;margin:3px 0 0 1px !important}}
.kssa-exercise .widget-radio, .kssa-exercise .widget-radio-box {{height:auto !important;max-width:100%}}
.kssa-exercise .widget-checkbox {{height:auto !important;max-width:100% !important}}
.kssa-exercise .widget-checkbox label.widget-label-basic {{display:flex !important;gap:6px;white-space:normal !important;height:auto !important;
  min-height:28px;align-items:flex-start !important;overflow:visible !important;line-height:1.4 !important}}
.kssa-exercise .widget-checkbox label.widget-label-basic span {{white-space:normal !important;overflow:visible !important;
  text-overflow:clip !important}}
.kssa-exercise .widget-checkbox label.widget-label-basic input {{flex:none;margin-top:3px}}
.kssa-exercise .widget-html-content {{white-space:normal;line-height:1.45 !important}}
.kssa-exercise .widget-dropdown {{max-width:100%;height:auto !important}}
.kssa-exercise .widget-dropdown select {{max-width:100%;height:auto !important;min-height:var(--jp-widgets-inline-height,28px);
  box-sizing:border-box;padding:4px 28px 4px 8px;line-height:1.35;border:1px solid #767676 !important;border-radius:3px;
  white-space:normal;text-overflow:clip}}
@supports (appearance: base-select) {{
  .kssa-exercise .widget-dropdown select {{appearance:base-select;display:flex;align-items:center;background-image:none !important}}
  .kssa-exercise .widget-dropdown select::picker(select) {{appearance:base-select;max-width:calc(100vw - 16px)}}
  .kssa-exercise .widget-dropdown select option {{white-space:normal;line-height:1.35;padding:6px 8px}}
  .kssa-exercise .widget-dropdown select::picker-icon {{margin-left:auto;padding-left:6px}}
}}
.kssa-exercise textarea {{font-family:var(--jp-content-font-family,system-ui,sans-serif) !important;font-size:15px !important;
  line-height:1.45;field-sizing:content;min-height:6.5em;max-height:none;resize:vertical;box-sizing:border-box}}
.kssa-exercise .widget-textarea {{height:auto !important;width:100%}}
.widget-checkbox {{height:auto !important;max-width:100%}}
.widget-checkbox label.widget-label-basic, .widget-checkbox label.widget-label-basic span {{white-space:normal !important;
  overflow:visible !important;text-overflow:clip !important;height:auto !important;line-height:1.4 !important}}
.jp-RenderedHTMLCommon a, .jp-RenderedHTMLCommon li, .jp-RenderedHTMLCommon p {{overflow-wrap:anywhere}}
a.kssa-download, a.kssa-download span {{color:#fff !important;text-decoration:none !important}}
.kssa-sheet-tools .widget-upload {{font-size:0 !important;width:auto !important}}
.kssa-sheet-tools .widget-upload::after {{content:{_css_string("⬆ " + t("sheet_upload"))};font-size:var(--jp-widgets-font-size,13px)}}
.kssa-sheet-tools .widget-upload i {{display:none}}
.kssa-exercise .widget-hbox {{flex-wrap:wrap;max-width:100%}}
.kssa-exercise .widget-text, .kssa-exercise .widget-textarea {{max-width:100% !important}}
.jupyter-widgets .widget-image, .jupyter-widgets img {{max-width:100%;height:auto !important}}
.jupyter-widgets.kssa-figure {{max-height:calc(100vh - 48px) !important;object-fit:contain;object-position:left top}}
.kssa-busy {{opacity:.45;cursor:progress;transition:opacity .1s}}
@media (max-width:{NARROW}px) {{
  .kssa-exercise {{max-width:100% !important;box-sizing:border-box}}
  .kssa-exercise .widget-hbox {{flex-direction:column;align-items:stretch !important}}
  .kssa-exercise .widget-hbox > .widget-html {{width:auto !important;min-width:0 !important}}
  .kssa-exercise .widget-dropdown, .kssa-exercise .widget-dropdown select {{width:100% !important;max-width:100% !important}}
  .kssa-exercise .widget-text {{width:100% !important}}
  .jupyter-widgets.widget-hbox, .widget-hbox {{flex-wrap:wrap}}
  .jupyter-widgets {{max-width:100%}}
  .widget-hbox > .widget-checkbox {{margin-right:0 !important;flex:1 1 100%;min-width:0}}
}}
@media (pointer:coarse) {{
  .kssa-exercise .widget-radio-box label, .kssa-exercise .widget-checkbox label.widget-label-basic {{min-height:44px;
    align-items:center !important}}
  .jupyter-widgets.jupyter-button, .jupyter-widgets .widget-dropdown select, .kssa-exercise .widget-text input,
  .widget-upload, a.kssa-download {{min-height:44px !important}}
  .kssa-exercise input[type=radio], .kssa-exercise input[type=checkbox] {{width:22px !important;height:22px !important;margin-top:0 !important}}
}}
</style>"""
