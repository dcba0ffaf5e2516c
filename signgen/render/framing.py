"""Camera framing for a sign-language interpreter: the whole signing space in the picture.

The box is measured on the avatar's rest skeleton and mesh: from a margin above the head to below
the hips, and an elbow's width (the upper-arm length) beyond each shoulder, so sideways arm
movements stay inside the frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from signgen.avatar.asset import Avatar

HEAD_MARGIN_M = 0.07      # space above the head top
BELOW_HIPS_M = 0.06       # the frame's bottom edge below the hip joints
SIDE_MARGIN_M = 0.04      # beyond an elbow's width to each side
YFOV = math.radians(24.0) # a moderate telephoto, like a studio camera: little perspective distortion


@dataclass(frozen=True)
class Framing:
    """A perspective camera looking at the avatar's front (-Z direction).

    camera_pose: (4, 4) camera-to-world transform (OpenGL camera: looks down its local -Z).
    yfov: vertical field of view, radians. aspect: width / height.
    box_min, box_max: (3,) the signing-space box (metres, world frame) the picture contains.
    znear, zfar: clip distances, metres.
    """

    camera_pose: np.ndarray
    yfov: float
    aspect: float
    box_min: np.ndarray
    box_max: np.ndarray
    znear: float = 0.05
    zfar: float = 20.0


def signing_box(avatar: Avatar) -> tuple[np.ndarray, np.ndarray]:
    """(3,) min and max corners of the signing space, metres."""
    sk = avatar.skeleton
    shoulder_x = abs(sk.heads[sk.index("upperarm_r"), 0])
    upper_arm = float(np.linalg.norm(sk.heads[sk.index("lowerarm_r")] - sk.heads[sk.index("upperarm_r")]))
    half_width = shoulder_x + upper_arm + SIDE_MARGIN_M
    top = float(avatar.vertices[:, 1].max()) + HEAD_MARGIN_M
    bottom = float(sk.heads[sk.index("thigh_r"), 1]) - BELOW_HIPS_M
    z = avatar.vertices[:, 2]
    return np.array([-half_width, bottom, float(z.min())]), np.array([half_width, top, float(z.max())])


def interpreter_framing(avatar: Avatar, aspect: float) -> Framing:
    """A front camera whose picture (width/height = ``aspect``) just contains the signing box."""
    lo, hi = signing_box(avatar)
    centre = 0.5 * (lo + hi)
    half_h = 0.5 * (hi[1] - lo[1])
    half_w = 0.5 * (hi[0] - lo[0])
    tan_y = math.tan(YFOV / 2)
    # Distance from the box's front face so both its height and its width fit.
    distance = max(half_h / tan_y, half_w / (tan_y * aspect))
    pose = np.eye(4)
    pose[:3, 3] = (centre[0], centre[1], hi[2] + distance)
    return Framing(camera_pose=pose, yfov=YFOV, aspect=float(aspect), box_min=lo, box_max=hi)


def project(framing: Framing, points: np.ndarray, width: int, height: int) -> np.ndarray:
    """(N, 2) pixel coordinates (x right, y down) of world ``points`` (N, 3) in a width x height frame."""
    world_to_cam = np.linalg.inv(framing.camera_pose)
    cam = np.asarray(points, float) @ world_to_cam[:3, :3].T + world_to_cam[:3, 3]
    depth = -cam[:, 2]  # the camera looks down its -Z
    f = 1.0 / math.tan(framing.yfov / 2)
    ndc_x = f / framing.aspect * cam[:, 0] / depth
    ndc_y = f * cam[:, 1] / depth
    return np.column_stack([(ndc_x + 1) * 0.5 * width, (1 - ndc_y) * 0.5 * height])
