"""Two-handed signs: contact between the hands, alternation, finger play, the non-dominant side,
and the hand-into-hand penetration metric, all measured on the real skeleton."""

from __future__ import annotations

import numpy as np
import pytest

from signgen.hamnosys import parse
from signgen.hamnosys.model import HandConfig, Handshape
from signgen.lexicon import Lexicon
from signgen.motion.clip import Clip
from signgen.motion.metrics import hand_penetration, joint_angles, motion_metrics
from signgen.synthesis.body import SOLID_RADII, hand_solid

TOUCH_CM = 1.0        # hands this close (flesh to flesh) count as touching
PASS_THROUGH_CM = 0.5  # an overlap beyond this is one hand inside the other


def clip_of(synthesizer, gloss: str) -> Clip:
    return synthesizer.synthesize(parse(Lexicon.load("ase").sign(gloss).hamnosys), gloss)


def solids(avatar, clip: Clip):
    rot, pos = avatar.skeleton.forward_batch(clip.quaternions)
    return rot, pos, hand_solid(rot, pos, avatar.skeleton, "r"), hand_solid(rot, pos, avatar.skeleton, "l")


def gaps_cm(right: np.ndarray, left: np.ndarray) -> np.ndarray:
    """(N,) least flesh-to-flesh distance between the hands per frame, cm (negative: overlap)."""
    d = np.linalg.norm(right[:, :, None] - left[:, None], axis=-1) - SOLID_RADII[:, None] - SOLID_RADII[None]
    return 100.0 * d.min(axis=(1, 2))


@pytest.mark.parametrize("gloss", ["HELP", "CITY", "STOP", "MONEY"])
def test_hands_touch_without_passing_through(avatar, synthesizer, gloss):
    rot, pos, right, left = solids(avatar, clip_of(synthesizer, gloss))
    gaps = gaps_cm(right, left)
    assert gaps.min() < TOUCH_CM                       # they meet ...
    assert gaps.min() > -PASS_THROUGH_CM               # ... and do not sink into each other
    assert 100.0 * hand_penetration(rot, pos, avatar.skeleton).max() < PASS_THROUGH_CM


@pytest.mark.parametrize("gloss", ["READER", "CITIZEN", "SISTER-IN-LAW", "FIREWOOD"])
def test_compound_blend_does_not_carry_one_hand_through_the_other(avatar, synthesizer, gloss):
    # the blend from one part's last pose to the next part's first once passed 2 cm hand into hand
    rot, pos, _, _ = solids(avatar, clip_of(synthesizer, gloss))
    assert 100.0 * hand_penetration(rot, pos, avatar.skeleton).max() < PASS_THROUGH_CM


def test_help_fist_stays_on_the_palm_as_both_rise(avatar, synthesizer):
    _, pos, right, left = solids(avatar, clip_of(synthesizer, "HELP"))
    gaps = gaps_cm(right, left)
    assert np.all(gaps < 2.0)                          # carried: in contact the whole time
    wrist_l = pos[:, avatar.skeleton.index("hand_l")]
    assert wrist_l[-1, 1] - wrist_l[0, 1] > 0.08       # the base hand rises with the fist


def test_city_fingertips_meet_at_the_midline(avatar, synthesizer):
    _, _, right, left = solids(avatar, clip_of(synthesizer, "CITY"))
    tips = slice(-9, -8)  # the middle finger's tip is the solid's point after index's chain
    middle_tip = 1 + 4 + 4 * 1 + 3  # wrist, 4 palm points, index chain (4), middle's 3 joints
    apart = np.linalg.norm(right[:, middle_tip] - left[:, middle_tip], axis=-1)
    assert apart.min() < 0.03                          # the roof's ridge: fingertips together
    assert (right[..., 0] + SOLID_RADII).max() < 0.004  # no right finger crosses the midline


def test_metric_sees_hands_passing_through_each_other(avatar, synthesizer, body):
    """Both hands held at the same place: one inside the other, which the metric must report."""
    flat = HandConfig(Handshape("flathand"), "o", "d")
    wrist = synthesizer.body.site("neutralspace", "r").point
    frames = np.repeat(synthesizer.rest_clip(0.1).quaternions[:1], 3, axis=0)
    from signgen.motion.clip import to_matrices
    matrices = np.stack([to_matrices(q) for q in frames])
    for side, shift in (("r", -0.01), ("l", 0.01)):
        track = synthesizer._hold(side, flat, wrist + np.array([shift, 0.0, 0.0]), len(matrices))
        synthesizer._solve_track(matrices, side, track)
    clip = Clip.from_matrices("OVERLAP", matrices, 30.0)
    out = motion_metrics(clip.quaternions, 30.0, avatar.skeleton, body, [(0.0, clip.duration)], [], [])
    assert out["max_hand_penetration_cm"] > 2.0
    touching = clip_of(synthesizer, "CITY")
    out = motion_metrics(touching.quaternions, 30.0, avatar.skeleton, body, [(0.0, touching.duration)], [], [])
    assert out["max_hand_penetration_cm"] < PASS_THROUGH_CM


def test_alternating_hands_take_turns(avatar, synthesizer):
    _, pos, _, _ = solids(avatar, clip_of(synthesizer, "CAR"))
    heights = pos[:, [avatar.skeleton.index("hand_r"), avatar.skeleton.index("hand_l")], 1]
    rises = np.diff(heights, axis=0)
    moving = np.all(np.abs(rises) > 1e-3, axis=1)
    assert moving.any()
    # While both move, one goes up while the other goes down for part of the sign.
    assert np.any(np.sign(rises[moving, 0]) != np.sign(rises[moving, 1]))
    assert np.argmax(heights[:, 0]) != np.argmax(heights[:, 1])


def test_finger_play_wiggles_the_fingers(avatar, synthesizer):
    clip = clip_of(synthesizer, "SNOW")
    rot, pos = avatar.skeleton.forward_batch(clip.quaternions)
    angles = joint_angles(rot, pos, avatar.skeleton)
    for finger in ("index", "middle"):
        knuckle = angles[f"{finger}_01_r"]
        assert knuckle.max() - knuckle.min() > 15.0    # each finger bends and straightens
    # in alternate pairs: while the index bends, the middle finger straightens
    index, middle = angles["index_01_r"], angles["middle_01_r"]
    assert np.corrcoef(np.diff(index), np.diff(middle))[0, 1] < 0.0


def test_police_taps_the_left_chest(avatar, synthesizer):
    clip = clip_of(synthesizer, "POLICE")
    _, pos = avatar.skeleton.forward_batch(clip.quaternions)
    wrist = pos[:, avatar.skeleton.index("hand_r")]
    assert wrist[0, 0] > 0.0  # +x is the signer's left: the right hand has crossed to the left chest
    assert parse("hamfist hamlrat hamchest").location.opposite
    assert not parse("hamfist hamchest hamlrat").location.opposite


def test_each_hand_at_its_own_place(avatar, synthesizer, body):
    """SICK: one location per hand (hamparbegin forehead hamplus stomach hamparend)."""
    _, pos = avatar.skeleton.forward_batch(clip_of(synthesizer, "SICK").quaternions[:1])
    right, left = (pos[0, avatar.skeleton.index(f"hand_{s}")] for s in "rl")
    assert right[1] > body.site("chin").point[1]          # the right hand up at the forehead
    assert left[1] < body.site("chest").point[1]           # the left at the stomach


# (sign, the part of the held arm it is made on, how near (cm) a finger comes to that part's bone:
# skin, the written gap (HOSPITAL and POOR are signed close to the arm, COUNTRY touches it) and
# the finger's own flesh)
@pytest.mark.parametrize("gloss, site, near_cm", [("HOSPITAL", "upperarm", 12.0), ("COUNTRY", "forearm", 7.0),
                                                  ("POOR", "elbow", 12.0)])
def test_signs_on_the_other_arm_reach_that_arm_and_stay_out_of_the_body(avatar, synthesizer, body, gloss, site,
                                                                        near_cm):
    """The acting hand reaches the place on the held arm itself (upper arm between elbow and
    shoulder, forearm, elbow), and neither arm enters the body on the way: the places were once
    drawn on a line straight back from the base hand, past the elbow and into the chest."""
    from signgen.motion.metrics import max_penetration
    from signgen.synthesis.body import arm_points

    clip = clip_of(synthesizer, gloss)
    rot, pos = avatar.skeleton.forward_batch(clip.quaternions)
    sk = avatar.skeleton
    shoulder, elbow, wrist = (pos[:, sk.index(f"{bone}_l")] for bone in ("upperarm", "lowerarm", "hand"))
    low, high = {"upperarm": (elbow, shoulder), "forearm": (wrist, elbow), "elbow": (elbow, elbow)}[site]
    right, _ = arm_points(rot, pos, sk, "r")  # forearm points, then the fingers' joints and tips

    def to_bone(points):  # (N, P) distance of each point from the segment low..high
        axis = high - low
        length2 = np.maximum((axis * axis).sum(-1), 1e-9)[:, None]
        s = np.clip(((points - low[:, None]) * axis[:, None]).sum(-1) / length2, 0.0, 1.0)
        return np.linalg.norm(points - (low[:, None] + s[..., None] * axis[:, None]), axis=-1)

    assert 100.0 * to_bone(right[:, 4:]).min() < near_cm                   # the hand is at that part of the arm
    assert 100.0 * max_penetration(rot, pos, sk, body).max() < 1.5        # and no arm is in the body
