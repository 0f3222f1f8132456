"""jsonschema, imported without a grammar the course never uses.

jsonschema checks the "iri" and "iri-reference" formats with rfc3987-syntax
when that package is installed (Jupyter installs it, through jupyter-events).
Importing it compiles a Lark grammar: about 1.4 s of CPU on the lab machine,
in every kernel that validates a bank or a plan and in every Jupyter process.
The course validates without a format checker, so formats are never checked
and the package is never needed; it is made unimportable for this process
before jsonschema is first imported. A process that has already imported it
keeps it.
"""

from __future__ import annotations

import sys

SKIPPED = "rfc3987_syntax"


def skip_iri_grammar() -> None:
    """Make rfc3987-syntax unimportable in this process (jsonschema then simply has no IRI checks)."""
    sys.modules.setdefault(SKIPPED, None)


def draft_2020_12_validator():
    """jsonschema's ``Draft202012Validator`` class, imported after :func:`skip_iri_grammar`."""
    skip_iri_grammar()
    from jsonschema import Draft202012Validator

    return Draft202012Validator
