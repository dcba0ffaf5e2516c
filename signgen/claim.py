"""One writer per output: a render claims its target before any work and keeps the claim until
the video and its captions are in place, so two renders to the same path never mix their files.

The claim is an exclusive `flock` on a hidden ``.<name>.lock`` file beside the target. The kernel
drops the lock when its process dies, however it dies, so a killed render never blocks the next
one; the lock file is removed when the claim ends (a killed render's file is reused, then removed).
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from signgen.errors import OutputBusyError, OutputFolderError


def lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


@contextmanager
def claim(output: Path | str) -> Iterator[None]:
    """Hold the right to write ``output`` (and its caption files) for the ``with`` block.

    Raises OutputBusyError at once, naming the holder's pid, when another process holds it, and
    OutputFolderError when the folder does not take the lock file.
    """
    path = lock_path(Path(output))
    fd = _acquire(path)
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


def _acquire(path: Path) -> int:
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise OutputFolderError(f"cannot write here ({exc.strerror})", path.parent) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            who = f"process {holder}" if holder else "another process"
            raise OutputBusyError(f"{who} is already rendering to this file; wait for it to finish, "
                                  "or give another -o", path.with_name(path.name[1:-len(".lock")])) from None
        if _same_file(fd, path):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        os.close(fd)  # the holder removed the file as we opened it: claim the new one


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
