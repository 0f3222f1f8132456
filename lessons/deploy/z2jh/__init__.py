"""Zero to JupyterHub values for a district (``values.yaml``); see lessons/deploy/README.md."""

from pathlib import Path

VALUES = Path(__file__).resolve().parent / "values.yaml"
