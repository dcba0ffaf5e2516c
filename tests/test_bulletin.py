"""Bulletins end to end (CLI, real renders at 180p25): one chapter per story covering the video in
order, title cards, per-story files; and the burn-in switch, measured on the frames."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from signgen.avatar.look import get_look, hex_rgb
from signgen.video.encode import ffmpeg_exe, probe

RUNDOWN = {"stories": [
    {"slug": "snow", "headline": "Snow closes the road", "body": "Roads closed on Monday."},
    {"slug": "ferry", "headline": "Ferry back", "body": "The ferry sails again."},
]}


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYOPENGL_PLATFORM": "egl"}
    return subprocess.run([sys.executable, "-m", "signgen", *args], capture_output=True, text=True, env=env,
                          timeout=900)


def chapters(path: Path) -> list[dict]:
    """The MP4's chapters in seconds, as ffmpeg reads them back (its ffmetadata dump)."""
    dump = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path), "-f", "ffmetadata", "-"],
                          capture_output=True, text=True).stdout
    out = []
    for block in dump.split("[CHAPTER]")[1:]:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)
        num, den = map(int, fields["TIMEBASE"].split("/"))
        out.append({"start_s": int(fields["START"]) * num / den, "end_s": int(fields["END"]) * num / den,
                    "title": fields["title"]})
    return out


def frame_at(path: Path, seconds: float, width: int = 320, height: int = 180) -> np.ndarray:
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-nostdin", "-ss", f"{seconds:.3f}", "-i", str(path),
                          "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(height, width, 3)


@pytest.fixture(scope="module")
def dark_studio():
    """A studio of its own: the dark look signs with the male body, and the session's shared studio
    must keep the neutral one for the tests that use its avatar directly."""
    from signgen.avatar.look import LOOKS
    from signgen.pipeline import Studio

    studio = Studio(look=LOOKS["dark"])
    try:
        yield studio
    finally:
        studio.close()


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory, dark_studio):
    """The rundown as a bulletin in the preview profile, dark look, captions not burned in."""
    from signgen.compose.bulletin import render_bulletin
    from signgen.ingest import read_stories
    from signgen.profiles import load_profile

    folder = tmp_path_factory.mktemp("bulletin")
    rundown = folder / "rundown.json"
    rundown.write_text(json.dumps(RUNDOWN), encoding="utf-8")
    out = folder / "out" / "bulletin.mp4"
    options = load_profile("preview").overridden(look="dark", burn_captions=False).render_options()
    report = render_bulletin(dark_studio, read_stories(rundown), out, options)
    return out, json.loads(json.dumps(report.to_json())), report


def test_bulletin_needs_an_mp4_name(tmp_path):
    rundown = tmp_path / "rundown.json"
    rundown.write_text(json.dumps(RUNDOWN), encoding="utf-8")
    result = run("render", str(rundown), "--bulletin", "-o", str(tmp_path / "folder"))
    assert result.returncode == 2 and "Traceback" not in result.stderr  # a usage error: nothing started
    assert "--bulletin writes one video" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bulletin_has_one_chapter_per_story_covering_the_video_in_order(bulletin):
    out, report, _ = bulletin
    facts = probe(out)
    found = chapters(out)
    frame = 1 / 25
    assert [c["title"] for c in found] == [s["headline"] for s in RUNDOWN["stories"]]
    assert found[0]["start_s"] == 0.0
    assert all(abs(a["end_s"] - b["start_s"]) < 1e-3 for a, b in zip(found, found[1:])), "gap or overlap"
    assert all(c["end_s"] > c["start_s"] for c in found)
    assert abs(found[-1]["end_s"] - facts["duration_s"]) <= frame
    # The bulletin is the title cards plus the stories' own videos, frame for frame.
    story_frames = [probe(Path(s["output"]))["frames"] for s in report["stories"]]
    assert facts["frames"] == sum(story_frames) + 2 * 50  # a 2 s card before each story at 25 fps
    assert (facts["video"]["width"], facts["video"]["height"], facts["video"]["profile"]) == (320, 180, "High")
    assert facts["subtitle_codecs"] == ["mov_text"]
    assert [Path(s["output"]).name for s in report["stories"]] == ["snow.mp4", "ferry.mp4"]
    assert sorted(p.suffix for p in out.parent.glob("bulletin.*")) == [".mp4", ".srt", ".ttml", ".vtt"]
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_title_card_shows_the_headline_on_the_background(bulletin):
    out, _, _ = bulletin
    second = chapters(out)[1]
    card = frame_at(out, second["start_s"] + 1.0).astype(int)
    background = np.array(hex_rgb(get_look("dark").background))
    near_background = (np.abs(card - background).max(axis=2) <= 12).mean()
    white = (card.min(axis=2) >= 200).mean()
    assert near_background > 0.85 and 0.002 < white < 0.1, (near_background, white)
    # Once the story starts the signer is there: far more of the picture differs from the background.
    signing = frame_at(out, second["start_s"] + 2.5).astype(int)
    assert (np.abs(signing - background).max(axis=2) > 40).mean() > 0.08


def test_no_burn_captions_leaves_the_picture_clean(bulletin, dark_studio, tmp_path):
    from signgen.ingest import read_stories
    from signgen.pipeline import RenderOptions

    _, _, report = bulletin
    clean = report.stories[0]
    rundown = tmp_path / "rundown.json"
    rundown.write_text(json.dumps(RUNDOWN), encoding="utf-8")
    burned = dark_studio.render(read_stories(rundown)[0], tmp_path / "burned.mp4",
                           RenderOptions(preset="180p25", look=get_look("dark"), burn_captions=True))
    assert burned.cues == clean.cues and burned.frames == clean.frames
    cue = burned.cues[0]
    t = 0.5 * (cue.start_s + cue.end_s)
    a, b = frame_at(Path(clean.output), t).astype(int), frame_at(Path(burned.output), t).astype(int)
    changed = np.abs(a - b).max(axis=2) > 40
    rows = np.flatnonzero(changed.any(axis=1))
    assert changed.mean() > 0.01, "burning in changed nothing"
    # Only the caption at the bottom differs; the clean picture has no caption text there.
    assert rows.min() >= 0.6 * 180, "the difference is not the caption at the bottom"
    text = b.min(axis=2) >= 200
    assert text[changed].sum() > 20 and (a.min(axis=2) >= 200)[changed].sum() == 0
