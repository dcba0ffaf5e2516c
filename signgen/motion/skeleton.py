"""The avatar's skeleton and forward kinematics.

Convention (kept deliberately simple so BVH export and IK need no bone rolls): every bone's rest
frame is aligned with the world axes and sits at the bone's head. A pose is one local rotation per
bone, expressed in that world-aligned frame relative to the parent; the identity pose is the mesh's
rest (A-)pose. World axes: metres, +Y up, +Z the avatar's front, +X the avatar's left.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np


@dataclass(frozen=True, eq=False)
class Skeleton:
    """Bones in parent-before-child order.

    names: J bone names (``hand_r``, ``index_01_r``...).
    parents: (J,) int, parent index per bone, -1 for the root; ``parents[j] < j``.
    heads: (J, 3) float, rest head (joint) position of each bone, metres.
    tails: (J, 3) float, rest tail position, metres (a finger's last tail is its tip).
    """

    names: tuple[str, ...]
    parents: np.ndarray
    heads: np.ndarray
    tails: np.ndarray

    def __post_init__(self) -> None:
        if any(p >= j for j, p in enumerate(self.parents)):
            raise ValueError("skeleton bones must be ordered parents first")

    @cached_property
    def _index(self) -> dict[str, int]:
        return {name: j for j, name in enumerate(self.names)}

    def index(self, name: str) -> int:
        return self._index[name]

    def __len__(self) -> int:
        return len(self.names)

    @cached_property
    def offsets(self) -> np.ndarray:
        """(J, 3) head position relative to the parent's head (the root's own head)."""
        parent_heads = np.where(self.parents[:, None] >= 0, self.heads[self.parents], 0.0)
        return self.heads - parent_heads

    def chain(self, name: str) -> list[int]:
        """Indices from the root down to ``name``."""
        j = self.index(name)
        out = []
        while j >= 0:
            out.append(j)
            j = int(self.parents[j])
        return out[::-1]

    def forward(self, rotations: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """World rotations (J, 3, 3) and head positions (J, 3) for local rotations (J, 3, 3)."""
        world_rot = np.empty_like(rotations)
        world_pos = np.empty((len(self.names), 3))
        offsets = self.offsets
        for j, p in enumerate(self.parents):
            if p < 0:
                world_rot[j] = rotations[j]
                world_pos[j] = offsets[j]
            else:
                world_rot[j] = world_rot[p] @ rotations[j]
                world_pos[j] = world_pos[p] + world_rot[p] @ offsets[j]
        return world_rot, world_pos

    def forward_batch(self, quaternions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """World rotations (N, J, 3, 3) and head positions (N, J, 3) for N poses of local rotations
        given as quaternions (N, J, 4) (x, y, z, w): `forward` for many poses at once."""
        from scipy.spatial.transform import Rotation

        quaternions = np.asarray(quaternions, dtype=float)
        n, j = quaternions.shape[:2]
        local = Rotation.from_quat(quaternions.reshape(-1, 4)).as_matrix().reshape(n, j, 3, 3)
        rot = np.empty_like(local)
        pos = np.empty((n, j, 3))
        for b, p in enumerate(self.parents):
            if p < 0:
                rot[:, b], pos[:, b] = local[:, b], self.offsets[b]
            else:
                rot[:, b] = rot[:, p] @ local[:, b]
                pos[:, b] = pos[:, p] + rot[:, p] @ self.offsets[b]
        return rot, pos

    def skinning_matrices(self, rotations: np.ndarray) -> np.ndarray:
        """(J, 3, 4) affine maps taking rest-pose points to posed points, per bone."""
        world_rot, world_pos = self.forward(rotations)
        out = np.empty((len(self.names), 3, 4))
        out[:, :, :3] = world_rot
        out[:, :, 3] = world_pos - np.einsum("jab,jb->ja", world_rot, self.heads)
        return out

    def identity_pose(self) -> np.ndarray:
        """(J, 3, 3) local rotations of the rest pose."""
        return np.repeat(np.eye(3)[None], len(self.names), axis=0)
