"""Motion metrics on the real skeleton and body: rates, jerk, join jumps, penetration, joint limits."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import least_squares
from scipy.spatial.transform import Rotation

from signgen.motion import metrics
from signgen.motion.metrics import motion_metrics

FPS = 50.0


def rest(skeleton, n: int = 1) -> np.ndarray:
    poses = np.zeros((n, len(skeleton), 4))
    poses[..., 3] = 1.0
    return poses


def swing(skeleton, seconds: float, omega_rad_s: float) -> np.ndarray:
    """The right arm turning about the shoulder at a constant angular speed (wrist speed constant)."""
    n = int(seconds * FPS) + 1
    poses = rest(skeleton, n)
    angles = omega_rad_s * np.arange(n) / FPS
    poses[:, skeleton.index("upperarm_r")] = Rotation.from_rotvec(np.outer(angles, [1.0, 0.0, 0.0])).as_quat()
    return poses


def test_rates_count_transitions_but_not_pauses(avatar, body):
    signs = [(0.0, 0.5), (0.7, 1.2), (3.0, 3.5)]   # 0.2 s transition, then a 1.8 s pause
    letters = [(4.0, 4.2), (4.28, 4.48)]
    out = motion_metrics(rest(avatar.skeleton, 10), FPS, avatar.skeleton, body, signs, letters, [])
    assert out["signs_per_s"] == pytest.approx(3 / 1.7)
    assert out["fingerspelling_letters_per_s"] == pytest.approx(2 / 0.48)


def test_constant_velocity_wrist_has_near_zero_jerk_and_no_join_jump(avatar, body):
    poses = swing(avatar.skeleton, 2.0, 0.6)
    out = motion_metrics(poses, FPS, avatar.skeleton, body, [(0.0, 1.0)], [], [0.5, 1.0, 1.5])
    # A wrist ~0.45 m from the shoulder at 0.6 rad/s: jerk r*w^3 ~ 0.1 m/s^3, speed ~0.27 m/s.
    assert out["rms_jerk"]["within_signs"] < 0.2
    assert out["max_join_velocity_jump"] < 0.01


def test_a_reversal_at_a_join_shows_as_jump_and_jerk(avatar, body):
    skeleton = avatar.skeleton
    forth = swing(skeleton, 1.0, 0.6)
    back = forth[::-1][1:]                     # the same path straight back: velocity flips
    poses = np.concatenate([forth, back])
    out = motion_metrics(poses, FPS, skeleton, body, [(0.0, 1.98)], [], [1.0])
    _, pos = metrics.batch_forward(skeleton, forth)
    wrist = pos[:, skeleton.index("hand_r")]
    speed = np.linalg.norm(wrist[1] - wrist[0]) * FPS
    assert out["max_join_velocity_jump"] == pytest.approx(2 * speed, rel=0.05)
    assert out["rms_jerk"]["within_signs"] > 50 * 0.2


def test_transition_jerk_is_measured_between_units(avatar, body):
    skeleton = avatar.skeleton
    still = rest(skeleton, int(FPS))
    moving = swing(skeleton, 0.2, 3.0)         # a jerky start and stop between two held signs
    poses = np.concatenate([still, moving, np.repeat(moving[-1:], int(FPS), axis=0)])
    t_move = len(still) / FPS
    units = [(0.0, t_move - 0.02), (t_move + 0.22, len(poses) / FPS)]
    out = motion_metrics(poses, FPS, skeleton, body, units, [], [])
    assert out["rms_jerk"]["within_transitions"] > 100.0
    assert out["rms_jerk"]["within_signs"] < out["rms_jerk"]["within_transitions"]


def _arm_reaching(skeleton, target: np.ndarray) -> np.ndarray:
    """A (1, J, 4) pose whose right wrist is at ``target`` (shoulder and elbow rotations fitted)."""
    up, low, hand = (skeleton.index(n) for n in ("upperarm_r", "lowerarm_r", "hand_r"))

    def pose(x):
        poses = rest(skeleton)
        poses[0, up] = Rotation.from_rotvec(x[:3]).as_quat()
        poses[0, low] = Rotation.from_rotvec(x[3:]).as_quat()
        return poses

    def wrist_error(x):
        _, pos = metrics.batch_forward(skeleton, pose(x))
        return pos[0, hand] - target

    fit = least_squares(wrist_error, np.array([0.0, 0.0, 0.5, 1.2, 0.0, 0.0]))
    assert np.linalg.norm(fit.fun) < 0.005
    return pose(fit.x)


def test_a_hand_pushed_into_the_chest_penetrates(avatar, body):
    skeleton = avatar.skeleton
    chest = body.sites["chest"].point
    inside = _arm_reaching(skeleton, chest + np.array([-0.04, 0.0, -0.04]))
    out_in = motion_metrics(inside, FPS, skeleton, body, [], [], [])
    assert out_in["max_penetration_cm"] > 1.0
    at_rest = motion_metrics(rest(skeleton), FPS, skeleton, body, [], [], [])
    assert at_rest["max_penetration_cm"] == 0.0


def test_a_hand_inside_the_head_penetrates(avatar, body):
    skeleton = avatar.skeleton
    nose = body.sites["nose"].point
    into_face = _arm_reaching(skeleton, nose + np.array([0.0, 0.0, -0.06]))
    assert motion_metrics(into_face, FPS, skeleton, body, [], [], [])["max_penetration_cm"] > 1.0


def _bend(skeleton, poses: np.ndarray, bone: str, degrees: float) -> None:
    """Rotate ``bone`` (a right-hand finger) by ``degrees`` of flexion in every frame."""
    b = skeleton.index(bone)
    finger, seg, side = bone.split("_")
    end = skeleton.tails[b] if seg == "03" else skeleton.heads[skeleton.index(f"{finger}_{int(seg) + 1:02d}_{side}")]
    axis = np.cross(end - skeleton.heads[b], metrics._palm(skeleton, "r"))
    axis /= np.linalg.norm(axis)
    poses[:, b] = Rotation.from_rotvec(np.radians(degrees) * axis).as_quat()


def test_fingers_bent_past_their_limits_are_violations(avatar, body):
    skeleton = avatar.skeleton
    poses = rest(skeleton, 4)
    _bend(skeleton, poses[1:2], "index_02_r", 140.0)     # curled far past 110 degrees
    _bend(skeleton, poses[2:3], "middle_01_r", -45.0)    # bent backwards
    _bend(skeleton, poses[3:4], "ring_02_r", 80.0)       # a normal bend
    out = motion_metrics(poses, FPS, skeleton, body, [], [], [])
    assert out["joint_limit_violations"] == 2
    rot, pos = metrics.batch_forward(skeleton, poses)
    angles = metrics.joint_angles(rot, pos, skeleton)
    assert angles["index_02_r"][1] > 140.0 and angles["middle_01_r"][2] < -30.0


def test_an_overbent_elbow_is_a_violation(avatar, body):
    skeleton = avatar.skeleton
    poses = rest(skeleton, 2)
    upper = skeleton.heads[skeleton.index("lowerarm_r")] - skeleton.heads[skeleton.index("upperarm_r")]
    fore = skeleton.heads[skeleton.index("hand_r")] - skeleton.heads[skeleton.index("lowerarm_r")]
    axis = np.cross(upper, fore)
    axis /= np.linalg.norm(axis)
    poses[1, skeleton.index("lowerarm_r")] = Rotation.from_rotvec(np.radians(130.0) * axis).as_quat()
    out = motion_metrics(poses, FPS, skeleton, body, [], [], [])
    assert out["joint_limit_violations"] == 1


def test_a_synthesised_sign_is_within_limits(synthesizer, avatar, body):
    from signgen.hamnosys import parse

    clip = synthesizer.synthesize(parse("hamfinger2 hamextfingerui hampalml hamforehead hamtouch"), "THINK")
    out = motion_metrics(clip.quaternions, clip.rate, avatar.skeleton, body, [(0.0, clip.duration)], [], [])
    assert out["joint_limit_violations"] == 0
    assert out["max_penetration_cm"] < 1.0
