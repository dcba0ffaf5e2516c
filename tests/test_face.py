"""Face track: NMM brows and head motion, blinks, breathing, determinism, and how brows render."""

from __future__ import annotations

import numpy as np
import pytest

from signgen.gloss.types import Gloss, GlossSentence, Nmm
from signgen.motion.face import (FaceTrack, Marker, apply_head, apply_weight_shift, face_track, markers_from_performance,
                                 weight_shift)
from signgen.perform import Performance, TimedGloss, TimedSentence

FPS = 25.0


@pytest.fixture(scope="module")
def names(avatar):
    return list(avatar.face_target_names)


def col(track: FaceTrack, names, name: str) -> np.ndarray:
    return track.weights[:, names.index(name)]


def frames(t0: float, t1: float) -> slice:
    return slice(int(round(t0 * FPS)), int(round(t1 * FPS)) + 1)


def test_yn_question_raises_brows_only_during_its_span(names):
    track = face_track([Marker("yn-question", 2.0, 4.0)], 8.0, FPS, names, seed=1)
    inner = col(track, names, "browInnerUp")
    outer = col(track, names, "browOuterUpLeft")
    assert inner[frames(2.0, 4.0)].min() >= 0.8 and outer[frames(2.0, 4.0)].min() >= 0.8
    assert inner[frames(0.0, 1.8)].max() == 0.0 and inner[frames(4.2, 8.0)].max() == 0.0
    # Ramps, not pops: no frame-to-frame jump bigger than half the peak.
    assert np.abs(np.diff(inner)).max() < 0.5 * inner.max()
    assert col(track, names, "browDownLeft").max() == 0.0


def test_wh_question_furrows_brows(names):
    track = face_track([Marker("wh-question", 1.0, 2.0)], 3.0, FPS, names)
    assert col(track, names, "browDownLeft")[frames(1.0, 2.0)].min() >= 0.8
    assert col(track, names, "browInnerUp").max() == 0.0


def test_negation_shakes_the_head_about_y(names):
    track = face_track([Marker("negation", 2.0, 4.0)], 6.0, FPS, names, seed=3)
    yaw = np.degrees(track.head[:, 1])
    during, before = yaw[frames(2.2, 3.8)], yaw[frames(0.0, 1.8)]
    assert during.max() > 6.0 and during.min() < -6.0
    crossings = np.count_nonzero(np.diff(np.sign(during)) != 0)
    assert crossings >= 5  # ~2.5 Hz over 1.6 s is about eight zero crossings
    assert np.abs(before).max() < 2.0  # only idle sway outside the span


def test_a_blink_in_every_six_second_window(names):
    duration = 40.0
    track = face_track([], duration, FPS, names, seed=7, sentence_ends_s=[5.3, 17.0])
    blink = col(track, names, "eyeBlinkLeft")
    assert np.array_equal(blink, col(track, names, "eyeBlinkRight"))
    window = int(6 * FPS)
    for start in range(0, len(blink) - window + 1, 5):
        assert blink[start:start + window].max() >= 0.99, f"no blink in window at {start / FPS:.1f} s"
    # Sentence ends get a blink; blinks are brief (~150 ms), so the eyes are mostly open.
    for end in (5.3, 17.0):
        assert blink[frames(end - 0.1, end + 0.1)].max() >= 0.99
    assert np.mean(blink > 0.5) < 0.1


def test_head_breathes_so_the_avatar_never_freezes(names):
    track = face_track([], 10.0, FPS, names, seed=2)
    pitch = track.head[:, 0]
    assert np.ptp(pitch[frames(0, 4)]) > np.radians(0.5)  # one breath cycle moves the head
    assert np.abs(track.head).max() < np.radians(3.0)       # ...but only slightly
    assert np.all(np.abs(np.diff(track.head, axis=0)).sum(axis=1) > 0)


def test_same_seed_same_track_other_seed_differs(names):
    markers = [Marker("negation", 1.0, 2.0), Marker("topic", 3.0, 3.5)]
    a = face_track(markers, 12.0, FPS, names, seed=11, sentence_ends_s=[6.0])
    b = face_track(markers, 12.0, FPS, names, seed=11, sentence_ends_s=[6.0])
    c = face_track(markers, 12.0, FPS, names, seed=12, sentence_ends_s=[6.0])
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.head, b.head)
    assert not np.array_equal(a.weights, c.weights) and not np.array_equal(a.head, c.head)
    assert a.weights.shape == (int(round(12.0 * FPS)) + 1, len(names)) and a.head.shape == (len(a.weights), 3)


def test_markers_from_performance_maps_gloss_spans_to_seconds():
    g = [Gloss("YOU", "sign", (0, 3), "you"), Gloss("", "pause", (3, 3), ""),
         Gloss("GO", "sign", (4, 6), "go"), Gloss("NOT", "sign", (7, 10), "not"),
         Gloss("GO", "sign", (11, 13), "go")]
    sentence = GlossSentence("you go not go", 0, 13, tuple(g),
                             (Nmm("yn-question", 0, 4), Nmm("negation", 3, 4), Nmm("topic", 1, 1)))
    timed = (TimedGloss(g[0], 0.2, 0.8), TimedGloss(g[2], 1.3, 1.9), TimedGloss(g[3], 2.1, 2.6),
             TimedGloss(g[4], 2.8, 3.4))
    perf = Performance(None, (TimedSentence(sentence, 0.0, 3.4, timed),), ())
    markers = markers_from_performance(perf)
    assert Marker("yn-question", 0.2, 3.4) in markers
    assert Marker("negation", 2.1, 3.4) in markers   # the second GO, not the first
    assert len(markers) == 2                           # the marker over only a pause has no time


def test_apply_head_turns_the_head_and_keeps_the_body(avatar):
    skeleton = avatar.skeleton
    poses = np.zeros((2, len(skeleton), 4))
    poses[..., 3] = 1.0
    head = np.array([[0.0, 0.0, 0.0], [0.0, np.radians(20), 0.0]])
    turned = apply_head(poses, head, skeleton)
    h, spine = skeleton.index("head"), skeleton.index("spine_03")
    assert np.allclose(turned[:, spine], poses[:, spine])
    from signgen.motion.clip import to_matrices
    nose_offset = np.array([0.0, 0.08, 0.1])  # a point in front of the head joint
    points = []
    for pose in turned:
        rot, pos = skeleton.forward(to_matrices(pose))
        points.append(pos[h] + rot[h] @ nose_offset)
    assert points[1][0] - points[0][0] > 0.02  # +Y turns the face toward the avatar's left (+X)


def test_raised_brows_show_at_broadcast_size(avatar, names):
    from signgen.avatar.deform import Deformer
    from signgen.render.renderer import AvatarRenderer

    track = face_track([Marker("yn-question", 0.5, 1.5)], 2.0, FPS, names, seed=0)
    weights = track.weights[int(1.0 * FPS)].copy()
    weights[[names.index("eyeBlinkLeft"), names.index("eyeBlinkRight")]] = 0.0  # brows alone
    deformer = Deformer(avatar)
    matrices = avatar.skeleton.skinning_matrices(avatar.skeleton.identity_pose())
    with AvatarRenderer(avatar, 1280, 720) as renderer:
        neutral = renderer.render(deformer.deform(matrices, None).copy()).astype(int)
        raised = renderer.render(deformer.deform(matrices, weights).copy()).astype(int)
    changed = np.abs(raised - neutral).sum(axis=2) > 30
    ys, xs = np.nonzero(changed)
    assert len(ys) > 150  # visible at 720p full-body framing, not a sub-pixel shift
    # The change is on the face only (above the shoulders, near the midline).
    assert ys.max() < 260 and abs(np.median(xs) - 640) < 40


def test_affirmation_nods_the_head_down_and_back(names):
    track = face_track([Marker("affirmation", 2.0, 4.0)], 6.0, FPS, names, seed=3)
    pitch = np.degrees(track.head[:, 0])
    during, before = pitch[frames(2.2, 3.8)], pitch[frames(0.0, 1.8)]
    assert during.max() > 5.0                      # the head dips...
    dips = np.count_nonzero(np.diff(np.sign(np.diff(during))) < 0)
    assert dips >= 2                               # ...more than once (nods, not a held bow)
    assert np.abs(before).max() < 2.0 and np.abs(np.degrees(track.head[:, 1])).max() < 2.0


def test_weight_shift_moves_the_upper_body_as_one(avatar):
    from signgen.motion.clip import to_matrices

    skeleton = avatar.skeleton
    sway = weight_shift(20.0, FPS, seed=4)
    assert np.array_equal(sway, weight_shift(20.0, FPS, seed=4))
    assert np.degrees(np.abs(sway[:, 2])).max() > 0.5  # a visible lean within 20 s
    poses = np.zeros((len(sway), len(skeleton), 4))
    poses[..., 3] = 1.0
    shifted = apply_weight_shift(poses, sway, skeleton)
    k = int(np.argmax(np.abs(sway[:, 2])))
    rot, pos = skeleton.forward(to_matrices(shifted[k]))
    rest_rot, rest_pos = skeleton.forward(to_matrices(poses[k]))
    hand, chest, pelvis = skeleton.index("hand_r"), skeleton.index("spine_03"), skeleton.index("pelvis")
    assert np.linalg.norm(pos[hand] - rest_pos[hand]) > 0.005  # the hands travel with the body...
    # ...and keep their place relative to the chest; the hips stay put.
    relative = rot[chest].T @ (pos[hand] - pos[chest])
    assert np.allclose(relative, rest_rot[chest].T @ (rest_pos[hand] - rest_pos[chest]), atol=1e-9)
    assert np.allclose(pos[pelvis], rest_pos[pelvis])


def test_neutral_face_is_relaxed_and_gives_way_to_expressions(avatar, names):
    from signgen.avatar.deform import Deformer
    from signgen.motion.face import NEUTRAL_FACE, relaxed

    track = face_track([Marker("yn-question", 2.0, 4.0)], 6.0, FPS, names, seed=1)
    weights = relaxed(track.weights, names)
    rest = weights[int(0.2 * FPS)]
    inner, smile = names.index("browInnerUp"), names.index("mouthSmileLeft")
    assert rest[inner] == pytest.approx(NEUTRAL_FACE["browInnerUp"]) and rest[smile] > 0.3
    # During the question the marker's own brows play exactly as written; blinks are untouched.
    middle = frames(2.5, 3.5)
    np.testing.assert_array_equal(weights[middle], track.weights[middle])
    blink = names.index("eyeBlinkLeft")
    np.testing.assert_array_equal(weights[:, blink], track.weights[:, blink])
    # The neutral face changes no faster than the expression replacing it (no pop of its own).
    expressive = [k for k, n in enumerate(names) if not n.startswith("eyeBlink")]
    neutral_step = np.abs(np.diff(weights - track.weights, axis=0)).max(axis=1)
    expression_step = np.abs(np.diff(track.weights[:, expressive], axis=0)).max(axis=1)
    assert (neutral_step <= expression_step + 1e-9).all()
    # Measured on the mesh: the inner brow ends sit lower and the mouth corners higher than the
    # mesh's own (worried) neutral.
    deformer = Deformer(avatar)
    plain, relaxed_mesh = deformer.morph(None).copy(), deformer.morph(rest).copy()
    lo, hi = avatar.face_target_offsets[inner:inner + 2]
    brow = avatar.face_target_index[lo:hi][np.abs(avatar.face_target_delta[lo:hi, 1]) > 1e-3]
    assert (relaxed_mesh[brow, 1] - plain[brow, 1]).mean() < -0.001
    lo, hi = avatar.face_target_offsets[smile:smile + 2]
    corner = avatar.face_target_index[lo:hi][np.linalg.norm(avatar.face_target_delta[lo:hi], axis=1) > 2e-3]
    assert (relaxed_mesh[corner, 1] - plain[corner, 1]).mean() > 0.0005
