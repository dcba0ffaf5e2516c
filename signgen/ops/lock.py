"""One batch writes an output folder at a time.

The lock is an exclusive `flock` on ``OUTDIR/.signgen.lock``. The kernel releases it when its
process dies, however it dies (kill -9, a crash), so the lock of a dead batch is simply taken over
by the next one; no pid guessing is needed for correctness. The file also holds the holder's pid,
host and start time, which a refused batch prints so the operator knows whom to wait for.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from pathlib import Path

from signgen.errors import LockedError, OutputFolderError
from signgen.ops.times import now_iso

LOCK_NAME = ".signgen.lock"


class FolderLock:
    """Context manager holding ``folder``'s batch lock; raises LockedError if another process has it.

    previous_holder: what the lock file said when we took it (the holder of a dead run), or None.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self.previous_holder: dict | None = None
        self._fd: int | None = None

    def __enter__(self) -> "FolderLock":
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputFolderError(f"cannot write the output folder ({exc.strerror})", self.path.parent) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe(_read_holder(fd))
            os.close(fd)
            raise LockedError(f"another batch is writing this folder ({holder}); wait for it to finish, "
                              "or stop it", self.path.parent) from None
        self.previous_holder = _read_holder(fd) or None
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "started_at": now_iso()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(holder) + "\n").encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            # The file stays (removing it would race with a batch about to lock it); empty means free.
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing releases the flock
            self._fd = None


def _read_holder(fd: int) -> dict:
    try:
        data = os.pread(fd, 4096, 0)
        value = json.loads(data.decode("utf-8")) if data.strip() else {}
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError):
        return {}


def _describe(holder: dict) -> str:
    if not holder:
        return "holder unknown"
    return f"pid {holder.get('pid')} on {holder.get('host')}, started {holder.get('started_at')}"
