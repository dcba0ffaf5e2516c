"""Two hands against each other: where one hand goes so the hands meet as the sign says.

A HamNoSys hand constellation (``hamparbegin`` dominant part ``hamplus`` non-dominant part
``hamparend`` then ``hamtouch``/``hamclose``), a base hand the other acts on, or two mirrored hands
meeting at the midline are all placed the same way: from the whole path of the moving hand, so the
hands' contact solids (spheres of `signgen.synthesis.body.SOLID_RADII`) come within the written
gap where they are closest and overlap nowhere (HELP's fist rests on the palm at every moment,
CITY's fingertips meet without the fingers passing through each other).

Arrays: a hand solid over a path is (N, P, 3) world points (m); a still hand is (P, 3).
"""

from __future__ import annotations

import numpy as np

from signgen.synthesis.body import SOLID_RADII

# Clearance (m) between the solids' flesh: touching hands keep a hair's breadth so the skinned
# surfaces meet rather than sink in; ``close`` hands stay a finger's width apart.
CONTACT_GAP = {"touch": 0.002, "close": 0.025, None: 0.002}
SEARCH_M = (-0.15, 0.35)  # how far the placed hand may slide along the contact normal
BISECTIONS = 30


def clearance(moving: np.ndarray, still: np.ndarray) -> float:
    """The least distance (m) between the two solids' flesh over the path: negative where the
    hands overlap. moving (N, P, 3); still (P, 3) or (N, P, 3)."""
    still = np.broadcast_to(still, moving.shape)
    d = np.linalg.norm(moving[:, :, None, :] - still[:, None, :, :], axis=-1)
    return float((d - SOLID_RADII[:, None] - SOLID_RADII[None, :]).min())


def lowest(moving: np.ndarray, normal: np.ndarray) -> tuple[int, int]:
    """(sample, point) of the moving solid furthest along ``-normal``: where it presses on a
    surface facing ``normal``."""
    depth = moving @ normal - SOLID_RADII
    t, i = np.unravel_index(int(np.argmin(depth)), depth.shape)
    return int(t), int(i)


def slide_to_contact(moving: np.ndarray, still: np.ndarray, normal: np.ndarray, gap: float) -> float:
    """How far (m) to move the still solid along ``-normal`` so its least clearance to the moving
    one over the whole path is ``gap`` (negative: towards it). Clearance grows as the still hand
    backs away along ``-normal``, so bisection finds the one distance."""
    lo, hi = SEARCH_M
    for _ in range(BISECTIONS):
        mid = 0.5 * (lo + hi)
        if clearance(moving, still - mid * normal) < gap:
            lo = mid
        else:
            hi = mid
    return hi


def midline_shift(right: np.ndarray, gap: float) -> float:
    """Sideways shift (m, +x towards the signer's left) of the right hand's path that brings its
    solid's innermost flesh to ``gap / 2`` from the body's midline, where its mirror image (the
    left hand of a ``hamsymmlr`` sign) meets it."""
    return float(-0.5 * gap - (right[..., 0] + SOLID_RADII).max())
