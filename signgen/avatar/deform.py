"""Per-frame mesh deformation: face targets, then linear blend skinning with forearm twist.

Everything is numpy on preallocated buffers, so a frame costs a few milliseconds and allocates
only small temporaries (the bone matrices and per-target slices).

The rig has no twist bones, so a hand turned about the forearm would wring the wrist (the
"candy-wrapper"). The deformer adds virtual twist bones along each forearm: the forearm's skin
weight is shared between copies of the forearm bone turned by 1/3, 2/3 and all of the hand's twist,
by how far the vertex lies from the elbow towards the wrist, as the radius turns about the ulna.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from signgen.avatar.asset import Avatar

TWIST_LEVELS = 3  # virtual twist bones per forearm (the forearm bone itself is level 0)
_SIDES = ("l", "r")


class Deformer:
    """Poses one avatar's mesh. The returned (V, 3) array is reused by the next call."""

    def __init__(self, avatar: Avatar) -> None:
        self.avatar = avatar
        n = len(avatar.vertices)
        self._rest = np.ascontiguousarray(avatar.vertices, np.float32)
        self._arms = [_ForearmTwist(avatar, side) for side in _SIDES]
        self._joints, self._weights = _with_twist_bones(avatar, self._arms)
        slots = self._joints.shape[1]
        self._bones = np.empty((len(avatar.skeleton) + TWIST_LEVELS * len(_SIDES), 3, 4), np.float32)
        self._morphed = np.empty((n, 3), np.float32)
        self._gathered = np.empty((n, slots, 12), np.float32)  # each influence's bone matrix
        self._blended = np.empty((n, 12), np.float32)          # weighted sum: one 3x4 map per vertex
        self._out = np.empty((n, 3), np.float32)
        self._targets = [avatar.face_target(name) for name in avatar.face_target_names]

    def morph(self, face_weights: np.ndarray | None) -> np.ndarray:
        """(V, 3) rest vertices plus the weighted face targets (only non-zero weights cost)."""
        if face_weights is None or not np.any(face_weights):
            return self._rest
        np.copyto(self._morphed, self._rest)
        for k in np.flatnonzero(face_weights):
            index, delta = self._targets[k]
            # Indices within one target are unique, so fancy-index += is exact here.
            self._morphed[index] += np.float32(face_weights[k]) * delta
        return self._morphed

    def deform(self, matrices: np.ndarray, face_weights: np.ndarray | None = None) -> np.ndarray:
        """Posed vertices (V, 3) float32, metres.

        matrices: (J, 3, 4) per-bone maps from rest to posed points (``Skeleton.skinning_matrices``).
        face_weights: (K,) weights of ``avatar.face_target_names`` (usually 0..1), or None.
        """
        source = self.morph(face_weights)
        j = len(matrices)
        self._bones[:j] = matrices
        for k, arm in enumerate(self._arms):
            self._bones[j + k * TWIST_LEVELS: j + (k + 1) * TWIST_LEVELS] = arm.matrices(matrices)
        np.take(self._bones.reshape(-1, 12), self._joints, axis=0, out=self._gathered)
        np.einsum("vk,vkm->vm", self._weights, self._gathered, out=self._blended)
        maps = self._blended.reshape(-1, 3, 4)
        np.einsum("vab,vb->va", maps[:, :, :3], source, out=self._out)
        self._out += maps[:, :, 3]
        return self._out


class _ForearmTwist:
    """Twist bones of one forearm: copies of the forearm bone turned about its own axis."""

    def __init__(self, avatar: Avatar, side: str) -> None:
        sk = avatar.skeleton
        self.forearm, self.hand = sk.index(f"lowerarm_{side}"), sk.index(f"hand_{side}")
        self.elbow = sk.heads[self.forearm]
        span = sk.heads[self.hand] - self.elbow
        self.length = float(np.linalg.norm(span))
        self.axis = span / self.length  # rest forearm axis (bone frames are world-aligned at rest)
        self.fractions = np.arange(1, TWIST_LEVELS + 1) / TWIST_LEVELS

    def position(self, points: np.ndarray) -> np.ndarray:
        """(N,) 0 at the elbow .. 1 at the wrist, for rest points (N, 3)."""
        return np.clip((points - self.elbow) @ self.axis / self.length, 0.0, 1.0)

    def matrices(self, matrices: np.ndarray) -> np.ndarray:
        """(TWIST_LEVELS, 3, 4) rest-to-posed maps of the twist bones for this frame."""
        fore, hand = matrices[self.forearm], matrices[self.hand]
        relative = fore[:, :3].T @ hand[:, :3]  # the hand's rotation in the forearm's frame
        x, y, z, w = Rotation.from_matrix(relative).as_quat()
        twist = 2.0 * np.arctan2(np.dot((x, y, z), self.axis), w)  # swing-twist split
        twist = (twist + np.pi) % (2 * np.pi) - np.pi
        elbow = fore[:, :3] @ self.elbow + fore[:, 3]  # posed elbow: all levels pivot here
        out = np.empty((TWIST_LEVELS, 3, 4))
        turns = Rotation.from_rotvec(np.outer(self.fractions * twist, self.axis)).as_matrix()
        out[:, :, :3] = fore[:, :3] @ turns
        out[:, :, 3] = elbow - out[:, :, :3] @ self.elbow
        return out


def _with_twist_bones(avatar: Avatar, arms: list[_ForearmTwist]) -> tuple[np.ndarray, np.ndarray]:
    """(V, 5) bone indices and weights: each forearm weight split between two twist levels."""
    joints = np.zeros((len(avatar.vertices), 5), np.intp)
    weights = np.zeros((len(avatar.vertices), 5), np.float32)
    joints[:, :4], weights[:, :4] = avatar.skin_joints, avatar.skin_weights
    first = len(avatar.skeleton)
    for k, arm in enumerate(arms):
        rows, slots = np.nonzero((joints[:, :4] == arm.forearm) & (weights[:, :4] > 0))
        level = arm.position(avatar.vertices[rows]) * TWIST_LEVELS
        low = np.minimum(np.floor(level).astype(int), TWIST_LEVELS - 1)
        upper = level - low
        w = weights[rows, slots].copy()
        # Level 0 is the forearm bone itself; level i > 0 is twist bone first + k * LEVELS + i - 1.
        bone = lambda lv: np.where(lv == 0, arm.forearm, first + k * TWIST_LEVELS + lv - 1)  # noqa: E731
        joints[rows, slots], weights[rows, slots] = bone(low), w * (1 - upper)
        joints[rows, 4], weights[rows, 4] = bone(low + 1), w * upper
    return joints, weights
