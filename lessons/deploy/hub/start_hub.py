"""The hub's own process on the class server: ``jupyterhub``, started without
the IRI grammar nobody uses (lessons/core/json_schema.py), as its single-user
servers are (singleuser.py).

JupyterHub imports jsonschema through Jupyter's event schemas; with
rfc3987-syntax importable that compiles a Lark grammar when the hub starts.
``python -m lessons kelas mulai`` runs ``python -m lessons.deploy.hub.start_hub
-f jupyterhub_config.py`` (lessons/teacher/class_server.py).
"""

from __future__ import annotations

import sys


def main() -> int | None:
    from lessons.core.json_schema import skip_iri_grammar

    skip_iri_grammar()
    from jupyterhub.app import main as jupyterhub

    return jupyterhub()


if __name__ == "__main__":
    sys.exit(main())
