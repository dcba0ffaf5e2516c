"""A disk cache of synthesised clips, keyed by notation hash.

Synthesis is deterministic, so a clip depends only on the notation, the timing mode, the avatar
asset and the synthesis code. The key covers all four (the code through a hash of the synthesis
sources), so editing any of them simply misses the cache. Entries are small .npy files written
atomically; a damaged one is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from signgen.motion.clip import Clip


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the source files that decide what a notation synthesises to."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha1()
    for path in sorted((root / "synthesis").glob("*.py")) + sorted((root / "hamnosys").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "signgen" / "clips"


class ClipCache:
    """Clips stored as (T, J, 4) quaternion arrays under ``folder``; ``rate`` is fixed per cache."""

    def __init__(self, folder: Path, avatar_id: str, rate: float) -> None:
        self.folder = Path(folder)
        self.avatar_id = avatar_id
        self.rate = rate

    def key(self, notation: str, letter: bool) -> str:
        text = f"{code_fingerprint()}|{self.avatar_id}|{letter}|{notation}"
        return hashlib.sha1(text.encode()).hexdigest()

    def get(self, key: str, name: str) -> Clip | None:
        path = self.folder / f"{key}.npy"
        try:
            return Clip(name, np.load(path), self.rate)
        except (OSError, ValueError):
            return None

    def put(self, key: str, clip: Clip) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.{os.getpid()}.npy"
            np.save(tmp, clip.quaternions)
            os.replace(tmp, self.folder / f"{key}.npy")
        except OSError:
            pass  # a read-only cache only costs speed
