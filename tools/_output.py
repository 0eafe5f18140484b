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
    """Before any work, check each of ``paths`` (None: no output asked for) as the CLI checks
    its outputs (:func:`anpo.cli._common.check_output_file`: one that exists without
    ``force``, a folder, a place that cannot be written); on the first refused, exit 2 with one
    line naming it."""
    from anpo.cli._common import check_output_file
    from anpo.errors import InputError

    tool = Path(sys.argv[0]).name or "tool"
    for p in paths:
        if p is None:
            continue
        try:
            check_output_file(Path(p), force=force, field="output")
        except InputError as err:
            print(f"{tool}: {err}", file=sys.stderr)
            raise SystemExit(2) from None
