"""The command blocks of a README, read from the README itself.

A block is the first fenced code block after a heading. The course README
has two that the project promises work verbatim on a fresh machine:

* ``start``: under "Di komputer sendiri atau komputer lab" (install, start);
* ``tests``: under "Menjalankan pengujian" (install with the test extra, run).

A student release's README (written by ``python -m lessons release``) has
its own ``start`` block under "Memulai".

``python tools/readme_commands.py README.md tests`` prints a block's lines;
``.ci/run`` runs them in a fresh virtual environment, one at a time, so CI
runs exactly what the README says. ``tests/test_readme_commands.py`` runs
the start blocks and follows every link on Beranda in a real browser.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# block name -> the heading (its text, without the #s) the block follows
HEADINGS = {
    "start": ("Di komputer sendiri atau komputer lab", "Memulai"),
    "tests": ("Menjalankan pengujian",),
}
FENCE = re.compile(r"^```")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$")


def blocks(text: str) -> dict[str, list[str]]:
    """{heading text: lines of the first code block under it} for every heading that has one."""
    found: dict[str, list[str]] = {}
    heading, inside, lines = None, False, []
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            if inside:
                if heading is not None and heading not in found:
                    found[heading] = [x.strip() for x in lines if x.strip()]
                inside, lines = False, []
            else:
                inside = True
            continue
        if inside:
            lines.append(line)
            continue
        match = HEADING.match(line)
        if match:
            heading = match.group(1)
    return found


def commands(readme: Path, name: str) -> list[str]:
    """The lines of block ``name`` (see HEADINGS) in ``readme``; KeyError if it has none."""
    found = blocks(Path(readme).read_text(encoding="utf-8"))
    for heading in HEADINGS[name]:
        if heading in found:
            return found[heading]
    raise KeyError(f"{readme}: no code block under any of {HEADINGS[name]}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in HEADINGS:
        sys.exit(f"usage: python tools/readme_commands.py README.md {{{','.join(HEADINGS)}}}")
    print("\n".join(commands(Path(sys.argv[1]), sys.argv[2])))
