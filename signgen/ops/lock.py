"""One batch (or publish) writes an output folder at a time.

The lock is `signgen.claim.hold` on ``OUTDIR/.signgen.lock``: a kernel flock, released when its
process dies however it dies, so the lock of a dead batch is simply taken over by the next one.
The file names the holder (pid, host, start time), which a refused batch prints so the operator
knows whom to wait for.
"""

from __future__ import annotations

import json
import os
import socket
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from signgen.claim import hold
from signgen.errors import LockedError, OutputFolderError
from signgen.ops.times import now_iso

LOCK_NAME = ".signgen.lock"


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s batch lock for the ``with`` block (creating the folder); raises LockedError
    if another process has it, OutputFolderError if the folder cannot be created or written."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFolderError(f"cannot write the output folder ({exc.strerror})", folder) from exc

    def busy(note: str) -> LockedError:
        return LockedError(f"another batch is writing this folder ({_describe(note)}); wait for it to finish, "
                           "or stop it", folder)

    holder = {"pid": os.getpid(), "host": socket.gethostname(), "started_at": now_iso()}
    with hold(folder / LOCK_NAME, json.dumps(holder), busy):
        yield


def _describe(note: str) -> str:
    try:
        holder = json.loads(note)
    except ValueError:
        holder = None
    if not isinstance(holder, dict):
        return "holder unknown"
    return f"pid {holder.get('pid')} on {holder.get('host')}, started {holder.get('started_at')}"
