"""What the tools that write a file share: ``--force``, and the refusal of an output path that
exists without it (one line on standard error naming the path, exit status 2).

The tools whose job is to regenerate a file tracked in the repository (a README table, the
built-in alignment instances, the README's screenshot) rewrite that file without ``--force``
and say so in their ``--help``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

FORCE_HELP = "overwrite the output if it exists (without it, an existing output path is refused)"


def add_force(ap: argparse.ArgumentParser) -> None:
    """Give ``ap`` the ``--force`` flag."""
    ap.add_argument("--force", action="store_true", help=FORCE_HELP)


def refuse_existing(paths: Iterable[Path | str | None], force: bool) -> None:
    """Unless ``force``: exit 2 with one line naming those of ``paths`` that exist (None:
    no output asked for)."""
    if force:
        return
    there = [str(p) for p in paths if p is not None and Path(p).exists()]
    if there:
        names = ", ".join(there)
        verb, it = ("exists", "it") if len(there) == 1 else ("exist", "them")
        tool = Path(sys.argv[0]).name or "tool"
        print(f"{tool}: {names} {verb}; pass --force to overwrite {it}", file=sys.stderr)
        raise SystemExit(2)
