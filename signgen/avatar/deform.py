"""Per-frame mesh deformation: face targets, then linear blend skinning.

Everything is numpy on preallocated buffers, so a frame costs a few milliseconds and allocates
only small temporaries (the (J, 12) matrices and per-target slices).
"""

from __future__ import annotations

import numpy as np

from signgen.avatar.asset import Avatar


class Deformer:
    """Poses one avatar's mesh. The returned (V, 3) array is reused by the next call."""

    def __init__(self, avatar: Avatar) -> None:
        self.avatar = avatar
        n = len(avatar.vertices)
        self._rest = np.ascontiguousarray(avatar.vertices, np.float32)
        self._joints = np.ascontiguousarray(avatar.skin_joints, np.intp)
        self._weights = np.ascontiguousarray(avatar.skin_weights, np.float32)
        self._morphed = np.empty((n, 3), np.float32)
        self._gathered = np.empty((n, 4, 12), np.float32)    # each influence's bone matrix
        self._blended = np.empty((n, 12), np.float32)        # weighted sum: one 3x4 map per vertex
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
        bones = np.ascontiguousarray(matrices, np.float32).reshape(len(matrices), 12)
        np.take(bones, self._joints, axis=0, out=self._gathered)
        np.einsum("vk,vkm->vm", self._weights, self._gathered, out=self._blended)
        maps = self._blended.reshape(-1, 3, 4)
        np.einsum("vab,vb->va", maps[:, :, :3], source, out=self._out)
        self._out += maps[:, :, 3]
        return self._out
