"""Video output stage with the real bundled ffmpeg: encoding facts, captions, burn-in, failures."""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signgen.errors import InputError, OutputError, SigngenError
from signgen.video.captions import (
    CaptionBurner, CaptionStyle, Cue, split_cue, srt_text, vtt_text, wrap_lines, write_srt, write_vtt,
)
from signgen.video.encode import VideoWriter, ffmpeg_exe, probe
from signgen.video.presets import DEFAULT_PRESET, PRESETS, get_preset

BACKGROUND = (40, 90, 140)
GREEN = (0, 255, 0)
CUES = [Cue(0.4, 1.0, "Snow closed the bridge today."), Cue(1.2, 1.8, "Police say it will open tomorrow.")]


def synthetic_frame(preset, index: int) -> np.ndarray:
    """Flat background, a pure-green block top left, and a bar that moves so frames differ."""
    frame = np.empty((preset.height, preset.width, 3), np.uint8)
    frame[:] = BACKGROUND
    frame[:200, :200] = GREEN
    x = 300 + 10 * index
    frame[100:300, x:x + 40] = 255
    return frame


def encode(path: Path, preset_name: str, frames: int, cues=None, burn: bool = False) -> Path:
    preset = get_preset(preset_name)
    burner = CaptionBurner(cues or [], preset.width, preset.height) if burn else None
    with VideoWriter(path, preset, subtitles=cues) as writer:
        for i in range(frames):
            frame = synthetic_frame(preset, i)
            if burner:
                burner.apply(frame, i / float(preset.fps))
            writer.write(frame)
    assert writer.frames_written == frames
    return path


def decode_frames(path: Path, indices: list[int]) -> list[np.ndarray]:
    """Decode the given frames (0-based) at full size to RGB arrays (H, W, 3) uint8."""
    facts = probe(path)["video"]
    w, h = facts["width"], facts["height"]
    select = "+".join(f"eq(n\\,{i})" for i in indices)
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-vf", f"select={select}", "-fps_mode", "passthrough",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    shape = (h, w, 3)
    size = h * w * 3
    assert len(raw) == size * len(indices)
    return [np.frombuffer(raw[k * size:(k + 1) * size], np.uint8).reshape(shape) for k in range(len(indices))]


@pytest.fixture(scope="module")
def hd_video(tmp_path_factory) -> Path:
    """2 s at 1080p25 with two cues, burned in and carried as soft subtitles."""
    folder = tmp_path_factory.mktemp("hd")
    return encode(folder / "sub" / "dir" / "news.mp4", "1080p25", 50, CUES, burn=True)


# --- encoding ------------------------------------------------------------------------------------


def test_1080p25_is_broadcast_ready(hd_video):
    facts = probe(hd_video)
    video = facts["video"]
    assert (video["codec"], video["profile"], video["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert (video["width"], video["height"]) == (1920, 1080)
    assert video["fps"] == 25
    assert (video["color_primaries"], video["color_transfer"], video["color_space"]) == ("bt709",) * 3
    assert facts["subtitle_codecs"] == ["mov_text"] and facts["subtitle_languages"] == ["eng"]
    assert facts["moov_before_mdat"]
    assert facts["frames"] == 50
    assert abs(facts["duration_s"] - 2.0) <= 1 / 25


def test_only_the_output_is_left_in_the_folder(hd_video):
    assert [p.name for p in hd_video.parent.iterdir()] == ["news.mp4"]


def test_outputs_get_ordinary_permissions_not_the_temporary_files_owner_only(hd_video, tmp_path):
    import os
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    expected = 0o666 & ~mask
    assert stat.S_IMODE(hd_video.stat().st_mode) == expected  # others can read the video
    srt = write_srt([Cue(0.0, 1.0, "Hello.")], tmp_path / "a.srt")
    assert stat.S_IMODE(srt.stat().st_mode) == expected


def test_rgb_is_converted_with_the_bt709_matrix_in_tv_range(hd_video):
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(hd_video), "-frames:v", "1", "-f", "rawvideo",
                          "-pix_fmt", "yuv420p", "-"], capture_output=True, check=True).stdout
    planes = np.frombuffer(raw, np.uint8)
    luma = planes[:1920 * 1080].reshape(1080, 1920)
    cb = planes[1920 * 1080:1920 * 1080 * 5 // 4].reshape(540, 960)
    cr = planes[1920 * 1080 * 5 // 4:].reshape(540, 960)
    # Pure green, BT.709 limited range: Y = 16 + 219 * 0.7152 = 172.6 (BT.601 would give 144.6),
    # Cb = 128 - 224 * 0.3854 = 41.7, Cr = 128 - 224 * 0.4542 = 26.3.
    assert abs(float(luma[50:150, 50:150].mean()) - 172.6) < 1.5
    assert abs(float(cb[30:70, 30:70].mean()) - 41.7) < 1.5
    assert abs(float(cr[30:70, 30:70].mean()) - 26.3) < 1.5
    # Decoded back to RGB by a player honouring the tags, the background keeps its colour.
    (frame,) = decode_frames(hd_video, [0])
    assert np.abs(frame[500:600, 1500:1600].astype(int) - BACKGROUND).max() <= 3


def test_subtitle_track_carries_the_cues(hd_video):
    srt = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(hd_video), "-map", "0:s", "-f", "srt", "-"],
                         capture_output=True, text=True, check=True).stdout
    assert srt.strip() == srt_text(CUES).strip()


@pytest.mark.parametrize("name, size, fps", [("720p25", (1280, 720), 25.0), ("1080p29.97", (1920, 1080), 30000 / 1001)])
def test_other_presets_have_their_size_and_rate(tmp_path, name, size, fps):
    out = encode(tmp_path / f"{name}.mp4", name, 30)
    facts = probe(out)
    assert (facts["video"]["width"], facts["video"]["height"]) == size
    assert abs(facts["video"]["fps"] - fps) < 1e-9
    assert facts["frames"] == 30
    assert abs(facts["duration_s"] - 30 / fps) <= 1 / fps
    assert facts["subtitle_codecs"] == [] and facts["moov_before_mdat"]


def test_cues_past_the_end_are_clipped_to_the_video(tmp_path):
    out = encode(tmp_path / "short.mp4", "720p25", 25, [Cue(0.5, 30.0, "Long cue"), Cue(5.0, 6.0, "Never shown")])
    facts = probe(out)
    assert abs(facts["duration_s"] - 1.0) <= 1 / 25
    srt = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(out), "-map", "0:s", "-f", "srt", "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "00:00:00,500 --> 00:00:01,000" in srt and "Never shown" not in srt


def test_presets():
    assert DEFAULT_PRESET == "1080p25"
    assert set(PRESETS) == {"1080p25", "720p25", "1080p29.97", "180p25", "portrait1080", "portrait360"}
    assert get_preset("1080p29.97").fps == Fraction(30000, 1001)
    with pytest.raises(SigngenError) as caught:
        get_preset("4k60")
    assert "4k60" in str(caught.value) and all(name in str(caught.value) for name in PRESETS)


# --- failures ------------------------------------------------------------------------------------


def test_exception_inside_with_leaves_no_file(tmp_path):
    preset = get_preset("720p25")
    with pytest.raises(RuntimeError):
        with VideoWriter(tmp_path / "broken.mp4", preset, subtitles=CUES) as writer:
            for i in range(5):
                writer.write(synthetic_frame(preset, i))
            raise RuntimeError("renderer crashed")
    assert list(tmp_path.iterdir()) == []


def test_ffmpeg_dying_mid_stream_is_an_output_error_and_no_file(tmp_path):
    preset = get_preset("720p25")
    with pytest.raises(OutputError, match="ffmpeg"):
        with VideoWriter(tmp_path / "dead.mp4", preset, subtitles=CUES) as writer:
            writer.write(synthetic_frame(preset, 0))
            writer._proc.kill()  # stands in for a crash or a full disk
            for i in range(1, 200):
                writer.write(synthetic_frame(preset, i))
    assert list(tmp_path.iterdir()) == []


def test_probe_refuses_missing_and_non_video_files(tmp_path):
    with pytest.raises(InputError, match="not found"):
        probe(tmp_path / "nothing.mp4")
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    with pytest.raises(InputError):
        probe(text)


def test_no_frames_is_an_output_error_and_no_file(tmp_path):
    with pytest.raises(OutputError, match="no frames"):
        with VideoWriter(tmp_path / "empty.mp4", get_preset("720p25")):
            pass
    assert list(tmp_path.iterdir()) == []


def test_unwritable_locations_are_output_errors(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError) as caught:
        VideoWriter(blocker / "out.mp4", get_preset("720p25"))
    assert str(blocker) in str(caught.value) and "\n" not in str(caught.value)
    (tmp_path / "folder.mp4").mkdir()
    with pytest.raises(OutputError, match="directory"):
        VideoWriter(tmp_path / "folder.mp4", get_preset("720p25"))
    with pytest.raises(OutputError):
        write_srt(CUES, blocker / "x.srt")


def test_wrong_frame_shape_is_refused(tmp_path):
    with VideoWriter(tmp_path / "x.mp4", get_preset("720p25")) as writer:
        with pytest.raises(ValueError):
            writer.write(np.zeros((1080, 1920, 3), np.uint8))
        writer.write(np.zeros((720, 1280, 3), np.uint8))
    assert probe(tmp_path / "x.mp4")["frames"] == 1


# --- captions ------------------------------------------------------------------------------------


def test_burned_caption_appears_only_while_its_cue_is_active(hd_video):
    # Frames 5 (0.2 s), 15 (0.6 s), 27 (1.08 s) and 35 (1.4 s): before, during, between, during.
    before, first, between, second = decode_frames(hd_video, [5, 15, 27, 35])
    box = (slice(930, 1010), slice(760, 1160))  # centre of the caption area
    background = np.array(BACKGROUND)
    for frame in (before, between):
        assert np.abs(frame[box].astype(int) - background).max() <= 3
    for frame in (first, second):
        region = frame[box].astype(int)
        assert (region.max(axis=2) > 200).mean() > 0.02, "no white text"
        assert (region.sum(axis=2) < sum(BACKGROUND) - 60).mean() > 0.3, "no dark box"
    assert np.abs(first[box].astype(int) - second[box].astype(int)).max() > 100, "the two cues look alike"


def test_burner_blends_in_place_and_leaves_the_rest_alone():
    burner = CaptionBurner(CUES, 1280, 720)
    frame = np.full((720, 1280, 3), BACKGROUND, np.uint8)
    assert burner.apply(frame, 0.5) is frame
    changed = np.argwhere(np.any(frame != BACKGROUND, axis=2))
    top, left = changed.min(axis=0)
    bottom, right = changed.max(axis=0)
    assert top > 720 * 0.75 and bottom < 720 * 0.96, "caption sits in the lower part, inside the safe area"
    assert abs((left + right) / 2 - 640) < 4, "caption is centred"
    untouched = np.full((720, 1280, 3), BACKGROUND, np.uint8)
    assert np.array_equal(burner.apply(untouched, 1.1), np.full_like(untouched, BACKGROUND))
    with pytest.raises(ValueError):
        burner.apply(np.zeros((1080, 1920, 3), np.uint8), 0.5)


def test_long_cue_is_burned_as_two_line_pieces():
    style = CaptionStyle()
    text = ("Police say the road across the Hudson River bridge will open again tomorrow morning after "
            "crews clear the snow, ice and several abandoned trucks, the mayor said on Tuesday.")
    burner = CaptionBurner([Cue(1.0, 9.0, text)], 1920, 1080, style)
    assert len(burner.cues) >= 3
    heights = []
    for cue in burner.cues:
        frame = np.full((1080, 1920, 3), BACKGROUND, np.uint8)
        burner.apply(frame, (cue.start_s + cue.end_s) / 2)
        rows = np.flatnonzero(np.any(frame != BACKGROUND, axis=(1, 2)))
        heights.append(rows.max() - rows.min())
    one_line = CaptionBurner([Cue(0, 1, "Snow")], 1920, 1080, style)
    frame = np.full((1080, 1920, 3), BACKGROUND, np.uint8)
    one_line.apply(frame, 0.5)
    rows = np.flatnonzero(np.any(frame != BACKGROUND, axis=(1, 2)))
    line_pitch = round(1080 * style.font_size_ratio * style.line_spacing)
    assert all(h <= rows.max() - rows.min() + line_pitch + 2 for h in heights), "a piece has more than two lines"


def test_split_cue_covers_the_interval_in_order():
    text = " ".join(f"word{i}" for i in range(60))
    cue = Cue(2.0, 14.0, text)
    pieces = split_cue(cue, 84)
    assert len(pieces) > 1
    assert pieces[0].start_s == 2.0 and pieces[-1].end_s == 14.0
    assert all(a.end_s == b.start_s for a, b in zip(pieces, pieces[1:]))
    assert " ".join(p.text for p in pieces) == text
    assert all(len(wrap_lines(p.text, 42)) <= 2 for p in pieces)
    # Time follows characters: a piece's share of the interval matches its share of the text.
    for piece in pieces:
        share = (len(piece.text) + 1) / sum(len(p.text) + 1 for p in pieces)
        assert abs((piece.end_s - piece.start_s) / 12.0 - share) < 1e-9
    short = Cue(0.0, 1.0, "Snow  closed\nthe bridge.")
    assert split_cue(short, 84) == [Cue(0.0, 1.0, "Snow closed the bridge.")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30),
                min_size=1, max_size=40),
       st.floats(0, 100), st.floats(0.1, 30), st.integers(16, 120))
def test_split_cue_never_loses_text_or_time(words, start, length, max_chars):
    text = " ".join(words)
    pieces = split_cue(Cue(start, start + length, text), max_chars)
    assert "".join("".join(p.text.split()) for p in pieces) == "".join(text.split())
    assert pieces[0].start_s == start and pieces[-1].end_s == start + length
    assert all(a.end_s == b.start_s and a.start_s <= a.end_s for a, b in zip(pieces, pieces[1:]))
    assert all(len(wrap_lines(p.text, max_chars // 2)) <= 2 for p in pieces)


def test_srt_and_vtt_formats(tmp_path):
    cues = [Cue(1.0, 2.5, "Snow closed the bridge."), Cue(3661.25, 3662.0, "Fish & <chips>"), Cue(4000, 4000, "gone")]
    srt = write_srt(cues, tmp_path / "a.srt").read_text(encoding="utf-8")
    assert srt == ("1\n00:00:01,000 --> 00:00:02,500\nSnow closed the bridge.\n\n"
                   "2\n01:01:01,250 --> 01:01:02,000\nFish & <chips>\n")
    vtt = write_vtt(cues, tmp_path / "a.vtt").read_text(encoding="utf-8")
    assert vtt == ("WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nSnow closed the bridge.\n\n"
                   "01:01:01.250 --> 01:01:02.000\nFish &amp; &lt;chips&gt;\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.srt", "a.vtt"]


def test_sidecar_lines_break_like_the_burn_in():
    cue = Cue(0, 3, "Snow closed the bridge today, and police say it opens tomorrow.")
    block = srt_text([cue]).split("\n")
    assert block[2:4] == wrap_lines(cue.text, CaptionStyle.max_chars_per_line) and len(block[2:4]) == 2
    assert vtt_text([cue]).split("\n")[3:5] == block[2:4]
