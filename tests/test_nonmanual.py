"""SiGML non-manuals: head shake/nod/tilt/push, brows, eyelids, visemes, unknown tags, and the
`signgen sign FILE.sigml --side` video measured frame by frame (real synthesis, renderer, ffmpeg)."""

from __future__ import annotations

import os
import subprocess
import sys

import imageio_ffmpeg
import numpy as np
import pytest

from signgen.hamnosys import parse_sigml
from signgen.motion.clip import to_matrices
from signgen.motion.face import apply_neck_push, still_face, with_nonmanual
from signgen.synthesis.nonmanual import ignored_features, nonmanual_track
from signgen.video.encode import probe

FPS = 25.0
T = np.arange(0, 2.0 + 1e-9, 1 / FPS)   # a 2 s timeline; the sign plays from 0.6 s to 1.4 s
START, END = 0.6, 1.4
DURING = (T >= START) & (T <= END)   # features ease in before the sign and out after it
OUTSIDE = (T < START - 0.2) | (T > END + 0.2)
MIDDLE = int(round(1.0 * FPS))


def track(*features: str):
    return nonmanual_track(list(features), T, START, END)


def sign_changes(x: np.ndarray, floor: float) -> int:
    """Zero crossings of ``x``, ignoring samples within ``floor`` of zero."""
    signs = np.sign(x[np.abs(x) > floor])
    return int(np.count_nonzero(np.diff(signs) != 0))


@pytest.mark.parametrize("code, axis, amplitude", [
    ("SH", 1, 6.0),   # shake: yaw
    ("NO", 0, 5.0),   # nod: pitch
])
def test_shake_and_nod_oscillate_about_their_own_axis_only(code, axis, amplitude):
    head = np.degrees(track(f"hnm_head:{code}").head)
    moving = head[:, axis]
    assert sign_changes(moving[DURING], 0.5) >= 2
    assert np.abs(moving).max() > amplitude
    assert np.abs(np.delete(head, axis, axis=1)).max() < 1e-9
    assert np.abs(moving[OUTSIDE]).max() < 1e-9


@pytest.mark.parametrize("code, axis, sign", [
    ("TL", 2, 1), ("TR", 2, -1),   # tilt: roll toward the left / right shoulder
    ("SL", 1, 1), ("SR", 1, -1),   # turn: yaw
    ("NF", 0, 1), ("NB", 0, -1),   # tilted forward (face down) / back
])
def test_static_head_positions_hold_over_the_sign(code, axis, sign):
    head = np.degrees(track(f"hnm_head:{code}").head)
    assert sign * head[MIDDLE, axis] > 8.0
    assert np.abs(np.delete(head, axis, axis=1)).max() < 1e-9
    # Eased in and out: no jump between frames bigger than 40% of the hold.
    assert np.abs(np.diff(head[:, axis])).max() < 0.4 * abs(head[MIDDLE, axis])
    assert np.abs(head[OUTSIDE]).max() < 1e-9


def test_raised_brows_vs_a_sign_without():
    raised = track("hnm_eyebrows:RB").weights
    assert raised["browInnerUp"][MIDDLE] > 0.5 and raised["browOuterUpLeft"][MIDDLE] > 0.5
    assert raised["browInnerUp"][OUTSIDE].max() == 0.0
    plain = track("hnm_head:SH").weights
    assert plain.get("browInnerUp", np.zeros(1)).max() == 0.0
    furrowed = track("hnm_eyebrows:FU").weights
    assert furrowed["browDownLeft"][MIDDLE] > 0.5 and "browInnerUp" not in furrowed


def test_eyelids_and_gaze():
    closed = track("hnm_eyelids:CB").weights
    assert closed["eyeBlinkLeft"][MIDDLE] == pytest.approx(1.0) and closed["eyeBlinkRight"][MIDDLE] == pytest.approx(1.0)
    right_only = track("hnm_eyelids:CR").weights
    assert "eyeBlinkLeft" not in right_only and right_only["eyeBlinkRight"][MIDDLE] > 0.9
    left = track("hnm_eyegaze:LE").weights  # the signer's left: left eye out, right eye in
    assert left["eyeLookOutLeft"][MIDDLE] > 0.5 and left["eyeLookInRight"][MIDDLE] > 0.5


def test_mouth_picture_is_a_viseme_sequence():
    bam = track("hnm_mouthpicture:bAm").weights
    jaw, press = bam["jawOpen"], bam["mouthPressLeft"]
    inside = np.flatnonzero(DURING)
    first, mid, last = inside[0], inside[len(inside) // 2], inside[-1]
    assert jaw[mid] > 0.4 and jaw[first] < 0.2 and jaw[last] < 0.2   # b ... A ... m
    assert press[first] > 0.3 and press[last] > 0.3 and press[mid] < 0.2
    rounded = track("hnm_mouthpicture:u").weights
    assert rounded["mouthPucker"][MIDDLE] > 0.5 and rounded["jawOpen"][MIDDLE] < 0.2
    assert "mouthPucker" not in track("hnm_mouthpicture:a").weights
    # A mouth gesture written as a sound sequence and one that is a static shape.
    assert track("hnm_mouthgesture:L09").weights["jawOpen"].max() > 0.4
    assert track("hnm_mouthgesture:C01").weights["cheekPuff"][MIDDLE] == pytest.approx(1.0)


def test_unknown_tags_are_listed_and_skipped():
    xml = ('<sigml><hns_sign gloss="X"><hamnosys_nonmanual><hnm_head tag="ZZ"/><hnm_body tag="RL"/>'
           '<hnm_mouthgesture tag="Q99"/><hnm_eyebrows tag="RB"/><hnm_extra tag="wink"/>'
           '<hnm_mouthpicture picture="!!"/></hamnosys_nonmanual>'
           '<hamnosys_manual><hamflathand/><hamextfingeru/><hampalml/><hamchest/></hamnosys_manual></hns_sign></sigml>')
    (_, sign), = parse_sigml(xml)
    expected = ("hnm_head:ZZ", "hnm_body:RL", "hnm_mouthgesture:Q99", "hnm_extra:wink", "hnm_mouthpicture:!!")
    assert ignored_features(sign.nonmanual) == expected
    result = nonmanual_track(sign.nonmanual, T, START, END)
    assert result.ignored == expected
    assert set(result.weights) == {"browInnerUp", "browOuterUpLeft", "browOuterUpRight"}
    assert np.abs(result.head).max() == 0.0


def test_features_layer_onto_a_face_track(avatar):
    names = list(avatar.face_target_names)
    face = with_nonmanual(still_face(len(T), names), track("hnm_eyebrows:RB", "hnm_head:SH", "hnm_bogus:X"), names)
    assert face.weights.shape == (len(T), len(names))
    assert face.weights[MIDDLE, names.index("browInnerUp")] > 0.5
    assert face.weights[:, names.index("jawOpen")].max() == 0.0
    assert np.abs(face.head[:, 1]).max() > np.radians(6.0)


def test_push_forward_moves_the_head_forward_keeping_the_face_level(avatar):
    sk = avatar.skeleton
    push = track("hnm_head:PF").push
    assert push[MIDDLE] > np.radians(10.0) and push[0] == 0.0
    rest = np.tile([0.0, 0.0, 0.0, 1.0], (len(sk.names), 1))
    posed = apply_neck_push(rest[None], push[MIDDLE:MIDDLE + 1], sk)[0]
    rot0, pos0 = sk.forward(to_matrices(rest))
    rot1, pos1 = sk.forward(to_matrices(posed))
    j = sk.index("head")
    assert pos1[j, 2] - pos0[j, 2] > 0.015              # the head moved forward (+Z) by over 1.5 cm
    assert np.allclose(rot1[j], rot0[j], atol=1e-6)     # and faces where it faced


# --- the command, end to end ---------------------------------------------------------------------

SIGML = """<?xml version="1.0" encoding="utf-8"?>
<sigml>
  <hns_sign gloss="NO-WAY">
    <hamnosys_nonmanual><hnm_head tag="SH"/><hnm_eyebrows tag="FU"/><hnm_body tag="RL"/></hamnosys_nonmanual>
    <hamnosys_manual><hamflathand/><hamextfingeru/><hampalml/><hamchest/><hammoveo/></hamnosys_manual>
  </hns_sign>
  <hns_sign gloss="YES">
    <hamnosys_nonmanual><hnm_head tag="NO"/><hnm_eyebrows tag="RB"/></hamnosys_nonmanual>
    <hamnosys_manual><hamfist/><hamextfingeru/><hampalml/><hamshoulders/><hammoved/></hamnosys_manual>
  </hns_sign>
</sigml>
"""


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYOPENGL_PLATFORM": "egl"}
    return subprocess.run([sys.executable, "-m", "signgen", *args], capture_output=True, text=True, env=env, timeout=600)


def read_frames(path) -> np.ndarray:
    """(F, H, W, 3) uint8 RGB frames, decoded with the bundled ffmpeg."""
    reader = imageio_ffmpeg.read_frames(str(path))
    width, height = next(reader)["size"]
    return np.stack([np.frombuffer(f, np.uint8).reshape(height, width, 3) for f in reader])


@pytest.fixture(scope="module")
def side_video(tmp_path_factory, avatar):
    folder = tmp_path_factory.mktemp("nonmanual")
    source = folder / "check.sigml"
    source.write_text(SIGML, encoding="utf-8")
    out = folder / "check.mp4"
    result = run("sign", str(source), "-o", str(out), "--side", "--preset", "720p25")
    assert result.returncode == 0, result.stderr
    return out, result.stderr, read_frames(out)


def test_side_video_is_well_formed_and_names_skipped_features(side_video):
    out, stderr, frames = side_video
    facts = probe(out)
    assert (facts["video"]["width"], facts["video"]["height"], facts["video"]["codec"]) == (1280, 720, "h264")
    assert facts["video"]["fps"] == 25.0
    assert facts["frames"] == len(frames) and facts["duration_s"] == pytest.approx(len(frames) / 25.0, abs=0.05)
    assert "hnm_body:RL" in stderr and "NO-WAY" in stderr
    assert not list(out.parent.glob(".*check*"))  # no temporary file left behind


def silhouettes(frames: np.ndarray) -> np.ndarray:
    """(F, H, W) True where a pixel differs from the flat background (top-left corner)."""
    background = frames[0, 2, 2].astype(int)
    return np.abs(frames.astype(int) - background).sum(-1) > 40


def test_side_half_shows_the_body_from_the_side(side_video):
    _, _, frames = side_video
    body = silhouettes(frames[:1])[0]
    half = body.shape[1] // 2
    front, side = body[:, :half], body[:, half:]
    top = np.flatnonzero(front.any(1))[0]
    chest = top + 200  # well below the chin, above the resting hands
    assert side[chest].sum() < 0.6 * front[chest].sum()   # the torso's depth is less than its width
    assert side.sum() > 0.3 * front.sum()                  # but the whole signer is there
    # Same scale: the head's height matches in both halves within a few pixels.
    assert abs(np.flatnonzero(side.any(1))[0] - top) < 12


def test_rendered_head_shakes_then_nods(side_video):
    _, _, frames = side_video
    half = frames.shape[2] // 2
    front = frames[:, :, :half].astype(int)
    top = np.flatnonzero(silhouettes(frames[:1])[0, :, :half].any(1))[0]
    head = front[:, top:top + 110]
    skin = (head[..., 0] - head[..., 2]) > 60   # skin is red-warm; hair, clothes and background are not
    ys, xs = np.mgrid[0:skin.shape[1], 0:skin.shape[2]]
    count = skin.sum((1, 2))
    dx = (skin * xs).sum((1, 2)) / count
    dy = (skin * ys).sum((1, 2)) / count
    dx, dy = dx - dx[0], dy - dy[0]
    assert abs(dx[-1]) < 0.5 and abs(dy[-1]) < 0.5        # back to rest at the end
    shaking = np.flatnonzero(np.abs(dx) > 1.5)
    nodding = np.flatnonzero(np.abs(dy) > 1.5)
    assert sign_changes(dx, 1.5) >= 2 and np.abs(dx).max() > 2.5   # the face swings side to side
    assert sign_changes(dy, 1.5) >= 2 and np.abs(dy).max() > 2.0   # then up and down
    # The shake is the first sign's, the nod the second's (they may overlap while one eases out
    # and the next eases in, during the transition between the signs).
    assert shaking.min() < nodding.min() - 10 and shaking.max() < nodding.max() - 10


@pytest.mark.parametrize("content, args, fragment", [
    (None, (), "not found"),
    ("<sigml><hns_sign", (), "not well-formed"),
    (SIGML, ("--bvh", "x.bvh"), "--bvh exports one sign; this file has 2"),
])
def test_sign_file_errors_are_one_line(tmp_path, content, args, fragment):
    source = tmp_path / "bad.sigml"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    result = run("sign", str(source), "-o", str(tmp_path / "x.mp4"), *args)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "bad.sigml" in lines[0], result.stderr
    assert not (tmp_path / "x.mp4").exists()
