"""``python -m lessons`` runs the teachers' command line (lessons/teacher/cli.py).

A student release has no ``lessons/teacher/``; there the command says so in
one Indonesian sentence instead of a traceback.
"""

import sys

try:
    from lessons.teacher.cli import main
except ModuleNotFoundError as err:
    if err.name != "lessons.teacher" and not (err.name or "").startswith("lessons.teacher."):
        raise
    from lessons.text import t

    print(t("teacher_tools_missing"), file=sys.stderr)
    sys.exit(2)

sys.exit(main())
