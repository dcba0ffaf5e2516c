"""Looks measured on rendered frames: skin, top and hair colours as the viewer sees them, and the
hands' contrast with the top (WCAG 2 contrast ratio), for the sheet in docs/ and the tests.

Where each region lands on screen comes from one extra frame in a *label* look (skin pure red,
top pure green, everything else black): shading scales a colour but keeps its hue, so a pixel
whose red (or green) channel clearly dominates belongs to that region; blended outline pixels,
where neither dominates, are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from signgen.avatar.colour import contrast_ratio
from signgen.avatar.look import Look
from signgen.motion.face import relaxed
from signgen.render.framing import Framing
from signgen.render.renderer import AvatarRenderer

# A sign with both fists held in front of the chest (COLD: S-hands shiver), early in the sign.
SAMPLE_GLOSS = "COLD"
SAMPLE_AT = 0.3
_LABELS = Look(skin="#ff0000", top="#00ff00", trousers="#000000", shoes="#000000", hair="#0000ff",
               eyes="#000000", lips="#ff0000", background="#000000")


@dataclass(frozen=True, eq=False)
class LookSample:
    """One look rendered in the sample pose. Colours are mean sRGB (3,) in [0, 1] over the region's
    pixels; ``hand_contrast`` is the WCAG contrast ratio between the hands and the top."""

    name: str
    image: np.ndarray  # (H, W, 3) uint8
    hand: np.ndarray
    face: np.ndarray
    top: np.ndarray
    hair: np.ndarray
    hand_contrast: float


def sample_vertices(studio) -> np.ndarray:
    """(V, 3) the avatar posed with both hands in front of the chest (`SAMPLE_GLOSS`), neutral face."""
    from signgen.motion.clip import to_matrices

    clip = studio.signer.clip(studio.lexicon.sign(SAMPLE_GLOSS))
    pose = clip.quaternions[int(SAMPLE_AT * (len(clip.quaternions) - 1))]
    return studio.deformer.deform(studio.avatar.skeleton.skinning_matrices(to_matrices(pose)),
                                  _neutral_weights(studio.avatar))


def _neutral_weights(avatar) -> np.ndarray:
    names = avatar.face_target_names
    return relaxed(np.zeros((1, len(names))), names)[0]


def face_closeups(studio, look: Look, size: int = 360) -> np.ndarray:
    """(size, 2 * size, 3) uint8: the face at rest as the mesh has it (left) and with the
    relaxed `NEUTRAL_FACE` the renders use (right), from a camera level with the nose."""
    from signgen.motion.clip import to_matrices

    avatar = studio.avatar
    head = avatar.skeleton.heads[avatar.skeleton.index("head")]
    pose = np.eye(4)
    pose[:3, 3] = (0.0, head[1] + 0.045, 0.85)  # 85 cm in front, at the height of the nose
    framing = Framing(camera_pose=pose, yfov=float(np.radians(20.0)), aspect=1.0,
                      box_min=head - 0.2, box_max=head + 0.3)
    rest = studio.signer.synthesizer.rest_clip().quaternions[0]
    matrices = avatar.skeleton.skinning_matrices(to_matrices(rest))
    with AvatarRenderer(avatar, size, size, look, framing=framing) as renderer:
        return np.concatenate([renderer.render(studio.deformer.deform(matrices, w)).copy()
                               for w in (None, _neutral_weights(avatar))], axis=1)


def sample_looks(studio, looks: Mapping[str, Look], width: int = 480, height: int = 270) -> list[LookSample]:
    """Render every look in the sample pose, on its own body shape, and measure its regions.

    ``studio`` is switched to each look's body in turn (`Studio.use_body`)."""
    samples = []
    for name, look in looks.items():
        studio.use_body(look.body)
        vertices = sample_vertices(studio)
        with AvatarRenderer(studio.avatar, width, height, _LABELS, samples=0) as renderer:
            regions = _regions(renderer.render(vertices).astype(np.int32))
        with AvatarRenderer(studio.avatar, width, height, look, samples=0) as renderer:
            image = renderer.render(vertices).copy()
        mean = {key: image[mask].mean(axis=0) / 255.0 for key, mask in regions.items()}
        samples.append(LookSample(name, image, hand_contrast=contrast_ratio(mean["hand"], mean["top"]), **mean))
    return samples


def _regions(labels: np.ndarray) -> dict[str, np.ndarray]:
    """(H, W) masks of the hands, face, top and hair in a frame rendered in the label look."""
    red, green, blue = labels[..., 0], labels[..., 1], labels[..., 2]
    skin = (red > 60) & (red > 4 * np.maximum(green, blue))
    top = (green > 60) & (green > 4 * np.maximum(red, blue))
    hair = (blue > 60) & (blue > 4 * np.maximum(red, green))
    # The face is the skin above the top's neckline; the hands held in front of the chest, below it.
    neckline = int(np.flatnonzero(top.any(axis=1))[0])
    rows = np.arange(labels.shape[0])[:, None]
    regions = {"hand": skin & (rows > neckline + 0.05 * labels.shape[0]), "face": skin & (rows < neckline),
               "top": top, "hair": hair}
    if not all(mask.any() for mask in regions.values()):
        raise RuntimeError("the sample pose does not show hands, face, top and hair")
    return regions
