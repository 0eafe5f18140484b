"""Digests of the installed anpo package: its data files and its code.

An exploration's results depend on more than the files it is given: the models read the
package's own data (the burden and law tables, the alignment book's instances, the scenario and
futures books) and compute with its code. ``anpo_version`` does not follow them (it changes
only at a release), so a run records these digests in its manifest and its inputs hash
(:func:`anpo.explore.engine.build_manifest`), and a folder whose digests differ is not
resumed: its stored results and new ones could have been computed from different data.

The files counted are those an installed wheel holds: ``code`` hashes the Python modules
(``*.py``, ``*.pyi`` and compiled extensions), ``data`` the package data files, by the suffixes
``pyproject.toml``'s ``package-data`` installs (:data:`DATA_SUFFIXES`: TOML, CSV, the web
page's files ...). Anything else beside them (byte-code caches, hidden files, an editor's
``model.py~``, a patch's ``*.orig``) is not part of the package: counting it made a checkout's
digest differ from its wheel's (review33).
Each digest is the SHA-256 of the files' relative paths and SHA-256 digests, in path order, so
a renamed, added or removed file changes it as an edited one does.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

#: Suffixes of the files counted as the package's code; every other file is its data.
CODE_SUFFIXES = frozenset({".py", ".pyi", ".so", ".pyd"})
#: Suffixes of the package's data files: those ``[tool.setuptools.package-data]`` in
#: ``pyproject.toml`` installs (a test keeps the two lists the same), and ``py.typed``.
DATA_SUFFIXES = frozenset({".toml", ".css", ".js", ".json", ".csv", ".md", ".html", ".png"})
_DATA_NAMES = frozenset({"py.typed"})


def package_root() -> Path:
    """The folder of the installed ``anpo`` package (``src/anpo`` in a checkout)."""
    return Path(__file__).resolve().parent


def _counted(rel: Path) -> bool:
    """Whether the file at ``rel`` (relative to the package's folder) is part of the
    package: code or data (:data:`CODE_SUFFIXES`, :data:`DATA_SUFFIXES`), not in a byte-code
    cache or a hidden folder, not hidden."""
    if any(part == "__pycache__" or part.startswith(".") for part in rel.parts):
        return False
    return rel.suffix in CODE_SUFFIXES or rel.suffix in DATA_SUFFIXES or rel.name in _DATA_NAMES


def digests_of(root: Path) -> dict[str, str]:
    """``{"data": sha256, "code": sha256}`` of the files under ``root`` (module docstring):
    each the SHA-256 of the relative POSIX paths and SHA-256 digests of its files, in path
    order."""
    files: list[Path] = []
    for folder, dirs, names in os.walk(root):
        # pruned here, not only skipped: the byte-code caches hold as many files as the code
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        here = Path(folder).relative_to(root)
        files.extend(here / n for n in names)
    parts = {"data": hashlib.sha256(), "code": hashlib.sha256()}
    for rel in sorted(files, key=lambda r: r.as_posix()):
        if not _counted(rel):
            continue
        kind = "code" if rel.suffix in CODE_SUFFIXES else "data"
        h = parts[kind]
        h.update(rel.as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256((root / rel).read_bytes()).digest())
    return {k: h.hexdigest() for k, h in parts.items()}


@functools.cache
def package_digests() -> dict[str, str]:
    """The installed package's digests (:func:`digests_of` of :func:`package_root`), computed
    once per process: about 5 MB read and hashed, some 30 ms. A run reads them when it starts
    (:func:`anpo.explore.engine.build_manifest`); a file changed while a process runs is
    not seen by that process, as its modules already imported are not either."""
    return digests_of(package_root())
