"""Errors the course shows to people. ``str(error)`` is always one Indonesian sentence."""

from __future__ import annotations


class DataFileError(Exception):
    """A data file is missing, malformed or breaks its schema."""


class CourseNotFoundError(DataFileError):
    """No course folder (one holding ``data/datapackage.json``) was found."""
