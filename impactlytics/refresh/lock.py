"""One refresh at a time per published file: an exclusive, non-blocking ``flock``.

The lock is a file beside the published one (``.<name>.refresh.lock``), locked with
``fcntl.flock``. The kernel releases it when the holding process dies, however it dies, so a run
killed with ``kill -9`` leaves no stale lock: the next run takes it at once and deletes the
building file (and its write-ahead log) the killed run left behind. The refresh hands the locked
descriptor to dbt, so a dbt process that outlives a killed refresh still holds the lock until it
ends too. A second refresh that starts while one runs fails fast with
:class:`RefreshLockedError`, naming the holder; it does not wait.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RefreshLockedError(RuntimeError):
    """Another refresh or rollback of the same published file is running."""


def lock_path(published: Path) -> Path:
    return published.parent / f".{published.stem}.refresh.lock"


@contextmanager
def refresh_lock(published: Path, run_id: str) -> Iterator[int]:
    """Hold the refresh lock of ``published`` during the block, or raise RefreshLockedError.

    Yields the locked file descriptor (for ``subprocess``'s ``pass_fds``).
    """
    path = lock_path(published)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode(errors="replace").strip() or "unknown"
            raise RefreshLockedError(
                f"another refresh of {published} is running ({holder}); it holds {path}. "
                "Not waiting: try again when it has ended."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "run_id": run_id}).encode(), 0)
        _remove_leftovers(published)
        yield fd
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _remove_leftovers(published: Path) -> None:
    """The building file and write-ahead log of a killed run: nobody uses them while we hold the
    lock, and a stale log must not be replayed onto the next run's fresh copy."""
    for stale in published.parent.glob(f".{published.stem}.building.duckdb*"):
        stale.unlink()
