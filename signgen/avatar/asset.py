"""The avatar asset: a skinned human mesh with face targets, loaded from the project's own npz.

The npz is built once from the CC0 MakeHuman data (see ``signgen.avatar.build``); this module only
reads it. World frame: metres, +Y up, +Z the avatar's front, +X the avatar's left, feet at y = 0.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from signgen.errors import SigngenError
from signgen.motion.skeleton import Skeleton
from signgen.paths import AVATAR_ASSET_VERSION, default_avatar_path

ASSET_VERSION = AVATAR_ASSET_VERSION

# Colour regions, one per vertex. Values are stored in the asset; never renumber, only append.
REGIONS: dict[str, int] = {
    "skin": 0,
    "top": 1,        # dark long-sleeved top: torso and arms down to the wrists
    "trousers": 2,   # below the waist
    "shoes": 3,
    "hair": 4,
    "eye_white": 5,
    "iris": 6,
    "pupil": 7,
    "teeth": 8,
    "tongue": 9,
    "lips": 10,
    "lashes": 11,
    "nails": 12,
    "mouth": 13,     # inside of the mouth (cavity walls)
    "brows": 14,
}


DEFAULT_AVATAR_PATH: Path = default_avatar_path()


@dataclass(frozen=True, eq=False)
class Avatar:
    """A rest-pose (A-pose) skinned mesh.

    vertices: (V, 3) float32 rest positions, metres.
    faces: (F, 3) int32 triangles, counter-clockwise seen from outside.
    regions: (V,) uint8 colour region per vertex (values of ``REGIONS``).
    skeleton: the 53 game_engine bones (parents first).
    skin_joints: (V, 4) int32 bone indices; skin_weights: (V, 4) float32, rows sum to 1.
    face_target_names: K ARKit blendshape names.
    face_target_offsets: (K + 1,) int64 row ranges into the sparse target arrays below.
    face_target_index: (N,) int32 vertex index; face_target_delta: (N, 3) float32 metres.
    """

    vertices: np.ndarray
    faces: np.ndarray
    regions: np.ndarray
    skeleton: Skeleton
    skin_joints: np.ndarray
    skin_weights: np.ndarray
    face_target_names: tuple[str, ...]
    face_target_offsets: np.ndarray
    face_target_index: np.ndarray
    face_target_delta: np.ndarray

    def face_target(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse target ``name``: vertex indices (n,) and deltas (n, 3) in metres."""
        k = self.face_target_names.index(name)
        lo, hi = self.face_target_offsets[k], self.face_target_offsets[k + 1]
        return self.face_target_index[lo:hi], self.face_target_delta[lo:hi]

    @cached_property
    def face_targets(self) -> np.ndarray:
        """(K, V, 3) float32 dense deltas, metres (about 9 MB; built on first use)."""
        dense = np.zeros((len(self.face_target_names), len(self.vertices), 3), np.float32)
        for k in range(len(self.face_target_names)):
            lo, hi = self.face_target_offsets[k], self.face_target_offsets[k + 1]
            dense[k, self.face_target_index[lo:hi]] = self.face_target_delta[lo:hi]
        return dense

    def region_mask(self, *names: str) -> np.ndarray:
        """(V,) bool: vertices in any of the named regions."""
        return np.isin(self.regions, [REGIONS[n] for n in names])


def load_avatar(path: Path | None = None) -> Avatar:
    """The avatar stored at ``path`` (default ``DEFAULT_AVATAR_PATH``), loaded once per path."""
    return _load(Path(path or DEFAULT_AVATAR_PATH).expanduser().resolve())


@lru_cache(maxsize=4)
def _load(path: Path) -> Avatar:
    if not path.is_file():
        raise SigngenError(f"avatar asset not found at {path}: run `signgen avatar build` (or make setup)")
    try:
        return _from_arrays(path)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        # A truncated copy, a disk error, another file under the name: the same remedy for each.
        raise SigngenError(f"avatar asset is damaged ({type(exc).__name__}: {_short(exc)}); "
                           "rebuild it with `signgen avatar build --force`", path) from None


def _short(exc: Exception, limit: int = 60) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit] + "..."


def _from_arrays(path: Path) -> Avatar:
    with np.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    if int(arrays.get("version", -1)) != ASSET_VERSION:
        raise SigngenError("avatar asset has another version: rebuild it with `signgen avatar build --force`", path)
    skeleton = Skeleton(
        names=tuple(str(n) for n in arrays["bone_names"]),
        parents=arrays["bone_parents"].astype(np.int64),
        heads=arrays["bone_heads"].astype(np.float64),
        tails=arrays["bone_tails"].astype(np.float64),
    )
    weights = arrays["skin_weights"].astype(np.float32)
    weights /= weights.sum(axis=1, keepdims=True)
    return Avatar(
        vertices=arrays["vertices"].astype(np.float32),
        faces=arrays["faces"].astype(np.int32),
        regions=arrays["regions"].astype(np.uint8),
        skeleton=skeleton,
        skin_joints=arrays["skin_joints"].astype(np.int32),
        skin_weights=weights,
        face_target_names=tuple(str(n) for n in arrays["face_target_names"]),
        face_target_offsets=arrays["face_target_offsets"].astype(np.int64),
        face_target_index=arrays["face_target_index"].astype(np.int32),
        face_target_delta=arrays["face_target_delta"].astype(np.float32),
    )
