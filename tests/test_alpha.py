"""The alpha signer: `Studio.render` with ``alpha`` writes the signer alone on a transparent
background (ProRes 4444 .mov, VP9 .webm), with the timing and captions of the normal render."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from scipy import ndimage

from signgen.errors import OutputError
from signgen.ingest import story_from_text
from signgen.pipeline import RenderOptions, Studio
from signgen.render.framing import interpreter_framing, project
from signgen.video.encode import ffmpeg_exe, probe
from signgen.video.layout import layout_for
from signgen.video.presets import get_preset

TEXT = "Snow closes the bridge."
W, H = 320, 180  # the 180p25 preset


@pytest.fixture(scope="module")
def renders(avatar, tmp_path_factory):
    """The same story rendered opaque (MP4) and with alpha in both formats."""
    folder = tmp_path_factory.mktemp("alpha")
    studio = Studio(avatar=avatar)
    story = story_from_text(TEXT, slug="snow")
    try:
        out = {name: studio.render(story, folder / f"snow-{name}{suffix}", RenderOptions("180p25", alpha=alpha))
               for name, alpha, suffix in (("opaque", None, ".mp4"), ("prores", "prores", ".mov"),
                                           ("webm", "webm", ".webm"))}
    finally:
        studio.close()
    return out


def decode_alpha(path) -> np.ndarray:
    """(N, H, W) uint8 alpha planes of every frame (VP9 alpha needs libvpx as the decoder)."""
    decoder = ["-c:v", "libvpx-vp9"] if str(path).endswith(".webm") else []
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", *decoder, "-i", str(path), "-vf", "alphaextract,format=gray",
                          "-f", "rawvideo", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, H, W)


@pytest.mark.parametrize("name, codec", [("prores", "prores"), ("webm", "vp9")])
def test_alpha_file_has_an_alpha_pixel_format_and_the_normal_timing(renders, name, codec):
    report, opaque = renders[name], renders["opaque"]
    facts = probe(report.output)
    assert facts["video"]["codec"] == codec
    # ffmpeg's own VP9 decoder ignores the alpha side stream; libvpx reads it (as browsers do).
    decoder = ["-c:v", "libvpx-vp9"] if name == "webm" else []
    info = subprocess.run([ffmpeg_exe(), "-hide_banner", *decoder, "-i", report.output],
                          capture_output=True, text=True).stderr
    assert re.search(r"Video: .*, yuva4[24][04]p", info), info
    assert (facts["video"]["width"], facts["video"]["height"]) == (W, H)
    assert facts["frames"] == report.frames == opaque.frames
    assert report.sentences == opaque.sentences
    for ours, theirs in zip(report.captions, opaque.captions):  # the same sidecar captions
        assert open(ours, encoding="utf-8").read() == open(theirs, encoding="utf-8").read()


@pytest.mark.parametrize("name", ["prores", "webm"])
def test_alpha_is_clear_around_the_signer_solid_on_the_torso_and_partial_only_on_the_outline(renders, avatar, name):
    alpha = decode_alpha(renders[name].output)
    assert len(alpha) == renders[name].frames
    box = layout_for(get_preset("180p25")).signer  # the signer is where the normal render has it
    sk = avatar.skeleton
    chest = (sk.heads[sk.index("spine_03")] + sk.heads[sk.index("spine_02")]) / 2 + [0.0, 0.0, 0.08]
    x, y = np.round(project(interpreter_framing(avatar, box.w / box.h), chest[None], box.w, box.h)[0]).astype(int)
    x, y = x + box.x, y + box.y
    for a in alpha:
        assert (a[:, :25] == 0).all() and (a[:, -25:] == 0).all()  # beyond the arms' reach: clear
        assert (a[box.bottom:] == 0).all()  # no caption band, no background: the signer alone
        assert (a[y - 3:y + 4, x - 3:x + 4] == 255).all()  # the torso: solid
        # Partial pixels lie on outlines: each sits on a step (a neighbour at least 32 more or
        # less opaque: the background, a gap between arm and body, or the body), within 3 px of
        # the body. Ringing from lossy coding (250 inside the torso, 3 in the background) is
        # smooth, and away from the body, so it would fail.
        partial = (a > 0) & (a < 255)
        step = ndimage.maximum_filter(a, size=3).astype(int) - ndimage.minimum_filter(a, size=3) >= 32
        body_near = ndimage.maximum_filter(a, size=7) >= 64
        assert not (partial & ~(step & body_near)).any()
    edges = ((alpha > 0) & (alpha < 255)).sum(axis=(1, 2))
    assert edges.min() > 100  # the outline is anti-aliased in the alpha too, in every frame


def test_alpha_output_needs_its_container_suffix(avatar, tmp_path):
    studio = Studio(avatar=avatar)
    with pytest.raises(OutputError, match=r"ending in \.mov"):
        studio.render(story_from_text(TEXT), tmp_path / "signer.mp4", RenderOptions("180p25", alpha="prores"))
    assert not list(tmp_path.iterdir())
