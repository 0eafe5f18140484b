"""What identifies an output's inputs: each input file's source, as the user gave it, and the
SHA-256 of its bytes, with anpo's version.

The JSON outputs of ``anpo bands``, ``anpo futures compare`` and ``anpo align solve`` and the
report's header carry them (audit34 findings 2 and 5: they named a scenario by its id or title
and a seed, not the file or its content, so two outputs could not be told to come from the same
inputs). Standard library only: the commands start without NumPy.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

__all__ = [
    "file_sha256",
    "input_entry",
    "instance_file",
    "json_provenance",
    "scenario_file",
]


def file_sha256(path: str | Path) -> str:
    """SHA-256 of the file's bytes (hex), read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def input_entry(role: str, source: str | Path, path: str | Path | None) -> dict[str, str]:
    """One input: its ``role`` (``"scenario"``, ``"instance"``, ``"future status-quo"``, ...),
    its ``source`` as given (``book:NAME`` for a built-in file, a user's path as given, not made
    absolute: the output of one command line does not depend on the folder it ran in) and the
    SHA-256 of the file ``path`` it was read from (empty when there is no such file)."""
    sha = file_sha256(path) if path is not None and Path(path).is_file() else ""
    return {"role": role, "source": str(source), "sha256": sha}


def json_provenance(inputs: list[dict[str, str]]) -> dict[str, Any]:
    """The keys a JSON output adds to say what it was computed from: ``anpo_version`` and
    ``inputs`` (:func:`input_entry` each)."""
    from anpo import __version__

    return {"anpo_version": __version__, "inputs": inputs}


def scenario_file(source: str | Path) -> Path | None:
    """The file a scenario ``source`` is read from: ``book:NAME`` the book's file (None when the
    book has none of that name), any other path as given (:func:`anpo.scenario.load.book_path`,
    the one resolver, imported when asked)."""
    from anpo.errors import ScenarioError
    from anpo.scenario.load import book_path

    try:
        return book_path(source)
    except ScenarioError:
        return None


def instance_file(source: str | Path) -> Path | None:
    """The file an alignment instance ``source`` is read from: ``book:NAME`` the built-in
    instance's file (``anpo/align/book/NAME.toml``, as :func:`anpo.align.io.read_book` reads it;
    None when there is none), an empty name None, any other path as given."""
    text = str(source)
    if not text.strip():
        return None
    if text.startswith("book:"):
        from importlib import resources

        path = Path(str(resources.files("anpo.align") / "book")) / f"{text[5:]}.toml"
        return path if path.is_file() else None
    return Path(source)
