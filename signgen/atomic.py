"""Output files appear whole or not at all: written under a temporary name beside the target, then
renamed into place with the permissions an ordinary new file would get.

Temporary files carry their owner in the name (`.NAME.HOST~PID.RANDOM.signgen-tmp.EXT`), so a
later run can find the litter of a process that was killed (kill -9, power cut) and remove it,
without touching the temporaries of a render that is still running.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
from pathlib import Path

from signgen.claim import is_claim_file, remove_if_released

TEMP_MARK = ".signgen-tmp"


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def _host() -> str:
    # Dots would make the name ambiguous to parse; a host name has no '~'.
    return socket.gethostname().replace(".", "_") or "localhost"


def temp_file(target: Path | str, suffix: str = "") -> Path:
    """Create an empty owner-only temporary file beside ``target`` and return its path.

    Raises OSError when the folder cannot be written (callers turn it into their own error)."""
    target = Path(target)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{_host()}~{os.getpid()}.",
                                suffix=f"{TEMP_MARK}{suffix}")
    os.close(fd)
    return Path(name)


def temp_owner(path: Path) -> tuple[str, int] | None:
    """(host, pid) of the process that made temporary file ``path``, or None if it is not one of ours."""
    name = path.name
    if not name.startswith(".") or TEMP_MARK not in name:
        return None
    stem = name[: name.rindex(TEMP_MARK)]
    parts = stem.rsplit(".", 2)  # [".NAME", "HOST~PID", RANDOM]
    if len(parts) != 3 or "~" not in parts[1]:
        return None
    host, _, pid = parts[1].rpartition("~")
    return (host, int(pid)) if pid.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def sweep_temps(folder: Path | str, every_owner: bool = False) -> list[Path]:
    """Remove the temporary files in ``folder`` whose process is dead, and the claim files
    (`signgen.claim`) no process holds; returns what was removed.

    every_owner: remove all temporaries, whoever made them. Only for a caller that holds the
    folder's lock (a batch): then no live writer of this folder can exist, on this host or any
    other. Without it, only temporaries of dead processes on this host are removed (another host's
    pids cannot be checked from here). A claim file is removed only when its lock is free: as
    sure across hosts as the claim itself, both resting on the same flock."""
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    host = _host()
    for path in entries:
        if is_claim_file(path):
            if remove_if_released(path):  # a killed render's: nothing else would ever remove it
                removed.append(path)
            continue
        owner = temp_owner(path)
        if owner is None:
            continue
        if every_owner or (owner[0] == host and owner[1] != os.getpid() and not _alive(owner[1])):
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed


def publish(temp: Path | str, path: Path | str) -> Path:
    """Rename the finished ``temp`` onto ``path``. Temporary files are created owner-only; the
    published file gets the usual 0666 less the umask, so a web server or playout system run by
    another user can read the newsroom's videos."""
    os.chmod(temp, 0o666 & ~_umask())
    os.replace(temp, path)
    return Path(path)


def write_json(path: Path | str, value) -> Path:
    """Write ``value`` as JSON to ``path`` atomically: readers see the old file or the new one, never
    a mix, even across a power cut (the data is flushed to disk before the rename)."""
    path = Path(path)
    temp = temp_file(path, ".json")
    try:
        with open(temp, "w", encoding="utf-8") as f:
            json.dump(value, f, ensure_ascii=False, indent=1)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        return publish(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
