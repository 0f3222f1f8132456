"""``python -m lessons.deploy.student_kernel -f CONNECTION_FILE``: see __init__.py."""

from lessons.deploy.student_kernel import main

main()
