"""The command of every single-user server on the class server: ``jupyterhub-singleuser``,
started without the IRI grammar nobody uses (lessons/core/json_schema.py).

A Jupyter server imports jsonschema through its event schemas; with
rfc3987-syntax importable that compiles a Lark grammar in every student's
server: measured about 15 MB more memory and 1.2 s more CPU per server.
``c.Spawner.cmd`` in jupyterhub_config.py runs ``python -m lessons.deploy.hub.singleuser``.
"""

from __future__ import annotations

import sys


def main() -> int | None:
    from lessons.core.json_schema import skip_iri_grammar

    skip_iri_grammar()
    from jupyterhub.singleuser import main as singleuser

    return singleuser()


if __name__ == "__main__":
    sys.exit(main())
