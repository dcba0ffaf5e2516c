"""Output files appear whole or not at all: written under a temporary name beside the target, then
renamed into place with the permissions an ordinary new file would get."""

from __future__ import annotations

import os
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def publish(temp: Path | str, path: Path | str) -> Path:
    """Rename the finished ``temp`` onto ``path``. Temporary files are created owner-only; the
    published file gets the usual 0666 less the umask, so a web server or playout system run by
    another user can read the newsroom's videos."""
    os.chmod(temp, 0o666 & ~_umask())
    os.replace(temp, path)
    return Path(path)
