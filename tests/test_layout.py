"""Layouts measured on real renders: the signer in its box, captions below the hands, portrait facts."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from signgen.errors import InputError
from signgen.ingest import story_from_text
from signgen.pipeline import RenderOptions
from signgen.video.canvas import Canvas
from signgen.video.captions import CaptionBurner, CaptionStyle, Cue
from signgen.video.encode import ffmpeg_exe, probe
from signgen.video.layout import layout_for
from signgen.video.presets import PRESETS, get_preset

TEXT = "Snow closes the bridge\n\nSnow closes the bridge."


@pytest.fixture(scope="module")
def portrait(studio, tmp_path_factory):
    """One short real portrait1080 render with a logo (shared by the checks below)."""
    folder = tmp_path_factory.mktemp("portrait")
    logo = folder / "logo.png"
    Image.new("RGBA", (64, 32), (255, 0, 255, 255)).save(logo)  # magenta: easy to find in a frame
    story = story_from_text(TEXT, slug="snow")
    story = replace(story, blocks=story.blocks[1:])  # the headline in its band, only the sentence signed
    report = studio.render(story, folder / "snow.mp4", RenderOptions("portrait1080", logo=str(logo)))
    return report, _frames(folder / "snow.mp4", 1080, 1920, every=6)


def _frames(path, width: int, height: int, every: int = 1) -> np.ndarray:
    """(N, H, W, 3) uint8 RGB: every ``every``-th decoded frame."""
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-vf", f"select=not(mod(n\\,{every}))",
                          "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3)


def _row_runs(mask_rows: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) runs of True in a 1-D boolean array."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask_rows.astype(np.int8), [0]])))
    return list(zip(edges[::2], edges[1::2]))


def _background(studio) -> np.ndarray:
    return np.round(studio.look.background_srgb() * 255).astype(int)


def _signer_and_caption_rows(frame: np.ndarray, background: np.ndarray, top: int) -> list[tuple[int, int]]:
    """Runs of rows (below ``top``) that hold anything but background: the signer first, then the caption."""
    differs = np.abs(frame[top:].astype(int) - background).max(axis=2) > 24
    return [(a + top, b + top) for a, b in _row_runs(differs.sum(axis=1) >= 2)]


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_layout_keeps_the_caption_band_below_the_signer(name):
    preset = get_preset(name)
    layout = layout_for(preset)
    assert layout.signer.bottom <= layout.captions.y < layout.captions.bottom <= preset.height
    assert layout.signer.w <= preset.width and layout.signer.h >= 0.4 * preset.height
    if layout.headline is not None:
        assert layout.headline.bottom <= layout.signer.y


def test_portrait_caption_type_is_at_least_4_percent_of_the_picture():
    preset = get_preset("portrait1080")
    layout = layout_for(preset)
    text = ("Police say the road across the Hudson River bridge will open again tomorrow morning after "
            "crews clear the snow, ice and several abandoned trucks, the mayor said on Tuesday.")
    burner = CaptionBurner([Cue(0, 8, text)], preset.width, preset.height,
                           CaptionStyle.fitted(layout.caption_fit), area=layout.captions)
    assert len(burner.cues) >= 3
    for cue in burner.cues:
        frame = np.zeros((preset.height, preset.width, 3), np.uint8)
        burner.apply(frame, (cue.start_s + cue.end_s) / 2)
        ink_rows = _row_runs((frame.min(axis=2) > 200).any(axis=1))  # white type only, one run per line
        assert 1 <= len(ink_rows) <= 2
        assert burner.font_size(cue.text) >= 0.04 * preset.height
        # Each line has capitals or ascenders (0.729 em or more in DejaVu): a smaller run means smaller type.
        assert min(b - a for a, b in ink_rows) >= 0.729 * 0.04 * preset.height
        assert ink_rows[0][0] >= layout.captions.y and ink_rows[-1][1] <= layout.captions.bottom


def test_portrait_render_facts(portrait):
    report, _ = portrait
    facts = probe(report.output)
    video = facts["video"]
    assert (video["width"], video["height"], video["fps"]) == (1080, 1920, 25.0)
    assert video["codec"] == "h264" and video["profile"] == "High" and video["pix_fmt"] == "yuv420p"
    assert video["color_primaries"] == video["color_transfer"] == video["color_space"] == "bt709"


def test_portrait_signer_box_headline_logo_and_captions_measured_on_frames(portrait, studio):
    report, frames = portrait
    layout = layout_for(get_preset("portrait1080"))
    background = _background(studio)
    signer_rows, caption_rows = [], []
    for frame in frames:
        runs = _signer_and_caption_rows(frame, background, layout.headline.bottom)
        signer_rows.append(runs[0])
        if len(runs) > 1:
            caption_rows.append(runs[1])
            assert len(runs) == 2, f"unexpected picture content at rows {runs[2:]}"
    top = min(a for a, _ in signer_rows)
    bottom = max(b for _, b in signer_rows)
    assert layout.signer.y <= top and bottom <= layout.signer.bottom
    assert bottom - top >= 0.4 * 1920, "the signer is at least 40% of the picture height"
    assert caption_rows, "a caption was burned in"
    assert min(a for a, _ in caption_rows) > bottom, "every caption lies below the lowest the signer reaches"
    first = frames[len(frames) // 2]
    band = first[layout.headline.slices].astype(int)
    assert (band.min(axis=2) > 200).mean() > 0.01, "the headline's white type is in the band"
    logo = first[layout.logo.slices].astype(int)
    magenta = (logo[..., 0] > 200) & (logo[..., 1] < 60) & (logo[..., 2] > 200)
    assert magenta.sum() >= 0.3 * layout.logo.w * layout.logo.h, "the logo fills its box (aspect kept)"


def test_landscape_captions_stay_below_the_hands(studio, tmp_path):
    story = story_from_text("Snow closes the bridge today.", slug="snow")
    report = studio.render(story, tmp_path / "snow.mp4", RenderOptions("180p25"))
    layout = layout_for(get_preset("180p25"))
    background = _background(studio)
    lowest_signer, highest_caption = 0, 180
    for frame in _frames(report.output, 320, 180):
        runs = _signer_and_caption_rows(frame, background, 0)
        lowest_signer = max(lowest_signer, runs[0][1])
        if len(runs) > 1:
            highest_caption = min(highest_caption, runs[1][0])
    assert lowest_signer <= layout.signer.bottom < highest_caption < 180


def test_no_burned_captions_leaves_the_band_empty_and_a_bad_logo_is_an_input_error(screen_renders, studio, tmp_path):
    from conftest import SCREEN_PRESET

    _, work = screen_renders  # rendered with burn_captions=False, as publish renders for the kiosk
    preset = get_preset(SCREEN_PRESET)
    layout = layout_for(preset)
    frames = _frames(work / "market.mp4", preset.width, preset.height)
    band = frames[:, layout.captions.y:layout.captions.bottom].astype(int)
    assert np.abs(band - _background(studio)).max() <= 12, "nothing but background in the caption band"
    assert (work / "market.vtt").read_text().count("-->") >= 1, "the sidecar still carries the captions"
    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    with pytest.raises(InputError, match="logo"):
        Canvas(layout, np.zeros(3, np.uint8), None, bad)
