"""Arm inverse kinematics: a wrist position and hand orientation -> shoulder, elbow, wrist rotations.

Two-bone analytic IK. For a wrist target the elbow can sit anywhere on a circle about the
shoulder-wrist axis (its swivel); the solver scores swivels around a signer's natural elbow (down,
out, slightly back) and takes the one that keeps the wrist within its anatomical range, the forearm
out of the body and the elbow where a person holds it. If no elbow lets the wrist reach the asked
hand orientation, the hand gives way: it is turned the least amount that brings the wrist within
range, as a signer does. The hand's twist about the forearm stays at the wrist: the avatar's
deformer spreads it along the forearm's skin (`signgen.avatar.deform`). The upper arm keeps the
elbow's rest bending plane.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from signgen.motion.skeleton import Skeleton
from signgen.synthesis.orientation import align
from signgen.synthesis.vec import axis_angle, cross, norm

# Wrist range the solver keeps to (degrees): flexion towards the palm or back of the hand, and
# deviation towards the thumb or little finger. Inside the textbook ranges (flexion about 80,
# extension 70, deviation 20-35) would refuse common citation forms, so flexion goes to the
# motion metric's bound (85) and deviation is allowed a little past the textbook 35.
WRIST_FLEXION_LIMIT_DEG = 85.0
WRIST_DEVIATION_LIMIT_DEG = 45.0
FOLD_BACK_DEG = 45.0  # flexion within this of 180 degrees is ambiguous (see `ArmModel.limit_wrist`)
ELBOW_FLEXION_LIMIT_DEG = 145.0  # the forearm folds at most this far from straight
# Elbow swivels tried (degrees about the shoulder-wrist axis; 0 = the natural elbow, positive
# raises the elbow outwards).
SWIVELS_DEG = np.arange(-60.0, 121.0, 7.5)
# Cost weights, in "degrees of wrist beyond its range": a centimetre of forearm in the body costs
# like 100 degrees (the hand can give way at the wrist; the body cannot), an impossible elbow like 60, and each degree away from the natural elbow a little.
DEPTH_COST_PER_M = 10000.0
UNNATURAL_COST = 60.0
SWIVEL_COST_PER_DEG = 0.08
FOREARM_SAMPLES = np.array([0.0, 0.2, 0.4, 0.6, 0.8, 0.95])[:, None]  # points along the forearm checked against the body


def _unit(v: np.ndarray) -> np.ndarray:
    return v / norm(v)


def _shortest_arc(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(3,3) rotation taking unit vector ``a`` onto unit vector ``b`` along the shortest arc."""
    axis = cross(a, b)
    sin, cos = norm(axis), float(a @ b)
    if sin < 1e-9:
        return np.eye(3)
    return axis_angle(axis / sin, float(np.arctan2(sin, cos)))


class ArmModel:
    """The arm on ``side`` (``r`` or ``l``) of a skeleton, with the clavicle held at rest."""

    def __init__(self, skeleton: Skeleton, side: str, hand_axes: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        """``hand_axes``: the hand's rest (along, index_side, palm) unit vectors (`HandModel.axes`)."""
        self.side = side
        self.upper = skeleton.index(f"upperarm_{side}")
        self.fore = skeleton.index(f"lowerarm_{side}")
        self.hand = skeleton.index(f"hand_{side}")
        heads = skeleton.heads
        self.shoulder = heads[self.upper]
        self.upper_dir = _unit(heads[self.fore] - heads[self.upper])
        self.fore_dir = _unit(heads[self.hand] - heads[self.fore])
        self.hand_along, _, self.hand_palm = hand_axes
        self.upper_len = float(norm(heads[self.fore] - heads[self.upper]))
        self.fore_len = float(norm(heads[self.hand] - heads[self.fore]))
        # The direction the forearm bends towards, seen from the upper arm, at rest.
        bend = self.fore_dir - (self.fore_dir @ self.upper_dir) * self.upper_dir
        self.bend_dir = _unit(bend)
        self.outward = -1.0 if side == "r" else 1.0
        self.pole = _unit(np.array([0.45 * self.outward, -1.0, -0.25]))
        self.swivels = np.radians(SWIVELS_DEG)  # the candidates `best_swivel` scores
        # The nearest the wrist comes to the shoulder: the elbow folded to its limit.
        interior = np.radians(180.0 - ELBOW_FLEXION_LIMIT_DEG)
        self.nearest = float(np.sqrt(self.upper_len**2 + self.fore_len**2
                                     - 2 * self.upper_len * self.fore_len * np.cos(interior)))
        self._last_circle: tuple[bytes, tuple] = (b"", ())

    @property
    def reach(self) -> float:
        return self.upper_len + self.fore_len

    def within_reach(self, wrist: np.ndarray) -> np.ndarray:
        """``wrist`` moved along the line from the shoulder just enough to be reachable: pulled in
        if too far, pushed out if nearer than the elbow can fold."""
        offset = wrist - self.shoulder
        dist = float(norm(offset))
        far = 0.99 * self.reach
        if self.nearest <= dist <= far or dist < 1e-9:
            return wrist
        return self.shoulder + offset * (float(np.clip(dist, self.nearest, far)) / dist)

    # -- the elbow circle ------------------------------------------------------------------
    def elbows(self, wrist: np.ndarray, swivels: np.ndarray) -> np.ndarray:
        """(K, 3) elbow positions for a wrist target at swivel angles (K,) radians about the
        shoulder-wrist axis; 0 is the natural elbow (towards ``pole``), positive lifts it outwards."""
        centre, down, side = self._circle(wrist)
        swivels = np.asarray(swivels, float)[:, None]
        return centre + np.cos(swivels) * down + np.sin(swivels) * side

    def _circle(self, wrist: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Centre of the elbow's circle for ``wrist`` and its two radius vectors (swivel 0 and 90
        degrees). Solving one sample asks for the same wrist several times: the last is kept."""
        key = wrist.tobytes()
        if self._last_circle[0] == key:
            return self._last_circle[1]
        to_wrist = wrist - self.shoulder
        dist = float(np.clip(norm(to_wrist), 0.05, 0.995 * self.reach))
        axis = _unit(to_wrist)
        along = (self.upper_len**2 - self.fore_len**2 + dist**2) / (2 * dist)
        height = np.sqrt(max(self.upper_len**2 - along**2, 0.0))
        down = self.pole - (self.pole @ axis) * axis
        if norm(down) < 1e-6:  # reaching straight along the pole: any perpendicular will do
            down = cross(axis, np.array([0.0, 0.0, 1.0]))
        down = _unit(down)
        side = cross(axis, down)
        if side[0] * self.outward < 0:  # positive swivel turns the elbow outwards on both arms
            side = -side
        circle = (self.shoulder + along * axis, height * down, height * side)
        self._last_circle = (key, circle)
        return circle

    def swivel_of(self, wrist: np.ndarray, elbow: np.ndarray) -> float:
        """The swivel angle (radians) of an existing elbow for this wrist (inverse of `elbows`)."""
        centre, down, side = self._circle(wrist)
        offset = elbow - centre
        return float(np.arctan2(offset @ side, offset @ down))

    def natural(self, elbows: np.ndarray) -> np.ndarray:
        """(...) bool for elbows (..., 3): where a signer can hold an elbow: not above the
        shoulder, not behind the back, not across the body's midline."""
        return ((elbows[..., 1] < self.shoulder[1] - 0.03) & (elbows[..., 2] > self.shoulder[2] - 0.12)
                & (elbows[..., 0] * self.outward > 0.04))

    # -- the wrist's range -----------------------------------------------------------------
    def wrist_angles(self, forearm: np.ndarray, hand_world: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Flexion and deviation (degrees, each (...)) of a hand with world rotation ``hand_world``
        on forearms pointing along unit vectors ``forearm`` (..., 3).

        Flexion is the bend within the plane of the hand's long axis and palm normal (positive
        towards the palm), deviation the bend out of that plane; both 0 for a straight wrist."""
        along, palm = hand_world @ self.hand_along, hand_world @ self.hand_palm
        side = cross(along, palm)
        f_along, f_palm, f_side = forearm @ along, forearm @ palm, forearm @ side
        flexion = np.degrees(np.arctan2(-f_palm, f_along))
        deviation = np.degrees(np.arctan2(f_side, np.hypot(f_along, f_palm)))
        return flexion, deviation

    def wrist_excess(self, forearm: np.ndarray, hand_world: np.ndarray) -> np.ndarray:
        """(...) degrees by which the wrist is beyond its range on each forearm direction (..., 3)."""
        flexion, deviation = self.wrist_angles(forearm, hand_world)
        return (np.clip(np.abs(flexion) - WRIST_FLEXION_LIMIT_DEG, 0.0, None)
                + np.clip(np.abs(deviation) - WRIST_DEVIATION_LIMIT_DEG, 0.0, None))

    def limit_wrist(self, forearm: np.ndarray, hand_world: np.ndarray,
                    bias: float = 0.0) -> tuple[np.ndarray, float]:
        """``hand_world`` turned the least amount that brings the wrist within its range on a
        forearm along the unit vector ``forearm`` (3,), and the wrist's flexion (degrees) then.

        A hand asked to fold right back onto the forearm (flexion near 180 degrees) could give
        way towards the palm or the back of the hand; ``bias`` (the flexion of the sample before)
        keeps the choice from flipping between samples."""
        flexion, deviation = (float(a) for a in self.wrist_angles(forearm, hand_world))
        if abs(flexion) > 180.0 - FOLD_BACK_DEG and bias * flexion < 0:
            flexion = float(np.copysign(180.0, bias))
        flex = float(np.clip(flexion, -WRIST_FLEXION_LIMIT_DEG, WRIST_FLEXION_LIMIT_DEG))
        dev = float(np.clip(deviation, -WRIST_DEVIATION_LIMIT_DEG, WRIST_DEVIATION_LIMIT_DEG))
        if flex == flexion and dev == deviation:
            return hand_world, flex
        along, palm = hand_world @ self.hand_along, hand_world @ self.hand_palm
        side = cross(along, palm)
        f, d = np.radians(flex), np.radians(dev)
        # Where the forearm would point, in the hand's current frame, at the limited angles.
        allowed = np.cos(d) * (np.cos(f) * along - np.sin(f) * palm) + np.sin(d) * side
        return _shortest_arc(_unit(allowed), forearm) @ hand_world, flex

    # -- choosing the elbow ----------------------------------------------------------------
    def swivel_costs(self, wrist: np.ndarray, hand_world: np.ndarray,
                     inside: Callable[[np.ndarray], np.ndarray] | None) -> np.ndarray:
        """(K,) cost of each candidate swivel (``SWIVELS_DEG``) for this wrist target and hand rotation."""
        swivels = self.swivels
        elbows = self.elbows(wrist, swivels)
        forearms = wrist - elbows
        forearms /= np.linalg.norm(forearms, axis=1, keepdims=True)
        cost = self.wrist_excess(forearms, hand_world)
        cost += UNNATURAL_COST * ~self.natural(elbows)
        cost += SWIVEL_COST_PER_DEG * np.degrees(np.abs(swivels))
        if inside is not None:
            points = elbows[:, None] + FOREARM_SAMPLES[None] * (wrist - elbows)[:, None]  # (K, S, 3)
            cost += DEPTH_COST_PER_M * np.max(inside(points), axis=1)
        return cost

    def best_swivel(self, wrist: np.ndarray, hand_world: np.ndarray,
                    inside: Callable[[np.ndarray], np.ndarray] | None = None,
                    near: float | None = None, pull: float = SWIVEL_COST_PER_DEG) -> float:
        """The swivel (radians) with the least cost, each degree away from ``near`` (if given)
        costing ``pull`` more: so an elbow does not hop between equally good places from one
        sample to the next, or keeps to a planned course. ``near`` itself is kept when nothing
        is wrong there (wrist in range, forearm clear, a natural elbow): elbows hold still."""
        if near is not None and self.keeps(wrist, hand_world, inside, near):
            return float(near)
        cost = self.swivel_costs(wrist, hand_world, inside)
        if near is not None:
            cost = cost + pull * np.degrees(np.abs(self.swivels - near))
        return float(self.swivels[int(np.argmin(cost))])

    def keeps(self, wrist: np.ndarray, hand_world: np.ndarray,
              inside: Callable[[np.ndarray], np.ndarray] | None, swivel: float) -> bool:
        """Nothing is wrong with ``swivel`` here: the elbow natural, the wrist in range, the
        forearm clear of the body (the checks of `swivel_costs`, for one swivel)."""
        elbow = self.elbow(wrist, swivel)
        return (bool(self.natural(elbow)) and self.wrist_excess(_unit(wrist - elbow), hand_world) <= 0.0
                and (inside is None or self.forearm_depth(wrist, swivel, inside) <= 0.0))

    def elbow(self, wrist: np.ndarray, swivel: float) -> np.ndarray:
        """The elbow (3,) at one swivel (radians) for ``wrist``."""
        centre, down, side = self._circle(wrist)
        return centre + math.cos(swivel) * down + math.sin(swivel) * side

    def forearm_depth(self, wrist: np.ndarray, swivel: float, inside: Callable[[np.ndarray], np.ndarray]) -> float:
        """How deep (m) the forearm reaching ``wrist`` with the elbow at ``swivel`` lies in the body."""
        elbow = self.elbow(wrist, swivel)
        return float(np.max(inside(elbow + FOREARM_SAMPLES * (wrist - elbow))))

    def forearm(self, wrist: np.ndarray, swivel: float) -> np.ndarray:
        """Unit direction (3,) of the forearm reaching ``wrist`` with the elbow at ``swivel``."""
        return _unit(wrist - self.elbow(wrist, swivel))

    def solve(self, wrist: np.ndarray, hand_world: np.ndarray,
              inside: Callable[[np.ndarray], np.ndarray] | None = None,
              swivel: float | None = None, limited: bool = False) -> dict[int, np.ndarray]:
        """Local rotations (3,3) of upper arm, forearm and hand for a wrist target (3,) and a hand
        world rotation (3,3) (rest hand frame -> target frame). ``inside(points)``: how deep (m)
        each of points (..., 3) lies inside the body, used to keep the forearm out. ``swivel``:
        the elbow's swivel (radians) if already chosen (`best_swivel`), else chosen here.
        ``limited``: the hand rotation is already within the wrist's range (`limit_wrist`)."""
        if norm(wrist - self.shoulder) < self.nearest:
            # Every stage before may move the wrist (a path passing the shoulder, the hand pushed
            # out of the head, the forearm brought out of the chest, a contact settled): whatever
            # they asked, the elbow folds no further than its limit and the hand stops short.
            wrist = self.within_reach(wrist)
        if swivel is None:
            swivel = self.best_swivel(wrist, hand_world, inside)
        elbow = self.elbow(wrist, swivel)
        upper_new = _unit(elbow - self.shoulder)
        reached = self.shoulder + (self.upper_len + self.fore_len * 0.999) * _unit(wrist - self.shoulder)
        wrist_reached = wrist if norm(wrist - self.shoulder) < self.reach else reached
        fore_new = _unit(wrist_reached - elbow)
        if not limited:
            hand_world, _ = self.limit_wrist(fore_new, hand_world)
        bend_new = fore_new - (fore_new @ upper_new) * upper_new
        if norm(bend_new) < 1e-4:  # straight arm: keep the pole's side
            bend_new = -(self.pole - (self.pole @ upper_new) * upper_new)
        upper_world = align(self.upper_dir, self.bend_dir, upper_new, bend_new)
        fore_world = _shortest_arc(upper_world @ self.fore_dir, fore_new) @ upper_world
        return {
            self.upper: upper_world,
            self.fore: upper_world.T @ fore_world,
            self.hand: fore_world.T @ hand_world,
        }
