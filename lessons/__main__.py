"""``python -m lessons`` runs the teachers' command line (lessons/cli.py)."""

import sys

from .cli import main

sys.exit(main())
