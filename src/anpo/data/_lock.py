"""An inter-process readers-writer lock on a file beside the catalog database.

Writers (``anpo data add/remove/default``) take the lock exclusively; readers (every command
that reads the catalog) take it shared. DuckDB itself lets one process write *or* several read a
database file and refuses the rest at once; this lock makes them wait their turn instead.

- Waiting is bounded: ``ANPO_LOCK_TIMEOUT`` seconds (default :data:`DEFAULT_TIMEOUT`); past it a
  :class:`~anpo.errors.CatalogError` says which process holds the catalog.
- While waiting, :data:`WAITING_MESSAGE` is printed once on standard error (after
  :data:`NOTICE_AFTER` seconds, so that a short wait stays silent).
- The lock is re-entrant within a thread: a request while this thread already holds the
  lock (shared or exclusive; a writer reads its own writes) is granted at once. Asking for the exclusive lock while holding only
  the shared one is a programming error (two upgraders would deadlock) and raises RuntimeError.
- The lock is advisory (``flock`` on POSIX, ``msvcrt.locking`` on Windows, where readers are
  exclusive too). It is released by the kernel when a process dies, so ``kill -9`` never leaves a
  stale lock.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from anpo.errors import CatalogError

__all__ = ["DEFAULT_TIMEOUT", "WAITING_MESSAGE", "catalog_lock", "lock_timeout"]

#: Seconds a command waits for the catalog before giving up (``ANPO_LOCK_TIMEOUT`` overrides).
DEFAULT_TIMEOUT = 600.0
#: Seconds of waiting before the waiting message is printed.
NOTICE_AFTER = 0.3
#: Printed (once) on standard error while a command waits for the catalog.
WAITING_MESSAGE = "waiting for another anpo process to finish with the catalog…"

try:  # POSIX
    import fcntl

    _HAVE_FCNTL = True
except ImportError:  # pragma: no cover - Windows
    _HAVE_FCNTL = False

# per thread: path -> mode ("shared"/"exclusive") of the lock files this thread holds. Threads
# of one process each open their own descriptor, so flock orders them like separate processes.
_local = threading.local()


def _held() -> dict[str, str]:
    held = getattr(_local, "held", None)
    if held is None:
        held = _local.held = {}
    return held


def lock_timeout() -> float:
    """The wait limit in seconds: ``ANPO_LOCK_TIMEOUT`` when set to a number >= 0, else the
    default. A malformed value is an error naming the variable."""
    raw = os.environ.get("ANPO_LOCK_TIMEOUT")
    if raw is None or not raw.strip():
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (value >= 0 and value < 1e9):
        raise CatalogError(
            f"ANPO_LOCK_TIMEOUT must be a number of seconds between 0 and 1e9; got {raw!r}",
            field="ANPO_LOCK_TIMEOUT",
        )
    return value


def _default_notice(message: str) -> None:
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover - closed stderr
        pass


def _try_lock(fd: int, exclusive: bool) -> bool:
    if _HAVE_FCNTL:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:  # e.g. a file system without locks: carry on unlocked
            if exc.errno in (37, 38, 95):  # ENOLCK, ENOSYS, EOPNOTSUPP
                return True
            raise
        return True
    import msvcrt  # pragma: no cover - Windows

    try:  # pragma: no cover - Windows
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
    except OSError:  # pragma: no cover - Windows
        return False
    return True  # pragma: no cover - Windows


def _unlock(fd: int) -> None:
    if _HAVE_FCNTL:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]


def _holder(path: Path) -> str:
    """'process 1234 (anpo data add)' from the lock file, when a writer recorded itself."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return f" (held by {text})" if text else ""


def _open_lock_file(path: Path, exclusive: bool) -> int | None:
    """A descriptor on the lock file (created when possible; opened read-only in a folder
    that refuses writes: a read-only file system or a lock file without write permission,
    where ``flock`` still works), or None for a reader when it cannot be opened at all (a
    read-only catalog folder without a lock file: no writer can run there either). A writer
    that cannot open it gets a :class:`CatalogError`: writing unlocked could corrupt what
    readers see."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        if not isinstance(exc, PermissionError) and exc.errno != errno.EROFS:
            raise CatalogError(
                f"cannot open the catalog lock ({exc.strerror})", file=path
            ) from None
    try:
        return os.open(path, os.O_RDONLY)
    except OSError as exc:
        if exclusive:
            raise CatalogError(
                f"cannot open the catalog lock to change the catalog ({exc.strerror})", file=path
            ) from None
        return None


@contextmanager
def catalog_lock(
    path: Path,
    *,
    exclusive: bool,
    timeout: float | None = None,
    notice: Callable[[str], None] | None = None,
    what: str = "",
) -> Iterator[None]:
    """Hold the lock file ``path`` shared (readers) or exclusive (writers) for the block.

    ``timeout`` defaults to :func:`lock_timeout`; ``notice`` receives :data:`WAITING_MESSAGE`
    once when the wait lasts longer than :data:`NOTICE_AFTER` seconds (default: standard
    error). ``what`` (e.g. "anpo data add") is recorded in the lock file by a writer so that a
    process that times out can say who holds the catalog.
    """
    key = str(path)
    held = _held()
    mode = held.get(key)
    if mode is not None:  # re-entry: the outer block keeps the lock
        if exclusive and mode == "shared":
            raise RuntimeError("catalog lock: cannot upgrade a shared lock to exclusive")
        yield
        return

    limit = lock_timeout() if timeout is None else timeout
    fd = _open_lock_file(path, exclusive)
    if fd is None:  # a reader in a read-only location: nothing can write there
        yield
        return
    try:
        start = time.monotonic()
        told = False
        delay = 0.02
        while not _try_lock(fd, exclusive):
            waited = time.monotonic() - start
            if waited >= limit:
                raise CatalogError(
                    f"the catalog is still in use by another anpo process after {waited:.0f} s"
                    f"{_holder(path)}; try again later, or raise ANPO_LOCK_TIMEOUT (seconds)",
                    file=path.parent,
                )
            if not told and waited >= NOTICE_AFTER:
                (notice or _default_notice)(WAITING_MESSAGE)
                told = True
            time.sleep(min(delay, max(limit - waited, 0.0)))
            delay = min(delay * 1.5, 0.25)
        if exclusive:
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"process {os.getpid()} ({what or 'anpo'})".encode(), 0)
            except OSError:
                pass
        held[key] = "exclusive" if exclusive else "shared"
        try:
            yield
        finally:
            del held[key]
            if exclusive:
                try:
                    os.ftruncate(fd, 0)
                except OSError:
                    pass
            _unlock(fd)
    finally:
        os.close(fd)
