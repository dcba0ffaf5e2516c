"""Every handshape the lexicon uses, posed on the real hand and checked by its fingers' joint
angles against what its notation selects (the same shapes `docs/handshapes.png` shows)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from signgen.hamnosys import parse
from signgen.hamnosys.handshapes import format_handshape, sign_handshapes
from signgen.lexicon import Lexicon
from signgen.motion.metrics import joint_angles
from signgen.synthesis.hand import FINGERS, finger_states

EXTENDED_MAX_DEG = 20.0   # a straight finger: every joint nearly straight
CLOSED_MIN_DEG = 60.0     # a finger folded into the palm: the knuckle well bent


def lexicon_shapes():
    lexicon = Lexicon.load("ase")
    shapes = {}
    for entry in list(lexicon.entries) + list(lexicon.letters) + list(lexicon.numbers):
        for shape in sign_handshapes(parse(entry.hamnosys)):
            shapes.setdefault(format_handshape(shape), shape)
    return shapes


SHAPES = lexicon_shapes()


def finger_angles(avatar, synthesizer, notation: str) -> dict[str, np.ndarray]:
    """Knuckle, middle and end joint flexion (degrees) of each finger of the right hand holding
    the shape (the arm at rest: finger angles are measured relative to the hand)."""
    frame = avatar.skeleton.identity_pose()
    for bone, rotation in synthesizer.hands["r"].pose(SHAPES[notation]).rotations.items():
        frame[bone] = rotation
    quats = Rotation.from_matrix(frame).as_quat()[None]
    rot, pos = avatar.skeleton.forward_batch(quats)
    angles = joint_angles(rot, pos, avatar.skeleton)
    return {f: np.array([angles[f"{f}_0{k}_r"][0] for k in (1, 2, 3)]) for f in FINGERS}


def test_the_lexicon_uses_the_named_handshapes():
    assert len(SHAPES) >= 30
    for notation in ("hamfinger2 hamthumboutmod hampinky", "hampinch12open", "hamceeall", "hamfinger23spread hamthumbacrossmod"):
        assert notation in SHAPES  # Y, F, C, V


@pytest.mark.parametrize("notation", sorted(SHAPES))
def test_handshape_fingers_bend_as_written(avatar, synthesizer, notation):
    angles = finger_angles(avatar, synthesizer, notation)
    for finger, state in finger_states(SHAPES[notation]).items():
        knuckle, middle, _ = angles[finger]
        if state == "extended":
            assert np.abs(angles[finger]).max() < EXTENDED_MAX_DEG, (finger, state, angles[finger])
        elif state == "closed":
            assert knuckle > CLOSED_MIN_DEG and middle > CLOSED_MIN_DEG, (finger, state, angles[finger])
        elif state == "bent":  # bent at the knuckle only
            assert knuckle > CLOSED_MIN_DEG and middle < EXTENDED_MAX_DEG, (finger, state, angles[finger])
        elif state == "hooked":  # straight knuckle, curled joints
            assert knuckle < 30.0 and middle > CLOSED_MIN_DEG, (finger, state, angles[finger])


def test_y_hand_is_pinky_and_thumb(avatar, synthesizer):
    angles = finger_angles(avatar, synthesizer, "hamfinger2 hamthumboutmod hampinky")
    assert np.abs(angles["pinky"]).max() < EXTENDED_MAX_DEG
    assert all(angles[f][0] > CLOSED_MIN_DEG for f in ("index", "middle", "ring"))
