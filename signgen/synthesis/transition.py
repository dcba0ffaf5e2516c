"""Transitions planned in hand space: from the last pose of one sign to the first of the next.

Blending two poses joint by joint moves the hands along arcs nobody chose, and can sweep a hand or
forearm through the body. Here each wrist travels the straight line between its two places, bowed
forwards when that line would graze the body, with the minimum-jerk profile; each hand turns along
the shortest arc with the same profile; the fingers and the rest of the body keep the joint blend;
and the arms are solved by IK for every frame, the elbow swivelling from where the first pose holds
it to where the second wants it.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation, Slerp

from signgen.motion.clip import slerp, to_matrices
from signgen.synthesis.body import hand_points
from signgen.synthesis.synthesize import Synthesizer

BOW_SAMPLES = np.linspace(0.1, 0.9, 9)  # places along the straight path checked against the body
MAX_BOW_M = 0.25
END_FADE = 0.15   # fraction of the transition at each end over which the planned arm takes over
SWIVEL_PULL = 3.0  # cost per degree of leaving the planned swivel, against `ArmModel.swivel_costs`


def minimum_jerk(s: np.ndarray) -> np.ndarray:
    """Progress (0 -> 1) with zero velocity and acceleration at both ends, for time fractions ``s``."""
    s = np.clip(np.asarray(s, float), 0.0, 1.0)
    return np.clip(s**3 * (10.0 - 15.0 * s + 6.0 * s**2), 0.0, 1.0)  # rounding can leave [0, 1]


class TransitionPlanner:
    """Plans the arms of transition frames for one synthesizer's body."""

    def __init__(self, synthesizer: Synthesizer) -> None:
        self.synth = synthesizer
        self.skeleton = synthesizer.skeleton

    def plan(self, a: np.ndarray, b: np.ndarray, progress: np.ndarray, blended: np.ndarray) -> np.ndarray:
        """(N, J, 4) transition poses from pose ``a`` to ``b`` (J, 4) at ``progress`` (N,) in [0, 1]
        (already eased); ``blended`` (N, J, 4) is the joint-by-joint blend, kept for every joint
        but the arms."""
        ends = [self.skeleton.forward(to_matrices(pose)) for pose in (a, b)]
        frames = Rotation.from_quat(blended.reshape(-1, 4)).as_matrix().reshape(blended.shape[:2] + (3, 3))
        posed = self.skeleton.forward_batch(blended)
        for side, arm in self.synth.arms.items():
            wrists = self._wrist_path(side, ends, progress, posed)
            turns = Slerp([0.0, 1.0], Rotation.from_matrix([ends[0][0][arm.hand], ends[1][0][arm.hand]]))
            hands = turns(progress).as_matrix()
            wrists, swivels = self._arm_track(side, ends, progress, wrists, hands)
            for k in range(len(progress)):
                for bone, matrix in arm.solve(wrists[k], hands[k], swivel=swivels[k]).items():
                    frames[k, bone] = matrix
        planned = Rotation.from_matrix(frames.reshape(-1, 3, 3)).as_quat().reshape(blended.shape)
        return self._settle(blended, planned, progress)

    def _settle(self, blended: np.ndarray, planned: np.ndarray, progress: np.ndarray) -> np.ndarray:
        """The planned arms eased in from the first pose's own arms and out into the second's,
        over END_FADE of the transition at each end: the joins stay seamless even where the
        planner would place an end differently from the sign itself."""
        fade = np.clip(np.minimum(progress, 1.0 - progress) / END_FADE, 0.0, 1.0)
        out = planned.copy()
        bones = [b for arm in self.synth.arms.values() for b in (arm.upper, arm.fore, arm.hand)]
        for k, weight in enumerate(fade):
            if weight < 1.0:
                out[k, bones] = slerp(blended[k, bones], planned[k, bones], weight)
        return out

    def _hand_offsets(self, side: str, posed: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Points of the hand (N, P, 3) relative to its wrist in the hand's own frame, and radii (P,),
        for N posed frames (world rotations and positions from `Skeleton.forward_batch`)."""
        rot, _ = posed
        offsets, radii = hand_points(*posed, self.skeleton, side)
        hand = self.synth.arms[side].hand
        return np.einsum("npc,ncd->npd", offsets, rot[:, hand]), radii

    def _wrist_path(self, side: str, ends, progress: np.ndarray, posed) -> np.ndarray:
        """(N, 3) wrist positions: the straight line, bowed away from the body where it grazes it,
        each then cleared of the body with the frame's own hand shape."""
        hand = self.synth.arms[side].hand
        start, end = ends[0][1][hand], ends[1][1][hand]
        turn = Slerp([0.0, 1.0], Rotation.from_matrix([ends[0][0][hand], ends[1][0][hand]]))
        hulls, radii = self._hand_offsets(side, posed)
        offsets = hulls[len(hulls) // 2]
        bow = np.zeros(3)  # the bulge at mid-path that keeps every checked place clear
        for s, rotation in zip(BOW_SAMPLES, turn(BOW_SAMPLES).as_matrix()):
            point = start + s * (end - start)
            need = self.synth.body.clearance(point + offsets @ rotation.T, radii) / (4.0 * s * (1.0 - s))
            if need @ need > bow @ bow:
                bow = need
        bow = np.clip(bow, -MAX_BOW_M, MAX_BOW_M)
        p = progress[:, None]
        line = start + p * (end - start) + 4.0 * p * (1.0 - p) * bow
        wrists = np.empty_like(line)
        rotations = turn(progress).as_matrix()
        for k, (wrist, rotation, offsets) in enumerate(zip(line, rotations, hulls)):
            wrists[k] = self.synth.clear_hand(side, wrist, offsets @ rotation.T, radii)
        return wrists

    def _arm_track(self, side: str, ends, progress: np.ndarray, wrists: np.ndarray,
                   hands: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Wrists (N, 3) and elbow swivels (N,): the elbow goes from the first pose's swivel to the
        second's, leaving that course only where the wrist's range or the body asks for it."""
        arm = self.synth.arms[side]
        first, last = (arm.swivel_of(pos[arm.hand], pos[arm.fore]) for _, pos in ends)
        planned = first + progress * (last - first)
        wrists, swivels = self.synth.arm_track(side, wrists, hands, planned, SWIVEL_PULL)
        for k in range(len(wrists)):
            self.synth.settle_forearm(side, wrists[k], hands[k], swivels, k)
        return wrists, swivels
