"""A pytest plugin loaded before all others (``-p tests.skip_iri_grammar``, first in pyproject.toml's
addopts): pytest imports the plugins it finds by entry point after the ``-p`` ones, and nbval's
imports nbformat, hence jsonschema, which would compile rfc3987-syntax's IRI grammar (about 1.8 s of
CPU, measured with ``python -X importtime``) in the run's main process, in each xdist worker and in the
pytest runs the Binder test starts. Nothing in the suite checks IRI formats; the course's own processes
skip the grammar the same way (lessons/core/json_schema.py, tests/test_unused_grammar.py)."""

from lessons.core.json_schema import skip_iri_grammar

skip_iri_grammar()
