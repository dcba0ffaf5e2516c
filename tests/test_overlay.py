"""`signgen overlay`: the signer in a window over a programme, signing its subtitles in time.

The programme is made here with ffmpeg (test pattern and a tone, 1080p25, BT.709 tags), the
subtitles are tight news cues, and the command runs for real (spaCy, renderer, ffmpeg)."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest
from scipy import ndimage

from signgen.compose.overlay import OverlayOptions, window_for
from signgen.compose.subtitles import read_subtitles
from signgen.errors import InputError, SigngenError
from signgen.video.encode import ffmpeg_exe, probe
from test_cli import run

SRT = """1
00:00:00,300 --> 00:00:01,900
Snow closed the bridge today.

2
00:00:01,900 --> 00:00:03,400
Police say the road

3
00:00:03,400 --> 00:00:04,600
will open tomorrow.

4
00:00:04,600 --> 00:00:05,600
The weather is cold.
"""
TAGS = "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"


def make_programme(path, size: str, seconds: float) -> None:
    """Test pattern with a 440 Hz tone: H.264 + AAC, 25 fps, tagged BT.709."""
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={size}:rate=25:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
                    "-vf", TAGS, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-b:a", "96k", "-shortest", str(path)], check=True)


def frames_at(path, indices, width, height) -> list[np.ndarray]:
    select = "+".join(f"eq(n\\,{i})" for i in indices)
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-vf", f"select={select}", "-fps_mode",
                          "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    size = width * height * 3
    return [np.frombuffer(raw[k * size:(k + 1) * size], np.uint8).reshape(height, width, 3).astype(int)
            for k in range(len(indices))]


def audio_packets(path) -> str:
    """Checksums of every audio packet, copied out without decoding."""
    return subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-map", "0:a", "-c", "copy", "-f", "framemd5", "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def overlaid(tmp_path_factory, avatar):
    folder = tmp_path_factory.mktemp("overlay")
    programme, subtitles, out = folder / "news.mp4", folder / "news.srt", folder / "signed" / "news.mp4"
    make_programme(programme, "1920x1080", 7)
    subtitles.write_text(SRT, encoding="utf-8")
    result = run("overlay", str(programme), "--subtitles", str(subtitles), "-o", str(out), "--json")
    assert result.returncode == 0, result.stderr
    return programme, out, json.loads(result.stdout)


def test_programme_size_rate_duration_and_colour_are_kept(overlaid):
    programme, out, report = overlaid
    ours, theirs = probe(out), probe(programme)
    assert (ours["video"]["codec"], ours["video"]["profile"], ours["video"]["pix_fmt"]) == ("h264", "High", "yuv420p")
    for key in ("width", "height", "fps", "color_primaries", "color_transfer", "color_space", "color_range"):
        assert ours["video"][key] == theirs["video"][key], key
    assert theirs["video"]["color_primaries"] == "bt709"
    assert ours["frames"] == theirs["frames"] == report["frames"] == 175
    assert abs(ours["duration_s"] - theirs["duration_s"]) <= 1 / 25


def test_programme_audio_packets_are_copied_bit_for_bit(overlaid):
    programme, out, _ = overlaid
    packets = audio_packets(programme)
    assert packets.count("\n0,") > 300  # ~7 s of AAC frames
    assert audio_packets(out) == packets


def test_signer_window_covers_a_sixth_of_the_picture_on_the_right_inside_the_safe_area(overlaid):
    programme, out, report = overlaid
    before, after = frames_at(programme, [100], 1920, 1080)[0], frames_at(out, [100], 1920, 1080)[0]
    # Re-encoding leaves thin seams along the pattern's edges; an opening keeps only solid areas.
    changed = ndimage.binary_opening(np.abs(after - before).sum(axis=2) > 60, structure=np.ones((9, 9)))
    labels, count = ndimage.label(changed)
    biggest = 1 + int(np.argmax(ndimage.sum(changed, labels, range(1, count + 1))))
    rows, cols = ndimage.find_objects((labels == biggest).astype(int))[0]
    h, w = rows.stop - rows.start, cols.stop - cols.start
    assert w * h >= 1920 * 1080 / 6                        # the Ofcom minimum
    assert changed[rows, cols].mean() > 0.9                # a filled window (the plate), not stray pixels
    assert cols.start > 1920 / 2                           # on the right
    assert cols.stop <= 1920 * 0.95 and rows.stop <= 1080 * 0.95 and rows.start >= 1080 * 0.05  # graphics-safe
    window = report["window"]
    assert abs(cols.start - window["x"]) <= 2 and abs(w - window["width"]) <= 4
    assert window["share_of_picture"] >= 1 / 6
    assert (changed.sum() - changed[rows, cols].sum()) < 0.001 * changed.size  # the rest is the programme


def test_every_cue_is_signed_after_it_starts_and_at_most_two_seconds_late(overlaid):
    _, _, report = overlaid
    cues = report["cues"]
    assert [c["text"] for c in cues] == [c.text for c in read_subtitles_text(SRT)]
    assert set(cues[0]) >= {"text", "start_s", "end_s", "sign_start_s", "sign_end_s", "lag_s"}
    signed = [c for c in cues if c["sign_start_s"] is not None]
    assert len(signed) >= 3
    for cue in signed:
        assert cue["sign_start_s"] > cue["start_s"]
        assert 0 < cue["lag_s"] <= 2.0
        assert abs(cue["lag_s"] - (cue["sign_start_s"] - cue["start_s"])) < 0.002
        assert cue["sign_end_s"] <= report["duration_s"]
    for a, b in zip(signed, signed[1:]):
        assert b["sign_start_s"] >= a["sign_end_s"]
    assert report["max_lag_s"] == max(c["lag_s"] for c in signed)
    assert signed[0]["lag_s"] <= 0.5  # a free signer starts within half a second


def test_the_signer_is_still_until_the_first_cue_and_moves_while_signing_it(overlaid):
    _, out, report = overlaid
    window = report["window"]
    first = next(c for c in report["cues"] if c["sign_start_s"] is not None)
    moving = int(25 * (first["sign_start_s"] + first["sign_end_s"]) / 2)
    a, b, c = frames_at(out, [0, 4, moving], 1920, 1080)
    box = np.s_[window["y"]:window["y"] + window["height"], window["x"]:window["x"] + window["width"]]
    assert (np.abs(a[box] - b[box]).sum(axis=2) > 40).mean() < 0.005   # rest (breathing only) before the cue
    assert (np.abs(a[box] - c[box]).sum(axis=2) > 40).mean() > 0.02    # the hands are up while signing


def read_subtitles_text(text: str):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cues.srt"
        path.write_text(text, encoding="utf-8")
        return read_subtitles(path)


def test_keyed_signer_on_the_left_lets_the_programme_show_around_it(tmp_path, avatar):
    programme, subtitles, out = tmp_path / "small.mp4", tmp_path / "small.vtt", tmp_path / "small.mp4.out.mp4"
    make_programme(programme, "320x180", 3)
    subtitles.write_text("WEBVTT\n\n00:00.200 --> 00:02.000\nSnow closed the bridge.\n", encoding="utf-8")
    result = run("overlay", str(programme), "-s", str(subtitles), "-o", str(out), "--side", "left", "--no-plate",
                 "--size", "0.25", "--json")
    assert result.returncode == 0, result.stderr
    window = json.loads(result.stdout)["window"]
    assert window["x"] == 16 and window["width"] * window["height"] >= 0.25 * 320 * 180
    before, after = frames_at(programme, [40], 320, 180)[0], frames_at(out, [40], 320, 180)[0]
    x, y, w, h = window["x"], window["y"], window["width"], window["height"]
    diff = np.abs(after - before).sum(axis=2)
    corner = diff[y:y + h // 5, x:x + w // 5]     # above the shoulders, beside the head: no plate there
    torso = diff[y + h // 2:y + 3 * h // 4, x + 2 * w // 5:x + 3 * w // 5]
    assert np.median(corner) < 20 and np.median(torso) > 60


def test_bad_subtitles_give_one_line_and_no_output(tmp_path):
    programme, subtitles, out = tmp_path / "p.mp4", tmp_path / "empty.srt", tmp_path / "out.mp4"
    make_programme(programme, "320x180", 1)
    subtitles.write_text("1\n00:00:00,000 --> 00:00:01,000\n[MUSIC]\n", encoding="utf-8")
    result = run("overlay", str(programme), "-s", str(subtitles), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"signgen: error: {subtitles}: has no cues with spoken text"]
    assert not out.exists() and "Traceback" not in result.stderr


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720), (720, 576)])
@pytest.mark.parametrize("side", ["right", "left"])
def test_window_is_a_sixth_inside_the_margins(width, height, side):
    window = window_for(OverlayOptions(side=side), width, height, 0.93)
    assert window.width * window.height >= width * height / 6
    assert window.width * window.height < width * height / 6 * 1.02
    assert abs(window.width / window.height - 0.93) < 0.02
    assert window.y + window.height <= height * 0.95 and window.y >= height * 0.05
    if side == "right":
        assert window.x + window.width <= width * 0.95 and window.x > width / 2
    else:
        assert window.x >= width * 0.05 and window.x + window.width < width / 2


def test_a_window_that_cannot_fit_is_refused():
    with pytest.raises(SigngenError, match="does not fit"):
        window_for(OverlayOptions(size=0.4, margin=0.2), 1920, 1080, 0.93)


def test_srt_vtt_and_ttml_give_the_same_spoken_cues(tmp_path):
    (tmp_path / "a.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "a.vtt").write_text("WEBVTT\n\n" + SRT.replace(",", "."), encoding="utf-8")
    paragraphs = "".join(f'<p begin="{c.start_s:.3f}s" end="{c.end_s:.3f}s">{c.text}</p>' for c in read_subtitles(tmp_path / "a.srt"))
    (tmp_path / "a.ttml").write_text(f'<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="en"><body><div>{paragraphs}'
                                     "</div></body></tt>", encoding="utf-8")
    cues = [read_subtitles(tmp_path / f"a.{ext}") for ext in ("srt", "vtt", "ttml")]
    assert cues[0] == cues[1] == cues[2]
    assert [c.text for c in cues[0]][1] == "Police say the road"


def test_sound_descriptions_and_speaker_labels_are_not_signed(tmp_path):
    path = tmp_path / "sdh.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\n[THUNDER] JOHN: Snow (sighs) again.\n\n"
                    "2\n00:00:02,000 --> 00:00:03,000\n- Yes. ♪ la la ♪\n", encoding="utf-8")
    assert [c.text for c in read_subtitles(path)] == ["Snow again.", "Yes."]
    with pytest.raises(InputError, match="unsupported subtitle format"):
        read_subtitles(tmp_path / "cues.docx")
    (tmp_path / "notes.srt").write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a subtitle file signgen can read"):
        read_subtitles(tmp_path / "notes.srt")
