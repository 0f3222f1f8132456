"""``python -m lessons`` runs the teachers' command line (lessons/teacher/cli.py);
``python -m lessons mulai`` starts the course in student mode (lessons/deploy/).

A student release has no ``lessons/teacher/``; there the command says so in
one Indonesian sentence instead of a traceback. The check looks at this
package's own folder, so a teacher's package installed elsewhere on the same
machine (e.g. ``pip install -e``) is never mixed into a release's package.
"""

import sys
from pathlib import Path

if len(sys.argv) > 1 and sys.argv[1] in ("mulai", "start"):  # student mode, in every copy
    from lessons.deploy.student_mode import main as start

    sys.exit(start())

if not (Path(__file__).resolve().parent / "teacher" / "cli.py").is_file():
    from lessons.text import t

    print(t("teacher_tools_missing"), file=sys.stderr)
    sys.exit(2)

if len(sys.argv) > 1 and sys.argv[1] in ("kelas", "class"):  # the class server (lessons/teacher/class_server.py)
    from lessons.teacher.class_server import main as class_server

    sys.exit(class_server())

from lessons.teacher.cli import main  # noqa: E402

sys.exit(main())
