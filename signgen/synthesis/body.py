"""Body sites measured from the avatar's rest mesh: where HamNoSys locations are on this body.

Each site is a point on the body's surface with its outward normal. Heights on the face are
placed by proportion between the nose tip and the top of the head (both found on the mesh's
midline profile); trunk heights come from the spine and shoulder joints; depths always come
from the mesh surface, so a different body gets its own sites.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import maximum_filter

from signgen.motion.skeleton import Skeleton

# Face heights as fractions of (head top - nose tip) above (+) or below (-) the nose tip.
_FACE_HEIGHTS = {
    "headtop": 1.0, "head": 0.75, "forehead": 0.55, "eyebrows": 0.36, "eyes": 0.26, "nose": 0.0,
    "nostrils": -0.08, "lips": -0.25, "teeth": -0.25, "tongue": -0.25, "chin": -0.48,
    "underchin": -0.55,
}


GRID_M = 0.01  # resolution of the torso depth map used for clearance


@dataclass(frozen=True)
class Site:
    """A body location: surface point (3,) and outward unit normal (3,), metres, world frame."""

    point: np.ndarray
    normal: np.ndarray


class BodyModel:
    """Sites and clearance surfaces of one avatar body in its rest pose."""

    def __init__(self, skeleton: Skeleton, vertices: np.ndarray) -> None:
        self.skeleton = skeleton
        self.vertices = np.asarray(vertices, dtype=np.float64)
        self.sites = self._measure_sites()
        self._trunk_front = self._front_map()

    # -- measuring ------------------------------------------------------------------------
    def front_z(self, x: float, y: float, radius: float = 0.015) -> float:
        """Depth (z) of the body's front surface near (x, y)."""
        v = self.vertices
        near = (np.abs(v[:, 0] - x) < radius) & (np.abs(v[:, 1] - y) < radius)
        if not near.any():
            return self.front_z(x, y, radius * 2) if radius < 0.2 else 0.0
        return float(v[near, 2].max())

    def _front_map(self) -> tuple[np.ndarray, float, float]:
        """Depth of the torso's front on a 1 cm grid (x, y), each cell the nearest 3 cm's maximum:
        (map (nx, ny), x origin, y origin). Looked up for every pose sample, so built once."""
        v = self.vertices
        x0, y0 = -0.2, self.sites["belowstomach"].point[1] - 0.12
        ix = np.floor((v[:, 0] - x0) / GRID_M).astype(int)
        iy = np.floor((v[:, 1] - y0) / GRID_M).astype(int)
        nx, ny = int(0.4 / GRID_M) + 1, int((self.sites["shoulders"].point[1] + 0.05 - y0) / GRID_M) + 1
        keep = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
        depth = np.full((nx, ny), -np.inf)
        np.maximum.at(depth, (ix[keep], iy[keep]), v[keep, 2])
        return maximum_filter(depth, size=7, mode="nearest"), x0, y0

    def _joint(self, name: str) -> np.ndarray:
        return self.skeleton.heads[self.skeleton.index(name)]

    def _measure_sites(self) -> dict[str, Site]:
        v = self.vertices
        neck, head = self._joint("neck_01"), self._joint("head")
        midline = v[(np.abs(v[:, 0]) < 0.01) & (v[:, 1] > head[1] - 0.02)]
        nose = midline[np.argmax(midline[:, 2])]
        top_y = float(v[:, 1].max())
        forward = np.array([0.0, 0.0, 1.0])
        sites: dict[str, Site] = {}
        for name, fraction in _FACE_HEIGHTS.items():
            y = nose[1] + fraction * (top_y - nose[1])
            sites[name] = Site(np.array([0.0, y, self.front_z(0.0, y, 0.008)]), forward)
        sites["headtop"] = Site(np.array([0.0, top_y, head[2]]), np.array([0.0, 1.0, 0.0]))
        sites.update(self._side_sites(nose, head))
        shoulder_y = float(self._joint("upperarm_r")[1])
        spine3, spine2, spine1 = (float(self._joint(n)[1]) for n in ("spine_03", "spine_02", "spine_01"))
        trunk = {
            "neck": 0.5 * (neck[1] + sites["underchin"].point[1]),
            "shouldertop": shoulder_y + 0.04,
            "shoulders": shoulder_y - 0.02,
            "chest": 0.5 * (spine3 + shoulder_y),
            "stomach": spine2,
            "belowstomach": spine1 - 0.02,
        }
        for name, y in trunk.items():
            sites[name] = Site(np.array([0.0, y, self.front_z(0.0, y)]), forward)
        chest = sites["chest"].point
        stomach = sites["stomach"].point
        neutral_y = chest[1] - 0.3 * (chest[1] - stomach[1])  # lower chest: where most signing happens
        sites["neutralspace"] = Site(np.array([0.0, neutral_y, self.front_z(0.0, neutral_y) + 0.17]), forward)
        return sites

    def _side_sites(self, nose: np.ndarray, head: np.ndarray) -> dict[str, Site]:
        """Cheek and ear on the dominant (right, -x) side."""
        v = self.vertices
        level = v[np.abs(v[:, 1] - nose[1]) < 0.01]
        half_width = float(-level[:, 0].min())
        cheek_x = -0.45 * half_width
        cheek = np.array([cheek_x, nose[1] - 0.01, self.front_z(cheek_x, nose[1] - 0.01, 0.008)])
        ear = np.array([-half_width, nose[1] + 0.01, head[2]])
        return {
            "cheek": Site(cheek, _unit(np.array([-0.6, 0.0, 0.8]))),
            "ear": Site(ear, np.array([-1.0, 0.0, 0.0])),
            "earlobe": Site(ear - np.array([0.0, 0.025, 0.0]), np.array([-1.0, 0.0, 0.0])),
        }

    # -- queries --------------------------------------------------------------------------
    def site(self, name: str, side: str = "r") -> Site:
        """A site for the hand on ``side``; the left hand gets the mirror image."""
        base = self.sites[name]
        if side == "r":
            return base
        flip = np.array([-1.0, 1.0, 1.0])
        return Site(base.point * flip, base.normal * flip)

    def depth_inside(self, point: np.ndarray, radius: float = 0.035) -> float:
        """How far (m) a limb of ``radius`` around ``point`` sinks into the torso's front (<= 0: clear)."""
        cleared = self.clear_of_body(point, margin=radius)
        return float(cleared[2] - point[2]) - 1e-9 if cleared is not point else -1.0

    def clear_of_body(self, point: np.ndarray, margin: float = 0.03) -> np.ndarray:
        """``point`` moved forward if it lies inside (or within ``margin`` of) the torso's front."""
        x, y, z = point
        trunk_top = self.sites["shoulders"].point[1] + 0.02
        trunk_bottom = self.sites["belowstomach"].point[1] - 0.1
        if abs(x) > 0.16 or not (trunk_bottom < y < trunk_top):
            return point
        depth, x0, y0 = self._trunk_front
        i, j = int((x - x0) / GRID_M), int((y - y0) / GRID_M)
        if not (0 <= i < depth.shape[0] and 0 <= j < depth.shape[1]) or not np.isfinite(depth[i, j]):
            return point
        limit = depth[i, j] + margin
        return point if z >= limit else np.array([x, y, limit])


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)
