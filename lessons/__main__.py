"""``python -m lessons`` runs the teachers' command line (lessons/teacher/cli.py).

A student release has no ``lessons/teacher/``; there the command says so in
one Indonesian sentence instead of a traceback. The check looks at this
package's own folder, so a teacher's package installed elsewhere on the same
machine (e.g. ``pip install -e``) is never mixed into a release's package.
"""

import sys
from pathlib import Path

if not (Path(__file__).resolve().parent / "teacher" / "cli.py").is_file():
    from lessons.text import t

    print(t("teacher_tools_missing"), file=sys.stderr)
    sys.exit(2)

from lessons.teacher.cli import main  # noqa: E402

sys.exit(main())
