"""Handshapes: HamNoSys hand forms -> finger and thumb joint rotations on the avatar's hand.

All rotations are local rotations in the skeleton's world-aligned rest frames (see
`signgen.motion.skeleton`). A hand's own axes are measured from its rest bones:
``along`` (wrist to middle knuckle), ``index_side`` (little- to index-finger knuckle) and
``palm`` (the palm's outward normal), so one set of angles serves both hands.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from scipy.optimize import minimize
from scipy.spatial.transform import Rotation

from signgen.hamnosys.model import Handshape
from signgen.motion.skeleton import Skeleton
from signgen.synthesis.vec import axis_angle

FINGERS = ("index", "middle", "ring", "pinky")

# Flexion (degrees) of the three finger joints (knuckle, middle, end) in each finger state.
FINGER_STATES = {
    "extended": (0.0, 0.0, 0.0),
    "closed": (88.0, 100.0, 65.0),
    "pinch": (48.0, 52.0, 28.0),
    "cee": (32.0, 38.0, 22.0),
    "bent": (80.0, 0.0, 0.0),
    "hooked": (5.0, 90.0, 70.0),
    "doublebent": (70.0, 75.0, 0.0),
    "doublehooked": (75.0, 95.0, 70.0),
    "relaxed": (18.0, 22.0, 12.0),
    "wiggle": (30.0, 28.0, 12.0),  # the bent phase of a finger play (synthesis only, not a written bend)
}
# Each base form: states of index, middle, ring, pinky; default thumb; spread (deg) per finger.
BASE_FORMS = {
    "fist": (("closed",) * 4, "across", (0, 0, 0, 0)),
    "flathand": (("extended",) * 4, "along", (0, 0, 0, 0)),
    "finger2": (("extended", "closed", "closed", "closed"), "across", (0, 0, 0, 0)),
    "finger23": (("extended", "extended", "closed", "closed"), "across", (0, 0, 0, 0)),
    "finger23spread": (("extended", "extended", "closed", "closed"), "across", (-12, 10, 0, 0)),
    "finger2345": (("extended",) * 4, "across", (-10, 0, 8, 16)),
    "pinch12": (("pinch", "closed", "closed", "closed"), "pinch", (0, 0, 0, 0)),
    "pinchall": (("pinch",) * 4, "pinch", (0, 0, 0, 0)),
    "pinch12open": (("pinch", "extended", "extended", "extended"), "pinch", (0, 4, 9, 15)),
    "cee12": (("cee", "closed", "closed", "closed"), "cee", (0, 0, 0, 0)),
    "ceeall": (("cee",) * 4, "cee", (0, 0, 0, 0)),
    "cee12open": (("cee", "extended", "extended", "extended"), "cee", (0, 4, 9, 15)),
}
THUMB_MODIFIERS = {"out": "out", "across": "across", "open": "open"}


@dataclass(frozen=True)
class HandPose:
    """Local rotations (3,3) for the hand's finger bones, keyed by skeleton bone index."""

    rotations: dict[int, np.ndarray]


def _rot(axis: np.ndarray, degrees: float) -> np.ndarray:
    return axis_angle(axis, float(np.radians(degrees)))


class HandModel:
    """One hand (``side`` ``r`` or ``l``) of a skeleton: its axes, bones and handshapes."""

    def __init__(self, skeleton: Skeleton, side: str) -> None:
        self.skeleton = skeleton
        self.side = side
        self.hand = skeleton.index(f"hand_{side}")
        self.bones = {
            finger: [skeleton.index(f"{finger}_0{k}_{side}") for k in (1, 2, 3)]
            for finger in FINGERS + ("thumb",)
        }
        self._thumbs: dict[tuple, dict[int, np.ndarray]] = {}

    # -- rest geometry -------------------------------------------------------------------
    @cached_property
    def axes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Unit vectors (along, index_side, palm) of the hand at rest, world frame."""
        heads = self.skeleton.heads
        along = heads[self.bones["middle"][0]] - heads[self.hand]
        along /= np.linalg.norm(along)
        index_side = heads[self.bones["index"][0]] - heads[self.bones["pinky"][0]]
        index_side -= (index_side @ along) * along
        index_side /= np.linalg.norm(index_side)
        palm = np.cross(index_side, along) if self.side == "r" else np.cross(along, index_side)
        return along, index_side, palm

    @property
    def palm_centre_rest(self) -> np.ndarray:
        """(3,) rest position of the middle of the palm's surface."""
        heads = self.skeleton.heads
        centre = 0.5 * (heads[self.hand] + heads[self.bones["middle"][0]])
        return centre + 0.012 * self.axes[2]

    def tip_rest(self, finger: str) -> np.ndarray:
        return self.skeleton.tails[self.bones[finger][2]]

    # -- fingers -------------------------------------------------------------------------
    def _finger_rotations(self, finger: str, state: str, spread: float) -> dict[int, np.ndarray]:
        along, index_side, palm = self.axes
        bones = self.bones[finger]
        direction = self.skeleton.tails[bones[0]] - self.skeleton.heads[bones[0]]
        flex_axis = np.cross(direction, palm)
        flex_axis /= np.linalg.norm(flex_axis)
        spread_axis = np.cross(along, -index_side)
        spread_axis /= np.linalg.norm(spread_axis)
        angles = FINGER_STATES[state]
        out = {bones[0]: _rot(flex_axis, angles[0]) @ _rot(spread_axis, spread)}
        out[bones[1]] = _rot(flex_axis, angles[1])
        out[bones[2]] = _rot(flex_axis, angles[2])
        return out

    def _chain_points(self, rotations: dict[int, np.ndarray], finger: str) -> np.ndarray:
        """Rest-frame positions (4,3) of a finger's three joints and tip, hand unrotated."""
        sk = self.skeleton
        bones = self.bones[finger]
        world = np.eye(3)
        pos = sk.heads[bones[0]].copy()
        points = [pos.copy()]
        for k, bone in enumerate(bones):
            world = world @ rotations.get(bone, np.eye(3))
            end = sk.tails[bone] if k == 2 else sk.heads[bones[k + 1]]
            pos = pos + world @ (end - sk.heads[bone])
            points.append(pos.copy())
        return np.array(points)

    # -- thumb ---------------------------------------------------------------------------
    def _thumb_target(self, thumb: str, fingers: dict[int, np.ndarray], partner: str = "index") -> np.ndarray:
        along, index_side, palm = self.axes
        base = self.skeleton.heads[self.bones["thumb"][0]]
        index_tip = self._chain_points(fingers, partner)[-1]
        if thumb == "pinch":
            return index_tip
        if thumb == "cee":
            return index_tip + 0.04 * palm - 0.01 * along
        if thumb == "across":
            knuckles = 0.5 * (self._chain_points(fingers, "index")[2] + self._chain_points(fingers, "middle")[2])
            return knuckles + 0.014 * palm - 0.005 * along
        if thumb == "along":
            return self.skeleton.heads[self.bones["index"][0]] + 0.012 * index_side + 0.01 * palm + 0.01 * along
        if thumb == "out":
            return base + 0.07 * _unit(0.85 * index_side + 0.5 * along)
        return base + 0.065 * _unit(0.55 * index_side + 0.55 * palm + 0.45 * along)  # open

    def _thumb_rotations(self, params: np.ndarray) -> dict[int, np.ndarray]:
        bones = self.bones["thumb"]
        sk = self.skeleton
        _, _, palm = self.axes
        direction = sk.tails[bones[1]] - sk.heads[bones[1]]
        flex_axis = _unit(np.cross(direction, palm))
        return {
            bones[0]: Rotation.from_rotvec(params[:3]).as_matrix(),
            bones[1]: _rot(flex_axis, np.degrees(params[3])),
            bones[2]: _rot(flex_axis, np.degrees(params[4])),
        }

    def _solve_thumb(self, target: np.ndarray) -> dict[int, np.ndarray]:
        """Thumb rotations bringing its tip to ``target``; many handshapes share a target, so
        solutions are kept per target (to the millimetre)."""
        key = tuple(np.round(target, 3))
        if key not in self._thumbs:
            self._thumbs[key] = self._thumb_rotations(self._fit_thumb(target))
        return self._thumbs[key]

    def _fit_thumb(self, target: np.ndarray) -> np.ndarray:
        def cost(params: np.ndarray) -> float:
            tip = self._chain_points(self._thumb_rotations(params), "thumb")[-1]
            return float(np.sum((tip - target) ** 2) * 1e4 + 0.002 * np.sum(params ** 2))

        bounds = [(-1.3, 1.3)] * 3 + [(0.0, 1.2), (0.0, 1.3)]
        best = minimize(cost, np.zeros(5), method="L-BFGS-B", bounds=bounds)
        return best.x

    # -- public --------------------------------------------------------------------------
    def pose(self, shape: Handshape) -> HandPose:
        """Finger and thumb rotations for a HamNoSys handshape (cached per shape)."""
        return _cached_pose(self, shape)

    def relaxed(self) -> HandPose:
        rotations: dict[int, np.ndarray] = {}
        for finger in FINGERS:
            rotations.update(self._finger_rotations(finger, "relaxed", 0.0))
        rotations.update(self._solve_thumb(self._thumb_target("open", rotations)))
        return HandPose(rotations)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


DIGITS = set(FINGERS)
SELECTED = {  # the fingers a base form singles out (the ones a finger specification can replace)
    "finger2": ("index",), "finger23": ("index", "middle"), "finger23spread": ("index", "middle"),
    "pinch12": ("index",), "pinch12open": ("index",), "cee12": ("index",), "cee12open": ("index",),
}


def finger_states(shape: Handshape) -> dict[str, str]:
    """State of each finger: the base form's, re-selected and re-bent by finger specifications.

    A specification naming fingers without a bending re-selects: those fingers take the role of
    the base's selected finger(s) (``hamfinger2 hampinky`` is the I-hand; ``hampinch12open
    hampinky`` pinches with the little finger), and the fingers they replace take the others' state.
    A specification with a bending bends just the fingers it names.
    """
    base_states, _, _ = BASE_FORMS[shape.base]
    states = dict(zip(FINGERS, base_states))
    for finger, state in states.items():
        if state == "extended" and shape.bend and shape.bend != "straight":
            states[finger] = shape.bend
    selected = SELECTED.get(shape.base, ())
    for spec in shape.fingers:
        digits = [d for d in spec.digits if d in DIGITS]
        if not digits or spec.crossing:
            continue
        if spec.bend:
            for d in digits:
                states[d] = "extended" if spec.bend == "straight" else spec.bend
        elif selected and spec.part is None:
            role = states[selected[0]]
            others = next((states[f] for f in FINGERS if f not in selected), "closed")
            for f in selected:
                states[f] = others
            for d in digits:
                states[d] = role
            selected = tuple(digits)
    return states


@lru_cache(maxsize=512)
def _cached_pose(model: HandModel, shape: Handshape) -> HandPose:
    if shape.base not in BASE_FORMS:
        raise ValueError(f"unknown handshape {shape.base!r}")
    _, thumb, spreads = BASE_FORMS[shape.base]
    states = finger_states(shape)
    rotations: dict[int, np.ndarray] = {}
    for finger, spread in zip(FINGERS, spreads):
        rotations.update(model._finger_rotations(finger, states[finger], spread))
    thumb = THUMB_MODIFIERS.get(shape.thumb or "", thumb)
    # The thumb meets the finger that pinches or curves (the index unless re-selected).
    partner = next((f for f in FINGERS if states[f] in ("pinch", "cee")), "index")
    rotations.update(model._solve_thumb(model._thumb_target(thumb, rotations, partner)))
    return HandPose(rotations)
