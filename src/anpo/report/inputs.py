"""The report's inputs, named so a reader can check them: each scenario file and each catalog
dataset the sections used, with the SHA-256 of its bytes.

``anpo report --help`` promises the same page for the same scenarios and catalog data; the page
named the scenarios by title and the datasets by name and version only, so no reader could tell
whether two reports came from the same files (audit34 finding 2). The header lists every input
with its full SHA-256 (:func:`anpo.report.html.inputs_html`); each "Data used" line gives its
catalog datasets' first 12 hex digits (:func:`stamp_datasets`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from anpo.report.sections import Section

__all__ = ["SHORT_HASH", "ReportInput", "scenario_inputs", "stamp_datasets"]

#: Hex digits of a SHA-256 a "Data used" line gives (the header has all 64).
SHORT_HASH = 12


class ReportInput(NamedTuple):
    """One input of the report: ``kind`` (``"scenario"`` or ``"dataset"``), ``name`` (a
    scenario file as given on the command line, ``book:NAME`` for the book's; a dataset as
    "name version") and the ``sha256`` of its file's bytes (hex, empty when unknown)."""

    kind: str
    name: str
    sha256: str


def scenario_inputs(given: Sequence[str | Path]) -> list[ReportInput]:
    """The scenario files of a report: ``given`` as the user wrote them (paths not made
    absolute, so the page does not depend on the folder the command ran in), or, when empty,
    every file of the built-in book as ``book:NAME``; each with its SHA-256."""
    from anpo._io.provenance import file_sha256, scenario_file
    from anpo.scenario.load import book_files

    refs = [str(g) for g in given] or [f"book:{p.stem}" for p in book_files()]
    out = []
    for ref in refs:
        path = scenario_file(ref)
        sha = file_sha256(path) if path is not None and path.is_file() else ""
        out.append(ReportInput("scenario", ref, sha))
    return out


def stamp_datasets(
    sections: Iterable[Section], records: Iterable[Mapping[Any, Any]]
) -> list[ReportInput]:
    """Give each "Data used" item that names a catalog dataset (``records``: the catalog's
    rows, :meth:`anpo.data.catalog.Catalog.list`) the first :data:`SHORT_HASH` hex digits of
    its SHA-256, in place; return those datasets, each once, in the order the sections name
    them, with the full hash (the header lists them).

    An item names a dataset when it is the record's "dataset version", alone or followed by
    a parenthesis (``"... 2024 (an excerpt: 30 countries)"``), as the providers write it. A
    label two records share with different hashes is left as it is: which one was read
    cannot be told from the line. Only sections whose datasets were read from the catalog
    (:attr:`~anpo.report.sections.Section.vintage_from_catalog`) are stamped: the alignment
    sections name the datasets their built-in instances were built from, in the same form, and
    got the hash of a user's catalog file they never read (review33)."""
    by_label: dict[str, set[str]] = {}
    for r in records:
        label = f"{r.get('dataset', '')} {r.get('version', '')}".strip()
        sha = str(r.get("sha256") or "")
        if label and sha:
            by_label.setdefault(label, set()).add(sha)
    found: dict[str, ReportInput] = {}
    for s in sections:
        if not s.vintage_from_catalog:
            continue
        stamped = []
        for item in s.data_vintage:
            named = next((lb for lb in by_label if item == lb or item.startswith(lb + " (")), "")
            hashes = by_label.get(named, set())
            if len(hashes) != 1:
                stamped.append(item)
                continue
            (digest,) = hashes
            found.setdefault(named, ReportInput("dataset", named, digest))
            stamped.append(f"{item}, SHA-256 {digest[:SHORT_HASH]}")
        s.data_vintage = stamped
    return list(found.values())
