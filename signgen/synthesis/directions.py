"""HamNoSys direction letters as unit vectors in the avatar's world frame.

World frame: +X the signer's left, +Y up, +Z forward (away from the signer's body).
Letters are from the signer's point of view: l/r left/right, u/d up/down, o out (forward),
i in (towards the body); combinations add (``ul`` = up-left, ``dio`` is never written).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

_AXES = {
    "u": (0.0, 1.0, 0.0), "d": (0.0, -1.0, 0.0),
    "l": (1.0, 0.0, 0.0), "r": (-1.0, 0.0, 0.0),
    "o": (0.0, 0.0, 1.0), "i": (0.0, 0.0, -1.0),
}
MIRROR = str.maketrans("lr", "rl")


@lru_cache(maxsize=None)
def _direction(letters: str) -> tuple[float, float, float]:
    vec = np.zeros(3)
    for letter in letters:
        if letter not in _AXES:
            raise ValueError(f"unknown direction letter {letter!r} in {letters!r}")
        vec += _AXES[letter]
    norm = np.linalg.norm(vec)
    if norm == 0:
        raise ValueError(f"direction {letters!r} has no length")
    return tuple(vec / norm)


def direction(letters: str) -> np.ndarray:
    """Unit vector (3,) for HamNoSys direction letters such as ``u``, ``dl``, ``uo``."""
    return np.array(_direction(letters))


def mirror(letters: str | None) -> str | None:
    """The same direction seen in a mirror across the body's midline (left <-> right)."""
    return None if letters is None else letters.translate(MIRROR)
