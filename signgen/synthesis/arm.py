"""Arm inverse kinematics: a wrist position and hand orientation -> shoulder, elbow, wrist rotations.

Two-bone analytic IK. The elbow's swing blends a signer's natural elbow (down, out, slightly back)
with the place that would keep the wrist straight (the forearm in line with the hand), so the
hand is reached without a sharply bent wrist. The hand's twist about the forearm stays at the wrist:
the avatar's deformer spreads it along the forearm's skin (`signgen.avatar.deform`).
The upper arm keeps the elbow's rest bending plane.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from signgen.motion.skeleton import Skeleton
from signgen.synthesis.orientation import align
from signgen.synthesis.vec import axis_angle, cross, norm

STRAIGHT_WRIST_WEIGHT = 0.6
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

    def __init__(self, skeleton: Skeleton, side: str) -> None:
        self.side = side
        self.upper = skeleton.index(f"upperarm_{side}")
        self.fore = skeleton.index(f"lowerarm_{side}")
        self.hand = skeleton.index(f"hand_{side}")
        heads = skeleton.heads
        self.shoulder = heads[self.upper]
        self.upper_dir = _unit(heads[self.fore] - heads[self.upper])
        self.fore_dir = _unit(heads[self.hand] - heads[self.fore])
        self.hand_along = _unit(heads[skeleton.index(f"middle_01_{side}")] - heads[self.hand])
        self.upper_len = float(norm(heads[self.fore] - heads[self.upper]))
        self.fore_len = float(norm(heads[self.hand] - heads[self.fore]))
        # The direction the forearm bends towards, seen from the upper arm, at rest.
        bend = self.fore_dir - (self.fore_dir @ self.upper_dir) * self.upper_dir
        self.bend_dir = _unit(bend)
        outward = -1.0 if side == "r" else 1.0
        self.pole = _unit(np.array([0.45 * outward, -1.0, -0.25]))

    @property
    def reach(self) -> float:
        return self.upper_len + self.fore_len

    def _clear_forearm(self, elbow: np.ndarray, wrist: np.ndarray,
                       inside: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """The elbow swung about the shoulder-wrist axis, outwards first, in 10-degree steps until
        no point of the forearm is inside the body (the least-deep swing if none is clear)."""
        axis = _unit(self.within_reach(wrist) - self.shoulder)
        arm = elbow - self.shoulder

        def depth(candidate: np.ndarray) -> float:
            return float(np.max(inside(candidate + FOREARM_SAMPLES * (wrist - candidate))))

        best, best_depth = elbow, depth(elbow)
        if best_depth <= 0.0:
            return elbow
        outward = -1.0 if self.side == "r" else 1.0
        for degrees in range(10, 100, 10):
            for sign in (1.0, -1.0):
                candidate = self.shoulder + axis_angle(axis, sign * np.radians(degrees)) @ arm
                if (candidate[0] - elbow[0]) * outward < 0 and sign > 0:
                    continue  # try the outward swing first
                d = depth(candidate)
                if d < best_depth:
                    best, best_depth = candidate, d
            if best_depth <= 0.0:
                break
        return best

    def within_reach(self, wrist: np.ndarray) -> np.ndarray:
        """``wrist`` pulled towards the shoulder just enough to be reachable."""
        offset = wrist - self.shoulder
        dist = float(norm(offset))
        limit = 0.99 * self.reach
        return wrist if dist <= limit else self.shoulder + offset * (limit / dist)

    def elbow_for(self, wrist: np.ndarray, hand_along: np.ndarray | None = None) -> np.ndarray:
        """Elbow position (3,) for a wrist target, the target pulled within reach if needed.
        ``hand_along``: the hand's wrist-to-knuckles direction, which the forearm tends to follow."""
        to_wrist = wrist - self.shoulder
        dist = float(np.clip(norm(to_wrist), 0.05, 0.995 * self.reach))
        axis = _unit(to_wrist)
        along = (self.upper_len**2 - self.fore_len**2 + dist**2) / (2 * dist)
        height = np.sqrt(max(self.upper_len**2 - along**2, 0.0))
        pole = self.pole
        if hand_along is not None:
            straight = _unit(wrist - self.fore_len * hand_along - self.shoulder)
            pole = _unit((1 - STRAIGHT_WRIST_WEIGHT) * pole + STRAIGHT_WRIST_WEIGHT * straight)
        perp = pole - (pole @ axis) * axis
        if norm(perp) < 1e-6:
            perp = self.pole - (self.pole @ axis) * axis
        if perp @ self.pole < -0.2:  # never swing the elbow up and in across the body
            perp = perp + 1.2 * self.pole
            perp = perp - (perp @ axis) * axis
        elbow = self.shoulder + along * axis + height * _unit(perp)
        if hand_along is not None and not self._natural(elbow):
            return self.elbow_for(wrist)  # the straight wrist would cost an impossible elbow
        return elbow

    def _natural(self, elbow: np.ndarray) -> bool:
        """An elbow a signer can hold: not above the shoulder, not behind the back, not across the
        body's midline."""
        outward = -1.0 if self.side == "r" else 1.0
        return (elbow[1] < self.shoulder[1] - 0.03 and elbow[2] > self.shoulder[2] - 0.12
                and elbow[0] * outward > 0.04)

    def solve(self, wrist: np.ndarray, hand_world: np.ndarray,
              inside: Callable[[np.ndarray], np.ndarray] | None = None) -> dict[int, np.ndarray]:
        """Local rotations (3,3) of upper arm, forearm and hand for a wrist target (3,) and a hand
        world rotation (3,3) (rest hand frame -> target frame). ``inside(points)``: how deep (m)
        each of points (k, 3) lies inside the body; when given, the elbow swings out until the
        forearm is clear."""
        elbow = self.elbow_for(wrist, hand_world @ self.hand_along)
        if inside is not None:
            elbow = self._clear_forearm(elbow, wrist, inside)
        upper_new = _unit(elbow - self.shoulder)
        reached = self.shoulder + (self.upper_len + self.fore_len * 0.999) * _unit(wrist - self.shoulder)
        wrist_reached = wrist if norm(wrist - self.shoulder) < self.reach else reached
        fore_new = _unit(wrist_reached - elbow)
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
