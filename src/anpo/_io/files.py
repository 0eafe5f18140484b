"""Atomic file writes: the one helper every writer in anpo uses.

A file is written to a temporary file in the target's folder and renamed over the target
(``os.replace``, atomic on POSIX and Windows): a reader never sees a half-written file, and an
interrupted or failed write leaves any previous file as it was. The new file gets the permissions
the user's umask gives a new file (``tempfile`` alone gives 0600). ``durable=True`` also flushes
the file and its folder to disk before returning (the exploration store needs that to survive a
power cut; a report does not).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from anpo._checks import as_path

__all__ = [
    "NO_ROOM",
    "atomic_path",
    "atomic_write",
    "current_umask",
    "expand_user",
    "move_files_in",
    "try_create_in",
    "written_path",
    "written_source",
]

#: Errors of a write that found no room: a full disk, a file-size limit, a disk quota.
NO_ROOM = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def expand_user(path: str | Path) -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded to that home folder, else as given:
    ``~nosuchuser/x`` stays as typed (``Path.expanduser`` raises RuntimeError for it), so the
    caller's check that the path exists names it as the user wrote it. A ``path`` that is no
    path (a dict, an int) or is empty is an :class:`~anpo.errors.InputError` naming it
    (:func:`anpo._checks.as_path`).

    >>> str(expand_user("~no-such-user-anpo/x"))
    '~no-such-user-anpo/x'
    """
    p = as_path(path, "path")
    try:
        return p.expanduser()
    except RuntimeError:  # no such user, or no home folder to expand to
        return p


def written_path(ref: str, folder: Path | None) -> Path:
    """The file a path written inside an input file names (a future's ``[base] scenario``,
    ``[alignment] instance`` or a drawn instance; a scenario's ``[align] instance``): a leading
    ``~`` or ``~user`` expanded to that home folder (:func:`expand_user`; ``~/x.toml`` was read
    as ``x.toml`` in a folder named ``~`` beside the file), then a relative path taken from the
    writing file's folder ``folder`` (``folder`` None, text given without a file: from the
    working folder). The one rule of every path a scenario or future file writes."""
    path = expand_user(ref)
    if not path.is_absolute() and folder is not None:
        path = folder / path
    return path


def written_source(ref: str, folder: Path | None) -> str:
    """The source an alignment instance written inside an input file is read from
    (:func:`anpo.align.io.read_source` takes it): ``book:NAME``, an absolute path and an empty
    name as written (``read_source`` says what an empty name is), any other path by
    :func:`written_path`: from the home folder for ``~``, a relative path from the writing
    file's folder ``folder``. The rule of a future's ``[alignment] instance`` (written or
    drawn: :func:`anpo.futures.load.instance_source`) and of a scenario's ``[align] instance``
    (:func:`anpo.scenario.load.read_align_instance`, for a scenario file and a future's base
    scenario alike)."""
    if not ref.strip() or ref.startswith("book:"):
        return ref
    path = written_path(ref, folder)
    return ref if path == Path(ref) else str(path)


def try_create_in(folder: str | Path) -> None:
    """Create and remove an empty folder in ``folder``; raise the ``OSError`` if that fails.

    The writability check of an output path before any work: the permission bits
    (``os.access``) say nothing for root, nor for a read-only or special file system (``--out
    /proc/x`` passed them), so the folder is tried. Nothing is left behind. A ``folder`` that is
    no path or is empty is an :class:`~anpo.errors.InputError` naming it."""
    where = as_path(folder, "folder", what="a folder path")
    os.rmdir(tempfile.mkdtemp(prefix=".anpo-check-", dir=where))


def current_umask() -> int:
    """The process's umask (read without changing it, where the platform allows)."""
    try:  # Linux: read it from /proc without the set-and-restore race
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | Path, *, durable: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; when the block ends normally it replaces
    ``path``, otherwise it is removed and ``path`` is left as it was.

    For writers that want a file name (Parquet, DuckDB, matplotlib); see :func:`atomic_write`
    for text and bytes. A ``path`` that is a symbolic link is written through: its target is
    replaced and the link kept, as a shell's ``>`` would (replacing the link itself would lose
    what the user set up). ``OSError`` (no such folder, no permission) propagates: the caller
    says what it means for its user; a ``path`` that is no path (a dict, an int) or is empty is
    an :class:`~anpo.errors.InputError` naming it.
    """
    target = as_path(path, "path")
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~current_umask())
        if durable:
            _fsync(tmp)
        os.replace(tmp, target)
        if durable:
            _fsync(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(
    path: str | Path, data: str | bytes, *, durable: bool = False, encoding: str = "utf-8"
) -> None:
    """Write ``data`` (text, written with ``encoding`` and no newline translation, or bytes) to
    ``path`` atomically (see the module docstring)."""
    with atomic_path(path, durable=durable) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            with open(tmp, "w", encoding=encoding, newline="") as fh:
                fh.write(data)


def move_files_in(source: Path, target: Path, last: str) -> None:
    """Move every file of the folder ``source`` into the folder ``target`` (same file system),
    each by an atomic rename over any file of that name, the one named ``last`` after the others
    (a report's page after its tables: a reader never sees the new page before its files)."""
    names = sorted(p.name for p in source.iterdir())
    for name in [n for n in names if n != last] + [n for n in names if n == last]:
        os.replace(source / name, target / name)
