"""A widget shown with a text summary: the one output wrapper for notebooks.

nbval compares ``text/plain`` but skips widget views, and a closed notebook
shows only its stored text. So every widget the course shows, in the lessons
(:mod:`lessons.views`) and on the teacher's desk (:mod:`lessons.teacher.desk`),
is wrapped in :class:`WidgetView`, whose ``text/plain`` is a short summary of
what the widget shows. It lives in core because both of those layers use it
and it needs nothing but the widget it wraps.
"""

from __future__ import annotations


class WidgetView:
    """A widget whose stored text output is ``summary``."""

    def __init__(self, widget, summary: str):
        self.widget = widget
        self.summary = summary

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_())
        bundle["text/plain"] = self.summary
        return bundle

    def __getattr__(self, name):  # let tests and notebooks reach the widget's parts
        if name in ("widget", "summary") or name.startswith("__"):
            raise AttributeError(name)  # never recurse while the object is half made (copy, pickle)
        return getattr(self.widget, name)
