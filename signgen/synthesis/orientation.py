"""Hand orientation from HamNoSys extended-finger direction and palm orientation.

HamNoSys gives the palm orientation relative to the extended-finger direction. The rule used here:
take a hand whose fingers point forward (``o``); there the eight palm symbols name the palm
normal's direction directly (``d`` down, ``l`` to the signer's left...). Turn that hand along the
shortest arc until its fingers point the written way; the palm turns with it. So with fingers up,
``hampalmd`` faces away from the signer and ``hampalmu`` towards the signer.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from signgen.synthesis.directions import direction
from signgen.synthesis.vec import cross, norm

FORWARD = np.array([0.0, 0.0, 1.0])


def _turn_from_forward(target: np.ndarray) -> np.ndarray:
    """(3,3) shortest-arc rotation taking +Z to ``target``; a half turn is taken about +Y."""
    axis = np.cross(FORWARD, target)
    sin, cos = np.linalg.norm(axis), float(FORWARD @ target)
    if sin < 1e-9:
        return np.eye(3) if cos > 0 else Rotation.from_rotvec([0.0, np.pi, 0.0]).as_matrix()
    return Rotation.from_rotvec(axis / sin * np.arctan2(sin, cos)).as_matrix()


def finger_and_palm(finger_direction: str, palm: str) -> tuple[np.ndarray, np.ndarray]:
    """World unit vectors (3,), (3,) of the extended fingers and of the palm normal."""
    fingers = direction(finger_direction)
    palm_for_forward_hand = direction(palm)
    palm_for_forward_hand[2] = 0.0  # palm symbols lie in the plane across a forward-pointing hand
    palm_for_forward_hand /= np.linalg.norm(palm_for_forward_hand)
    palm_vec = _turn_from_forward(fingers) @ palm_for_forward_hand
    return fingers, palm_vec


def frame(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """(3,3) orthonormal frame whose columns are ``first``, ``second`` made orthogonal, and their cross."""
    a = first / norm(first)
    b = second - (second @ a) * a
    b = b / norm(b)
    return np.column_stack([a, b, cross(a, b)])


def align(rest_first: np.ndarray, rest_second: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """(3,3) rotation taking the rest pair of directions onto the target pair."""
    return frame(first, second) @ frame(rest_first, rest_second).T
