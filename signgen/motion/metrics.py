"""Motion quality figures for a performance: rate, smoothness, body penetration, joint limits.

All measures come from the skeleton's forward kinematics of the sampled poses, so they apply to
synthesised and captured (BVH) motion alike. Positions are metres, times seconds.

Decisions:
- Signing time for a rate is the sum of the units' own spans plus the gaps between consecutive
  units that are no longer than MAX_TRANSITION_S (transitions); longer gaps are pauses (sentence
  ends, phrase pauses, the break around a spelled word) and are excluded.
- Penetration is measured on points along the forearm, the wrist and finger joints/tips, each
  with a radius for the flesh around the bone, against the torso (front/back depth maps on a 1 cm
  grid from the body's rest mesh) and a sphere inscribed in the head, which follows the head bone.
- Hand penetration (hand into hand) is measured on the hands' contact solids
  (`signgen.synthesis.body.hand_solid`: spheres at the wrist, across the palm and at every finger
  joint and tip, thumb included): the deepest overlap of a sphere of one hand with one of the other.
  Touching hands (HELP's fist on the palm, CITY's fingertips) read about 0; fingers passing
  through the other hand read centimetres.
- Joint limits are anatomical angles from world positions: elbow flexion 0-150 deg (the angle
  between upper arm and forearm), wrist flexion/extension within +-85 deg, finger flexion 0-110
  deg at each of the three joints of the four fingers (the thumb is left out: its rest frame is
  opposed and its range differs). LIMIT_TOLERANCE_DEG absorbs rounding at the bounds.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy.spatial.transform import Rotation

from signgen.synthesis.body import arm_points, hand_overlap, hand_solid
from signgen.synthesis.hand import HandModel

MAX_TRANSITION_S = 0.3
ELBOW_MAX_DEG = 150.0
WRIST_MAX_DEG = 85.0
FINGER_MAX_DEG = 110.0
LIMIT_TOLERANCE_DEG = 5.0
FINGERS = ("index", "middle", "ring", "pinky")
SIDES = ("l", "r")


def motion_metrics(poses: np.ndarray, fps: float, skeleton, body, signs: Sequence[tuple[float, float]],
                   letters: Sequence[tuple[float, float]], joins: Sequence[float]) -> dict:
    """Figures for poses (N, J, 4) quaternions (x, y, z, w) sampled at ``fps``.

    signs / letters: (start_s, end_s) of each lexical sign / fingerspelled letter.
    joins: times (s) where a clip meets a transition.
    Returns signs_per_s, fingerspelling_letters_per_s, max_penetration_cm,
    max_hand_penetration_cm (one hand into the other), max_join_velocity_jump (m/s), max_sign_velocity_jump (m/s, the same measure inside the signs
    themselves, which join jumps should not exceed), rms_jerk {within_signs, within_transitions} (m/s^3) and
    joint_limit_violations (frames with at least one joint beyond its limit).
    """
    rot, pos = batch_forward(skeleton, poses)
    wrists = np.stack([pos[:, skeleton.index(f"hand_{s}")] for s in SIDES], axis=1)  # (N, 2, 3)
    units = sorted(list(signs) + list(letters))
    return {
        "signs_per_s": rate(signs),
        "fingerspelling_letters_per_s": rate(letters),
        "max_penetration_cm": 100.0 * float(max_penetration(rot, pos, skeleton, body).max(initial=0.0)),
        "max_hand_penetration_cm": 100.0 * float(hand_penetration(rot, pos, skeleton).max(initial=0.0)),
        "max_join_velocity_jump": join_velocity_jump(wrists, fps, joins),
        "max_sign_velocity_jump": sign_velocity_jump(wrists, fps, signs),
        "rms_jerk": rms_jerk(wrists, fps, units),
        "joint_limit_violations": int(limit_violations(rot, pos, skeleton).sum()),
    }


def batch_forward(skeleton, poses: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """World rotations (N, J, 3, 3) and joint positions (N, J, 3) for poses (N, J, 4)."""
    return skeleton.forward_batch(poses)


# -- rate ---------------------------------------------------------------------------------
def rate(spans: Sequence[tuple[float, float]]) -> float:
    """Units per second of signing time (spans plus transition gaps; pauses excluded)."""
    spans = sorted(spans)
    if not spans:
        return 0.0
    time = sum(end - start for start, end in spans)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        gap = start - end
        if 0.0 < gap <= MAX_TRANSITION_S:
            time += gap
    return len(spans) / time if time > 0 else 0.0


# -- smoothness ---------------------------------------------------------------------------
def join_velocity_jump(wrists: np.ndarray, fps: float, joins: Sequence[float]) -> float:
    """Largest change of wrist velocity (m/s) across a join: the frame step after the join
    against the step before it, over both hands."""
    n = len(wrists)
    worst = 0.0
    for t in joins:
        k = int(round(t * fps))
        if k < 1 or k + 1 >= n:
            continue
        before = (wrists[k] - wrists[k - 1]) * fps
        after = (wrists[k + 1] - wrists[k]) * fps
        worst = max(worst, float(np.linalg.norm(after - before, axis=-1).max()))
    return worst


def sign_velocity_jump(wrists: np.ndarray, fps: float, signs: Sequence[tuple[float, float]]) -> float:
    """Largest frame-to-frame change of wrist velocity (m/s) inside the signs (away from their
    joins): the yardstick for `join_velocity_jump`."""
    if len(wrists) < 3:
        return 0.0
    change = np.linalg.norm(np.diff(wrists, n=2, axis=0), axis=-1).max(axis=1) * fps
    t = (np.arange(len(change)) + 1) / fps  # the middle frame of each second difference
    inside = np.zeros(len(t), bool)
    for start, end in signs:
        inside |= (t > start + 1.5 / fps) & (t < end - 1.5 / fps)
    return float(change[inside].max(initial=0.0))


def rms_jerk(wrists: np.ndarray, fps: float, units: Sequence[tuple[float, float]]) -> dict:
    """RMS wrist jerk (m/s^3) inside signs/letters and in the transitions between them (frames
    before the first unit, after the last and inside pauses are left out)."""
    out = {"within_signs": 0.0, "within_transitions": 0.0}
    if len(wrists) < 4 or not units:
        return out
    jerk = np.diff(wrists, n=3, axis=0) * fps ** 3                     # (N-3, 2, 3)
    magnitude = np.linalg.norm(jerk, axis=-1)                          # (N-3, 2)
    t = (np.arange(len(jerk)) + 1.5) / fps                             # centre of each stencil
    inside = np.zeros(len(t), bool)
    between = np.zeros(len(t), bool)
    for start, end in units:
        inside |= (t >= start) & (t <= end)
    for (_, end), (start, _) in zip(units, units[1:]):
        if start - end <= MAX_TRANSITION_S:
            between |= (t > end) & (t < start)
    for key, mask in (("within_signs", inside), ("within_transitions", between & ~inside)):
        if mask.any():
            out[key] = float(np.sqrt(np.mean(magnitude[mask] ** 2)))
    return out


# -- penetration --------------------------------------------------------------------------
def max_penetration(rot: np.ndarray, pos: np.ndarray, skeleton, body) -> np.ndarray:
    """(N,) deepest penetration (m) of either forearm or hand into the torso or head per frame."""
    torso = body.torso
    centre, radius = body.head
    h = skeleton.index("head")
    # The head sphere's centre moves with the head bone.
    centres = pos[:, h] + rot[:, h] @ (centre - skeleton.heads[h])
    worst = np.zeros(len(pos))
    for side in SIDES:
        points, radii = arm_points(rot, pos, skeleton, side)
        worst = np.maximum(worst, torso.depth(points, radii).max(axis=1))
        gap = np.linalg.norm(points - centres[:, None], axis=-1) - radii
        worst = np.maximum(worst, np.clip(radius - gap, 0.0, None).max(axis=1))
    return worst


def hand_penetration(rot: np.ndarray, pos: np.ndarray, skeleton) -> np.ndarray:
    """(N,) deepest overlap (m) of one hand's contact solid with the other's per frame."""
    return hand_overlap(hand_solid(rot, pos, skeleton, "r"), hand_solid(rot, pos, skeleton, "l"))


# -- joint limits -------------------------------------------------------------------------
def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def _signed_angle(u: np.ndarray, v: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """Degrees from u to v about ``axis`` (all (..., 3)), after projecting onto the plane of the axis."""
    u = u - np.sum(u * axis, -1, keepdims=True) * axis
    v = v - np.sum(v * axis, -1, keepdims=True) * axis
    return np.degrees(np.arctan2(np.sum(np.cross(u, v) * axis, -1), np.sum(u * v, -1)))


def _palm(skeleton, side: str) -> np.ndarray:
    """(3,) rest direction the palm faces, as synthesis defines it."""
    return HandModel(skeleton, side).axes[2]


def _flexion(rot, pos, skeleton, parent_seg: tuple[str, str], bone: str, child: str, palm: np.ndarray):
    """(N,) degrees of flexion (toward the palm) of segment bone->child from segment parent_seg."""
    b, c = skeleton.index(bone), skeleton.index(child) if child else None
    a0, a1 = (skeleton.index(n) for n in parent_seg)
    rest_dir = (skeleton.heads[c] if c is not None else skeleton.tails[b]) - skeleton.heads[b]
    axis_rest = _unit(np.cross(rest_dir, palm))      # +rotation about it bends toward the palm
    axis = rot[:, b] @ axis_rest
    u = pos[:, a1] - pos[:, a0]
    v = rot[:, b] @ rest_dir
    return _signed_angle(u, v, axis)


def joint_angles(rot: np.ndarray, pos: np.ndarray, skeleton) -> dict[str, np.ndarray]:
    """Anatomical angles (N,) in degrees: elbow_<s>, wrist_<s>, <finger>_<seg>_<s>."""
    out = {}
    for s in SIDES:
        palm = _palm(skeleton, s)
        upper = pos[:, skeleton.index(f"lowerarm_{s}")] - pos[:, skeleton.index(f"upperarm_{s}")]
        fore = pos[:, skeleton.index(f"hand_{s}")] - pos[:, skeleton.index(f"lowerarm_{s}")]
        cos = np.sum(_unit(upper) * _unit(fore), -1)
        out[f"elbow_{s}"] = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
        out[f"wrist_{s}"] = _flexion(rot, pos, skeleton, (f"lowerarm_{s}", f"hand_{s}"), f"hand_{s}",
                                     f"middle_01_{s}", palm)
        for f in FINGERS:
            parent = (f"hand_{s}", f"{f}_01_{s}")
            for seg, child in (("01", "02"), ("02", "03"), ("03", None)):
                bone = f"{f}_{seg}_{s}"
                out[bone] = _flexion(rot, pos, skeleton, parent, bone, f"{f}_{child}_{s}" if child else "", palm)
                parent = (bone, f"{f}_{child}_{s}") if child else parent
    return out


def limit_violations(rot: np.ndarray, pos: np.ndarray, skeleton) -> np.ndarray:
    """(N,) bool: frames where some joint is beyond its anatomical limit."""
    tol = LIMIT_TOLERANCE_DEG
    bad = np.zeros(len(pos), bool)
    for name, angle in joint_angles(rot, pos, skeleton).items():
        if name.startswith("elbow"):
            bad |= angle > ELBOW_MAX_DEG + tol
        elif name.startswith("wrist"):
            bad |= np.abs(angle) > WRIST_MAX_DEG + tol
        else:
            bad |= (angle < -tol) | (angle > FINGER_MAX_DEG + tol)
    return bad
