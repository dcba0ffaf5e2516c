"""Motion clips: local joint rotations of the whole skeleton sampled at a fixed rate."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial.transform import Rotation


@dataclass(frozen=True, eq=False)
class Clip:
    """A stretch of motion.

    name: what it shows (a gloss, a letter, ``rest``...).
    quaternions: (T, J, 4) local joint rotations as unit quaternions (x, y, z, w), T >= 1.
    rate: samples per second.
    """

    name: str
    quaternions: np.ndarray
    rate: float

    @property
    def duration(self) -> float:
        """Seconds from the first sample to the last."""
        return (len(self.quaternions) - 1) / self.rate

    @property
    def first(self) -> np.ndarray:
        return self.quaternions[0]

    @property
    def last(self) -> np.ndarray:
        return self.quaternions[-1]

    def sample(self, t: float) -> np.ndarray:
        """(J, 4) pose at ``t`` seconds (clamped), interpolating neighbouring samples."""
        pos = float(np.clip(t * self.rate, 0.0, len(self.quaternions) - 1))
        i = int(pos)
        if i >= len(self.quaternions) - 1:
            return self.quaternions[-1]
        return slerp(self.quaternions[i], self.quaternions[i + 1], pos - i)

    def trimmed(self, head_s: float, tail_s: float) -> "Clip":
        """The clip without its first ``head_s`` and last ``tail_s`` seconds (at least one sample kept)."""
        first = int(round(head_s * self.rate))
        last = len(self.quaternions) - int(round(tail_s * self.rate))
        if last - first < 1:
            return self
        return Clip(self.name, self.quaternions[first:last], self.rate)

    def at_speed(self, speed: float) -> "Clip":
        """The same motion played ``speed`` times as fast (same samples, scaled rate)."""
        return self if speed == 1.0 else Clip(self.name, self.quaternions, self.rate * speed)

    @classmethod
    def from_matrices(cls, name: str, matrices: np.ndarray, rate: float) -> "Clip":
        """Build from (T, J, 3, 3) rotation matrices."""
        t, j = matrices.shape[:2]
        quats = Rotation.from_matrix(matrices.reshape(-1, 3, 3)).as_quat().reshape(t, j, 4)
        return cls(name, _continuous(quats), rate)


def _continuous(quats: np.ndarray) -> np.ndarray:
    """Flip quaternion signs so consecutive samples stay in the same hemisphere."""
    out = quats.copy()
    for k in range(1, len(out)):
        flip = np.sum(out[k] * out[k - 1], axis=-1) < 0
        out[k, flip] *= -1
    return out


def slerp(a: np.ndarray, b: np.ndarray, s: float | np.ndarray) -> np.ndarray:
    """Per-joint spherical interpolation between poses (J, 4) at fraction ``s`` (scalar or (J,))."""
    dot = np.sum(a * b, axis=-1, keepdims=True)
    b = np.where(dot < 0, -b, b)
    dot = np.abs(dot)
    s = np.asarray(s, dtype=float).reshape(-1, 1) if np.ndim(s) else float(s)
    theta = np.arccos(np.clip(dot, -1.0, 1.0))
    sin = np.sin(theta)
    small = sin < 1e-6
    safe = np.where(small, 1.0, sin)
    wa = np.where(small, 1.0 - s, np.sin((1.0 - s) * theta) / safe)
    wb = np.where(small, s, np.sin(s * theta) / safe)
    out = wa * a + wb * b
    return out / np.linalg.norm(out, axis=-1, keepdims=True)


def to_matrices(quaternions: np.ndarray) -> np.ndarray:
    """(J, 4) quaternions -> (J, 3, 3) rotation matrices."""
    return Rotation.from_quat(quaternions).as_matrix()
