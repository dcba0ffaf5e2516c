"""Signing seen through the camera: measured in rendered pixels, not trusted from the code."""

from __future__ import annotations

import numpy as np
import pytest

from signgen.avatar.deform import Deformer
from signgen.hamnosys import parse
from signgen.lexicon import Lexicon
from signgen.motion.clip import to_matrices
from signgen.render.framing import interpreter_framing, project
from signgen.render.renderer import AvatarRenderer

WIDTH, HEIGHT = 960, 540


@pytest.fixture(scope="module")
def camera(avatar):
    renderer = AvatarRenderer(avatar, WIDTH, HEIGHT)
    yield renderer, Deformer(avatar), interpreter_framing(avatar, WIDTH / HEIGHT)
    renderer.close()


def _render(avatar, camera, pose):
    renderer, deformer, _ = camera
    matrices = avatar.skeleton.skinning_matrices(to_matrices(pose))
    return renderer.render(deformer.deform(matrices)), matrices


def _background_mask(image: np.ndarray, background: np.ndarray) -> np.ndarray:
    """True where a pixel shows the plain background colour (``background``: an RGB triple)."""
    return np.abs(image.astype(int) - background.astype(int)).sum(axis=-1) < 12


def _hand_centre(avatar, pose, side):
    sk = avatar.skeleton
    _, positions = sk.forward(to_matrices(pose))
    return 0.5 * (positions[sk.index(f"hand_{side}")] + positions[sk.index(f"middle_01_{side}")])


def test_both_hands_are_visible_in_the_signing_space(avatar, camera, synthesizer):
    clip = synthesizer.synthesize(parse("hamsymmlr hamflathand hamextfingeru hampalmd hammoveo"), "T")
    pose = clip.quaternions[len(clip.quaternions) // 2]
    image, _ = _render(avatar, camera, pose)
    framing = camera[2]
    background = image[2, 2]
    figure = ~_background_mask(image, background)
    rows, cols = np.nonzero(figure)
    assert rows.min() > 0.02 * HEIGHT, "head touches the top edge"
    assert figure.mean() > 1 / 6 * 0.5, "signer too small"
    for side in "rl":
        x, y = project(framing, _hand_centre(avatar, pose, side)[None], WIDTH, HEIGHT)[0]
        assert 0.05 * WIDTH < x < 0.95 * WIDTH and 0.05 * HEIGHT < y < 0.95 * HEIGHT
        patch = image[int(y) - 4:int(y) + 5, int(x) - 4:int(x) + 5].reshape(-1, 3).astype(int)
        # hand pixels: not background, and skin-toned (red above blue), unlike the dark top
        assert not _background_mask(patch, background).any()
        assert (patch[:, 0] - patch[:, 2]).mean() > 25 and patch.mean() > 60, (side, patch.mean(0))


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load("ase")


def _hand_crop(avatar, camera, synthesizer, entry) -> np.ndarray:
    clip = synthesizer.synthesize(parse(entry.hamnosys), entry.gloss, letter=True)
    pose = clip.quaternions[len(clip.quaternions) // 2]
    image, _ = _render(avatar, camera, pose)
    x, y = project(camera[2], _hand_centre(avatar, pose, "r")[None], WIDTH, HEIGHT)[0]
    crop = image[int(y) - 70:int(y) + 70, int(x) - 70:int(x) + 70]
    return ~_background_mask(crop, image[2, 2]) & (crop[..., 0].astype(int) - crop[..., 2] > 25)  # skin pixels


def test_different_handshapes_give_different_hand_pixels(avatar, camera, synthesizer, lexicon):
    shapes = {
        "A": _hand_crop(avatar, camera, synthesizer, lexicon.letter("A")),
        "B": _hand_crop(avatar, camera, synthesizer, lexicon.letter("B")),
        "5": _hand_crop(avatar, camera, synthesizer, lexicon.number(5)),
    }
    for name, mask in shapes.items():
        assert mask.sum() > 150, f"hand for {name} not visible"
    names = list(shapes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            union = (shapes[a] | shapes[b]).sum()
            overlap = (shapes[a] & shapes[b]).sum() / union
            assert overlap < 0.8, f"{a} and {b} look alike (IoU {overlap:.2f})"
    # an open 5-hand covers more skin than a closed A-hand
    assert shapes["5"].sum() > 1.3 * shapes["A"].sum()
