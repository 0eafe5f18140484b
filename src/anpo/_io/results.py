"""Computed scores kept in the catalog's home, for the commands that print them beside their
answers (:mod:`anpo.relations.accuracy`, :mod:`anpo.align.accuracy`).

A validation is slow (seconds to minutes of computing); the answers it scores are fast. Each
validation run stores a small JSON summary under ``<home>/results/<name>-<key>.json``, ``key`` a
hash of everything that decides the scores (:func:`result_key`), so a changed rule, dataset or
anpo version finds no summary and never a stale one. Reading is forgiving: a missing, damaged or
foreign file is no summary (the command then says how to compute it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from anpo._checks import as_path
from anpo._version import __version__

#: Where the summaries live inside the catalog's home.
CACHE_DIR = "results"


def result_key(**parts: Any) -> str:
    """A key for a summary: the SHA-256 of ``parts`` (JSON, keys sorted), anpo's version and
    the digests of its code and data files (:func:`anpo._package.package_digests`): the version
    changes only at a release, so a summary computed by other code (a changed recipe or rule)
    was read back as this code's (prov35 noticed; an explore run's resume has the same check).

    >>> k = result_key(focal=2, sources={"atop": "ab"})
    >>> k == result_key(sources={"atop": "ab"}, focal=2), k == result_key(focal=2, sources={})
    (True, False)
    """
    from anpo._package import package_digests

    blob = json.dumps(
        {**parts, "anpo": __version__, "package": package_digests()}, sort_keys=True, default=str
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def result_path(home: str | Path, name: str, key: str) -> Path:
    """The file of summary ``name`` under ``key`` in ``home``; an
    :class:`~anpo.errors.InputError` naming ``home`` when it is no folder path (a dict, an int)
    or is empty."""
    return as_path(home, "home", what="a folder path") / CACHE_DIR / f"{name}-{key}.json"


class Each:
    """A shape for :func:`conforms`: a mapping (text keys) whose every value has ``shape``."""

    def __init__(self, shape: Any) -> None:
        self.shape = shape


def conforms(value: Any, shape: Any) -> bool:
    """Whether ``value`` (read from JSON) has ``shape``: ``int`` (a whole number), ``float``
    (any number), ``str``, ``None``; a tuple of shapes (any one of them); ``[shape]`` (a list
    of them); ``{key: shape}`` (a mapping with at least those keys); ``Each(shape)`` (a mapping
    whose every value has the shape). Booleans are no numbers.

    >>> conforms({"f1": 0.5, "years": [1950, 2016]}, {"f1": (float, None), "years": [int]})
    True
    >>> conforms({"f1": "0.5", "years": [1950]}, {"f1": (float, None), "years": [int]})
    False
    >>> conforms({"a": {"n": 1}, "b": {"n": True}}, Each({"n": int}))
    False
    """
    if shape is None:
        return value is None
    if isinstance(shape, tuple):
        return any(conforms(value, s) for s in shape)
    if isinstance(shape, list):
        return isinstance(value, list) and all(conforms(v, shape[0]) for v in value)
    if isinstance(shape, Each):
        return isinstance(value, dict) and all(conforms(v, shape.shape) for v in value.values())
    if isinstance(shape, dict):
        return isinstance(value, dict) and all(
            k in value and conforms(value[k], s) for k, s in shape.items()
        )
    if shape is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if shape is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, shape)


def load_result(
    home: Path | None, name: str, key: str, required: str, shape: Any = None
) -> dict[str, Any] | None:
    """The summary ``name`` stored under ``key``, or None: no home, never stored with these
    inputs, or a file that cannot be read, lacks the mapping ``required`` or does not have
    ``shape`` (:func:`conforms`; a file edited or written by something else must not break,
    or feed wrong figures to, the command that shows it)."""
    if home is None:
        return None
    path = result_path(home, name, key)  # a home that is no path is refused, not "no summary"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get(required), dict):
        return None
    return data if shape is None or conforms(data, shape) else None


def store_result(
    home: Path,
    name: str,
    key: str,
    summary: Mapping[str, Any],
    required: str,
    keep_old: Callable[[Mapping[str, Any], Mapping[str, Any]], bool] | None = None,
    shape: Any = None,
) -> Path:
    """Keep ``summary`` under ``key`` (atomically), unless ``keep_old(old, new)`` says the stored
    one is worth more (a validation over more years); a stored file without ``shape`` is
    replaced. Returns the file. Raises :class:`anpo.errors.AnpoError` naming it when it cannot
    be written."""
    from anpo._io.files import atomic_write

    path = result_path(home, name, key)
    old = load_result(home, name, key, required, shape)
    if old is not None and keep_old is not None and keep_old(old, summary):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(summary, indent=1, sort_keys=True) + "\n")
    except OSError as exc:  # a full disk, a read-only home: said with the file, not a traceback
        from anpo.errors import AnpoError

        raise AnpoError(f"cannot keep the result ({exc.strerror or exc})", file=path) from None
    return path
