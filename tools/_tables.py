"""What the README-table tools share: the command line (``--home``, ``--write``) and the
replacement of the text between a README's markers."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def replace_block(path: Path, begin: str, end: str, body: str) -> None:
    """Put ``body`` between the markers ``begin`` and ``end`` of the file ``path``."""
    text = path.read_text(encoding="utf-8")
    i, j = text.index(begin), text.index(end)
    path.write_text(text[: i + len(begin)] + "\n" + body + "\n" + text[j:], encoding="utf-8")


def current_block(path: Path, begin: str, end: str) -> str:
    """The text between the markers ``begin`` and ``end`` of the file ``path`` (what
    :func:`replace_block` puts there, without its framing newlines)."""
    text = path.read_text(encoding="utf-8")
    i, j = text.index(begin), text.index(end)
    return text[i + len(begin) : j].strip("\n")


def check_blocks(blocks: list[tuple[Path, str, str, str]]) -> None:
    """``--check``: exit 1, naming each stale file, unless every ``(path, begin, end, body)``
    block in place is ``body`` (a generated table the code has moved away from)."""
    stale = [str(p) for p, b, e, body in blocks if current_block(p, b, e) != body.strip("\n")]
    if stale:
        raise SystemExit(f"out of date (regenerate with --write): {', '.join(stale)}")
    print("up to date: " + ", ".join(str(p) for p, *_ in blocks))


def add_check(ap: argparse.ArgumentParser) -> None:
    """The ``--check`` option of the README-table tools."""
    ap.add_argument(
        "--check",
        action="store_true",
        help="compare with the table in place and exit 1 if it differs (nothing is written)",
    )


def catalog_table_main(
    doc: str | None, make: Callable[[Any], str], readme: Path, begin: str, end: str
) -> None:
    """``python tools/X.py [--home DIR] [--write]``: ``make(catalog)`` gives the Markdown, which
    is printed and, with ``--write``, put between the README's markers."""
    from anpo.data.catalog import Catalog

    ap = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    ap.add_argument("--home", default=os.environ.get("ANPO_HOME"), help="the data catalog")
    ap.add_argument(
        "--write",
        action="store_true",
        help=f"rewrite the table between its markers in the tracked {readme.name} (the "
        "script's job: no --force needed)",
    )
    add_check(ap)
    args = ap.parse_args()
    body = make(Catalog.open(args.home))
    print(body)
    if args.check:
        check_blocks([(readme, begin, end, body)])
    if args.write:
        replace_block(readme, begin, end, body)
