"""Body sites measured from the avatar's rest mesh: where HamNoSys locations are on this body.

Each site is a point on the body's surface with its outward normal. Heights on the face are
placed by proportion between the nose tip and the top of the head (both found on the mesh's
midline profile); trunk heights come from the spine and shoulder joints; depths always come
from the mesh surface, so a different body gets its own sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.ndimage import maximum_filter, minimum_filter

from signgen.motion.skeleton import Skeleton

# Face heights as fractions of (head top - nose tip) above (+) or below (-) the nose tip.
_FACE_HEIGHTS = {
    "headtop": 1.0, "head": 0.75, "forehead": 0.55, "eyebrows": 0.36, "eyes": 0.26, "nose": 0.0,
    "nostrils": -0.08, "lips": -0.25, "teeth": -0.25, "tongue": -0.25, "chin": -0.48,
    "underchin": -0.55,
}


GRID_M = 0.01  # resolution of the torso depth map used for clearance
SMALL_QUERY = 8  # up to this many points, `TorsoMap.depth` looks them up one by one
# Flesh around the bones (m), for clearance in synthesis and for the penetration metric.
FOREARM_RADII = (0.035, 0.032, 0.029, 0.026)  # elbow to wrist, tapering
KNUCKLE_RADIUS = 0.02                          # a finger's first joint: the palm's thickness
FINGER_RADIUS = 0.008
CLEARANCE_MARGIN_M = 0.008                     # kept between a cleared hand and the body
TOUCHABLE_REGIONS = ("skin", "top", "trousers", "hair", "lips", "brows", "nails")


@dataclass(frozen=True)
class Site:
    """A body location: surface point (3,) and outward unit normal (3,), metres, world frame."""

    point: np.ndarray
    normal: np.ndarray


class BodyModel:
    """Sites and clearance surfaces of one avatar body in its rest pose."""

    @classmethod
    def from_avatar(cls, avatar) -> "BodyModel":
        """The body of an `Avatar`: the surfaces a hand may touch (not eyes, teeth, lashes)."""
        from signgen.avatar.asset import REGIONS  # the avatar's region codes

        mask = np.isin(avatar.regions, [REGIONS[name] for name in TOUCHABLE_REGIONS if name in REGIONS])
        return cls(avatar.skeleton, avatar.vertices[mask])

    def __init__(self, skeleton: Skeleton, vertices: np.ndarray) -> None:
        self.skeleton = skeleton
        self.vertices = np.asarray(vertices, dtype=np.float64)
        self.sites = self._measure_sites()
        self.torso = TorsoMap(self.vertices, top=self.sites["shoulders"].point[1] + 0.02,
                              bottom=self.sites["belowstomach"].point[1] - 0.1)

    @cached_property
    def head(self) -> tuple[np.ndarray, float]:
        """Centre (3,) and radius (m) of a sphere inside the head at rest: the bounding box centre of
        the vertices between the chin and the top of the head, and half its narrower horizontal side.
        Hands may touch the face but not pass this."""
        v = self.vertices
        head = v[(v[:, 1] > self.sites["chin"].point[1]) & (np.abs(v[:, 0]) < 0.12)]
        lo, hi = head.min(axis=0), head.max(axis=0)
        return 0.5 * (lo + hi), 0.5 * float(min(hi[0] - lo[0], hi[2] - lo[2]))

    def clearance(self, points: np.ndarray, radii: np.ndarray) -> np.ndarray:
        """(3,) the shift that takes every point's flesh (points (P, 3), radii (P,)) out of the
        torso (forwards) and out of the head (away from its centre), with a small margin."""
        shift = np.zeros(3)
        depth = self.torso.depth(points, radii + CLEARANCE_MARGIN_M)
        if depth.max() > 0.0:
            shift[2] = float(depth.max())
        centre, radius = self.head
        offsets = points + shift - centre
        distance = np.linalg.norm(offsets, axis=1)
        sink = radius + radii + CLEARANCE_MARGIN_M - distance
        k = int(np.argmax(sink))
        if sink[k] > 0.0:
            shift += sink[k] * offsets[k] / max(distance[k], 1e-9)
        return shift

    # -- measuring ------------------------------------------------------------------------
    def front_z(self, x: float, y: float, radius: float = 0.015) -> float:
        """Depth (z) of the body's front surface near (x, y)."""
        v = self.vertices
        near = (np.abs(v[:, 0] - x) < radius) & (np.abs(v[:, 1] - y) < radius)
        if not near.any():
            return self.front_z(x, y, radius * 2) if radius < 0.2 else 0.0
        return float(v[near, 2].max())

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

    def depth_inside(self, points: np.ndarray, radius: float = 0.035) -> np.ndarray:
        """(...) how far (m) a limb of ``radius`` around each of ``points`` (..., 3) sinks into the
        torso or the head (0: clear)."""
        points = np.asarray(points, float)
        centre, head_radius = self.head
        into_head = head_radius + radius - np.linalg.norm(points - centre, axis=-1)
        return np.maximum(self.torso.depth(points, radius), np.clip(into_head, 0.0, None))

    def clear_of_body(self, point: np.ndarray, margin: float = 0.03) -> np.ndarray:
        """``point`` moved forward if it lies inside (or within ``margin`` of) the torso's front."""
        depth = float(self.depth_inside(point, margin))
        return point if depth <= 0.0 else point + np.array([0.0, 0.0, depth])


class TorsoMap:
    """Front and back depth (z) of the torso on a 1 cm (x, y) grid, from the rest mesh.

    Looked up for every pose sample (clearance in synthesis, penetration in the motion metrics),
    so built once. Cells the mesh's vertices skip are filled from their neighbours (3 cm window).
    """

    HALF_WIDTH_M = 0.16  # the arms hang outside this at rest

    def __init__(self, vertices: np.ndarray, top: float, bottom: float) -> None:
        v = vertices
        self.x0, self.y0 = -self.HALF_WIDTH_M, bottom
        ix = np.floor((v[:, 0] - self.x0) / GRID_M).astype(int)
        iy = np.floor((v[:, 1] - self.y0) / GRID_M).astype(int)
        nx, ny = int(2 * self.HALF_WIDTH_M / GRID_M) + 1, int((top - bottom) / GRID_M) + 1
        keep = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
        front, back = np.full((nx, ny), -np.inf), np.full((nx, ny), np.inf)
        np.maximum.at(front, (ix[keep], iy[keep]), v[keep, 2])
        np.minimum.at(back, (ix[keep], iy[keep]), v[keep, 2])
        self.front = maximum_filter(front, size=3, mode="nearest")
        self.back = minimum_filter(back, size=3, mode="nearest")
        self.frontmost = float(self.front[np.isfinite(self.front)].max())  # no torso in front of this

    def depth(self, points: np.ndarray, radii) -> np.ndarray:
        """(...) how far (m) each point's flesh (radius ``radii``) reaches inside the torso, 0 outside."""
        if points.ndim == 1:  # one point, as synthesis asks per pose sample: plain scalars are faster
            i, j = int((points[0] - self.x0) // GRID_M), int((points[1] - self.y0) // GRID_M)
            if not (0 <= i < self.front.shape[0] and 0 <= j < self.front.shape[1]):
                return 0.0
            front, z = self.front[i, j], points[2] - radii
            return float(front - z) if np.isfinite(front) and points[2] > self.back[i, j] and z < front else 0.0
        if points.ndim == 2 and len(points) <= SMALL_QUERY and np.ndim(radii) == 0:
            # A forearm's few points: plain scalar lookups beat numpy's per-call overhead.
            return np.array([self.depth(point, radii) for point in points])
        x, y, z = points[..., 0], points[..., 1], points[..., 2]
        if np.min(z - radii) > self.frontmost:  # all in front of the chest: the common case
            return np.zeros(points.shape[:-1])
        i = np.floor((x - self.x0) / GRID_M).astype(int)
        j = np.floor((y - self.y0) / GRID_M).astype(int)
        ok = (i >= 0) & (i < self.front.shape[0]) & (j >= 0) & (j < self.front.shape[1])
        i, j = np.where(ok, i, 0), np.where(ok, j, 0)
        front, back = self.front[i, j], self.back[i, j]
        inside = ok & np.isfinite(front) & (z > back) & (z - radii < front)
        return np.where(inside, front - (z - radii), 0.0)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


HAND_FINGERS = ("index", "middle", "ring", "pinky")


def arm_points(rot: np.ndarray, pos: np.ndarray, skeleton: Skeleton, side: str) -> tuple[np.ndarray, np.ndarray]:
    """(N, P, 3) points along one posed forearm and hand, and the flesh radius (P,) at each.

    rot, pos: world rotations (N, J, 3, 3) and joint positions (N, J, 3) of N poses. Points: the
    forearm from elbow to wrist (``FOREARM_RADII``), then each finger's three joints and tip (the
    thumb left out: the palm's edge covers it)."""
    elbow, wrist = pos[:, skeleton.index(f"lowerarm_{side}")], pos[:, skeleton.index(f"hand_{side}")]
    points = [elbow + f * (wrist - elbow) for f in np.linspace(0.0, 1.0, len(FOREARM_RADII))]
    radii = list(FOREARM_RADII)
    for finger in HAND_FINGERS:
        for seg in ("01", "02", "03"):
            points.append(pos[:, skeleton.index(f"{finger}_{seg}_{side}")])
            radii.append(KNUCKLE_RADIUS if seg == "01" else FINGER_RADIUS)
        tip = skeleton.index(f"{finger}_03_{side}")
        points.append(pos[:, tip] + rot[:, tip] @ (skeleton.tails[tip] - skeleton.heads[tip]))
        radii.append(FINGER_RADIUS)
    return np.stack(points, axis=1), np.array(radii)


def hand_points(rot: np.ndarray, pos: np.ndarray, skeleton: Skeleton, side: str) -> tuple[np.ndarray, np.ndarray]:
    """The hand's part of `arm_points` (from the wrist on) as offsets from the wrist (N, P, 3),
    in world axes, and their radii (P,): what clearance moves when the wrist moves."""
    points, radii = arm_points(rot, pos, skeleton, side)
    wrist_at = len(FOREARM_RADII) - 1  # the forearm's last point is the wrist
    return points[:, wrist_at:] - pos[:, skeleton.index(f"hand_{side}"), None], radii[wrist_at:]


# The hand as a solid for contact between the two hands: spheres at the wrist, across the palm
# (half way from the wrist to each knuckle) and at every finger's joints and tip, thumb included.
# Radii are the flesh around each point (m): thinner than the clearance radii above, which pad
# the hand against the body, because hands touching each other must be able to meet.
SOLID_FINGERS = ("index", "middle", "ring", "pinky", "thumb")
SOLID_RADII = np.array([0.02] + [0.012] * 4 + [0.011, 0.009, 0.008, 0.007] * 4 + [0.013, 0.01, 0.009, 0.008])


def solid_points(wrist: np.ndarray, knuckles: np.ndarray, chains: np.ndarray) -> np.ndarray:
    """(..., P, 3) the contact solid's points from the wrist (..., 3), the four finger knuckles
    (..., 4, 3) and the five finger chains (..., 5, 4, 3) (three joints and the tip, in
    `SOLID_FINGERS` order): one layout for synthesis and for the metrics."""
    palm = 0.5 * (wrist[..., None, :] + knuckles)
    chains = chains.reshape(chains.shape[:-3] + (-1, 3))
    return np.concatenate([wrist[..., None, :], palm, chains], axis=-2)


def hand_solid(rot: np.ndarray, pos: np.ndarray, skeleton: Skeleton, side: str) -> np.ndarray:
    """(N, P, 3) the contact solid's points (radii `SOLID_RADII`) of one posed hand, from world
    rotations (N, J, 3, 3) and joint positions (N, J, 3)."""
    chains = []
    for finger in SOLID_FINGERS:
        bones = [skeleton.index(f"{finger}_0{k}_{side}") for k in (1, 2, 3)]
        tip = pos[:, bones[2]] + rot[:, bones[2]] @ (skeleton.tails[bones[2]] - skeleton.heads[bones[2]])
        chains.append(np.stack([pos[:, b] for b in bones] + [tip], axis=1))
    chains = np.stack(chains, axis=1)
    return solid_points(pos[:, skeleton.index(f"hand_{side}")], chains[:, :4, 0], chains)


def hand_overlap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(...) how deep (m) two hand solids (..., P, 3) and (..., P, 3) overlap: the largest sum of
    two spheres' radii less their distance, 0 where the hands are apart."""
    gap = np.linalg.norm(a[..., :, None, :] - b[..., None, :, :], axis=-1) - (SOLID_RADII[:, None] + SOLID_RADII[None, :])
    return np.clip(-gap.min(axis=(-2, -1)), 0.0, None)
