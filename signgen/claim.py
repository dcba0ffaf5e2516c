"""One writer at a time: `hold` is an exclusive `flock` on a lock file, and `claim` uses it so a
render claims its target before any work and keeps the claim until the video and its captions are
in place; two renders to the same path never mix their files. (`signgen.ops.lock` holds a whole
output folder the same way.)

The kernel drops a flock when its process dies, however it dies, so a killed holder never blocks
the next one; the lock file is removed when the hold ends (a killed holder's file is reused, then
removed, or removed by the next sweep of its folder: `remove_if_released`). The file holds a note
about its holder, which a refused process quotes.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from signgen.errors import OutputBusyError, OutputFolderError, SigngenError


# The videos a render claims (`signgen.video.encode`'s containers): a claim file is
# ``.NAME.mp4.lock`` and so on. Other ``.lock`` files in a user's folder are not ours to remove.
CLAIMED_SUFFIXES = (".mp4", ".mov", ".webm")
# A folder sweep holds a dead render's claim file for a moment before removing it; a render that
# finds it locked then tries again for this long before calling the output busy.
SWEEP_GRACE_S = 0.2


def lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


def is_claim_file(path: Path) -> bool:
    """``path`` is named as `claim` names an output's lock file."""
    name = path.name
    return (name.startswith(".") and name.endswith(".lock")
            and Path(name[1:-len(".lock")]).suffix.lower() in CLAIMED_SUFFIXES)


def remove_if_released(path: Path) -> bool:
    """Remove the lock file ``path`` if no process holds its lock (its holder was killed); True if
    removed. A live holder's file is never touched: the lock is taken without waiting, and the
    file is removed only if it is still the one locked (a holder that ended may have removed it,
    and a new render created another at the same path)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return False  # gone already, or not ours to open
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held: a live render's
        os.close(fd)
        return False
    try:
        if not _same_file(fd, path):
            return False
        # Unlinked while locked, as `hold` does: a render that opened this file meanwhile finds it
        # replaced once it gets the lock, and takes a new one.
        path.unlink()
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


@contextmanager
def claim(output: Path | str) -> Iterator[None]:
    """Hold the right to write ``output`` (and its caption files) for the ``with`` block.

    Raises OutputBusyError at once, naming the holder's pid, when another process holds it, and
    OutputFolderError when the folder does not take the lock file.
    """
    output = Path(output)

    def busy(note: str) -> SigngenError:
        who = f"process {note}" if note.isdigit() else "another process"
        return OutputBusyError(f"{who} is already rendering to this file; wait for it to finish, or give another -o",
                               output)

    with hold(lock_path(output), str(os.getpid()), busy):
        yield


@contextmanager
def hold(path: Path, note: str, busy: Callable[[str], SigngenError]) -> Iterator[None]:
    """Hold the exclusive lock on ``path`` (created if missing, with ``note`` as its content) for
    the ``with`` block; raises ``busy(holder's note)`` at once if another process holds it."""
    fd = _acquire(path, note, busy)
    try:
        yield
    finally:
        # Unlink while still holding the lock: a process that opened the old file sees it was
        # replaced (`_acquire` compares inodes) and tries again on the new one.
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # the folder became read-only or vanished: nothing to clean then
        os.close(fd)


def _acquire(path: Path, note: str, busy: Callable[[str], SigngenError]) -> int:
    grace_ends = time.monotonic() + SWEEP_GRACE_S
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise OutputFolderError(f"cannot write here ({exc.strerror})", path.parent) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # Held by a sweep about to remove a dead holder's file (`remove_if_released`), or by a
            # live holder; only the second is still holding after the grace.
            if not _same_file(fd, path) or time.monotonic() < grace_ends:
                os.close(fd)
                time.sleep(0.01)
                continue
            holder = _read_note(fd)
            os.close(fd)
            raise busy(holder) from None
        if _same_file(fd, path):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{note}\n".encode(), 0)
            return fd
        os.close(fd)  # the holder removed the file as we opened it: take the new one


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _read_note(fd: int) -> str:
    try:
        return os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
