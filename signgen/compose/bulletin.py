"""A bulletin: every story of a rundown in one video, a title card (the headline) before each
story, one MP4 chapter per story, captions for the whole programme.

Each story is rendered by `Studio.render` into its own file beside the bulletin, as a single
render would be. The bulletin is then *joined*, not rendered again: the title cards are encoded
by the same `VideoWriter` with the same preset (codec, profile, frame rate, keyframe interval,
colour tags), so ffmpeg's concat demuxer can copy every segment's H.264 packets unchanged. That
costs a file copy instead of a second encode (1080p encodes at ~70 fps here) and keeps the
stories bit-identical to their own files. The joined video gets one subtitle track made from the
stories' cues shifted to their place (the cards' headlines captioned too), chapters from an
ffmetadata file, and .srt/.vtt/.ttml sidecars.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from signgen.atomic import publish, temp_file
from signgen.avatar.look import hex_rgb
from signgen.errors import OutputError, UsageError
from signgen.ingest import Story
from signgen.options import RenderOptions
from signgen.pipeline import RenderReport, Studio, check_writable, write_sidecars
from signgen.video.captions import Cue, split_cue, srt_text, wrap_lines
from signgen.video.encode import VideoWriter, ffmpeg_exe
from signgen.video.presets import VideoPreset, get_preset

TITLE_CARD_S = 2.0
TITLE_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
_TITLE_CHARS_PER_LINE = 30
_TITLE_MAX_LINES = 3

Progress = Callable[[str, int, int], None]  # (story slug, frames done, frames total)


@dataclass(frozen=True)
class Chapter:
    """One story's part of the bulletin: its title card and its signing, in seconds."""

    slug: str
    title: str
    start_s: float
    end_s: float

    def to_json(self) -> dict:
        return {"slug": self.slug, "title": self.title, "start_s": round(self.start_s, 3), "end_s": round(self.end_s, 3)}


@dataclass(frozen=True)
class BulletinReport:
    """The joined bulletin, its chapters, and each story's own render report."""

    output: str
    duration_s: float
    chapters: tuple[Chapter, ...]
    captions: tuple[str, ...]
    stories: tuple[RenderReport, ...]

    def to_json(self) -> dict:
        return {"output": self.output, "duration_s": round(self.duration_s, 3),
                "chapters": [c.to_json() for c in self.chapters], "captions": list(self.captions),
                "stories": [r.to_json() for r in self.stories]}


def story_outputs(stories: Sequence[Story], bulletin: Path) -> list[Path]:
    """Where each story's own video goes: beside the bulletin, named by its slug."""
    targets = [bulletin.parent / f"{story.slug}.mp4" for story in stories]
    if bulletin in targets:
        raise UsageError("the bulletin would overwrite a story's own video (same name as a slug); rename it",
                          bulletin)
    return targets


def render_bulletin(studio: Studio, stories: Sequence[Story], output: Path,
                    options: RenderOptions = RenderOptions(), progress: Progress | None = None) -> BulletinReport:
    """Render every story (its own .mp4 and captions beside ``output``), then join them with
    title cards into ``output``: one chapter per story, in rundown order."""
    if not stories:
        raise UsageError("a bulletin needs at least one story")
    output = Path(output)
    check_writable(output)
    preset = get_preset(options.preset)
    targets = story_outputs(stories, output)
    reports = []
    for story, target in zip(stories, targets):
        step = (lambda done, total, slug=story.slug: progress(slug, done, total)) if progress else None
        reports.append(studio.render(story, target, options, progress=step))
    temps: list[Path] = []  # owner-named (`atomic.temp_file`), so a killed run's litter is swept

    def temp(suffix: str) -> Path:
        temps.append(temp_file(output, suffix))
        return temps[-1]

    try:
        segments, chapters, cues, clock = [], [], [], 0.0
        for story, report in zip(stories, reports):
            title = story.headline or story.slug.replace("-", " ").capitalize()
            card = temp(".mp4")
            card_s = _write_title_card(card, title, preset, options)
            story_s = report.frames / float(preset.fps)
            segments += [card, Path(report.output)]
            cues.extend(split_cue(Cue(clock, clock + card_s, title), 2 * options.caption_style.max_chars_per_line))
            cues.extend(Cue(clock + card_s + c.start_s, clock + card_s + min(c.end_s, story_s), c.text)
                        for c in report.cues if c.start_s < story_s)
            chapters.append(Chapter(story.slug, title, clock, clock + card_s + story_s))
            clock += card_s + story_s
        join_segments(segments, chapters, cues, output, temp)
    except OSError as exc:
        raise OutputError(f"cannot write the bulletin ({exc.strerror or exc})", output) from exc
    finally:
        for path in temps:
            path.unlink(missing_ok=True)
    captions = write_sidecars(cues, output, options.caption_style)
    return BulletinReport(str(output), clock, tuple(chapters), tuple(map(str, captions)), tuple(reports))


def _write_title_card(path: Path, title: str, preset: VideoPreset, options: RenderOptions) -> float:
    """Encode the headline card (TITLE_CARD_S, whole frames); returns its duration in seconds."""
    frame = title_card_frame(title, preset.width, preset.height, options.look.background)
    frames = max(1, round(TITLE_CARD_S * preset.fps))
    with VideoWriter(path, preset, subtitles=[Cue(0.0, frames / float(preset.fps), title)]) as writer:
        for _ in range(frames):
            writer.write(frame)
    return frames / float(preset.fps)


def title_card_frame(title: str, width: int, height: int, background: str) -> np.ndarray:
    """(H, W, 3) uint8: the headline in white, centred, on the look's background colour, with a
    thin light rule above it (a broadcast lower-third's accent)."""
    image = Image.new("RGB", (width, height), hex_rgb(background, "look.background"))
    draw = ImageDraw.Draw(image)
    lines = _title_lines(title)
    size = max(8, round(height * 0.075))
    while True:
        font = ImageFont.truetype(TITLE_FONT, size)
        if max(font.getlength(line) for line in lines) <= 0.84 * width or size <= 8:
            break
        size = max(8, int(size * 0.92))
    pitch = round(size * 1.3)
    top = round(height / 2 - pitch * len(lines) / 2)
    rule_w, rule_h = round(0.12 * width), max(2, round(height * 0.006))
    draw.rectangle([(width - rule_w) // 2, top - 2 * rule_h - round(0.3 * size),
                    (width + rule_w) // 2, top - rule_h - round(0.3 * size)], fill=(235, 235, 235))
    for i, line in enumerate(lines):
        draw.text((width / 2, top + i * pitch + pitch / 2), line, font=font, fill=(255, 255, 255), anchor="mm")
    return np.asarray(image, np.uint8).copy()


def _title_lines(title: str) -> list[str]:
    """The headline in at most three lines; a longer one is cut with an ellipsis (the story follows)."""
    lines = wrap_lines(" ".join(title.split()), _TITLE_CHARS_PER_LINE)
    if len(lines) > _TITLE_MAX_LINES:
        lines = lines[:_TITLE_MAX_LINES]
        lines[-1] = lines[-1].rstrip(",;:.") + "…"
    return lines


def join_segments(segments: Sequence[Path], chapters: Sequence[Chapter], cues: Sequence[Cue], output: Path,
          temp: Callable[[str], Path]) -> None:
    """Concatenate ``segments`` (same encoding) by copying packets, add chapters and one subtitle
    track, and publish ``output`` atomically. ``temp(suffix)`` makes a temporary file."""
    listing = temp(".txt")
    listing.write_text("".join(f"file '{_concat_quote(p.resolve())}'\n" for p in segments), encoding="utf-8")
    metadata = temp(".ffmeta")
    metadata.write_text(ffmetadata(chapters), encoding="utf-8")
    subtitles = temp(".srt")
    subtitles.write_text(srt_text(cues), encoding="utf-8")
    joined = temp(".mp4")
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-nostdin",
               "-f", "concat", "-safe", "0", "-i", str(listing),
               "-f", "ffmetadata", "-i", str(metadata),
               "-f", "srt", "-i", str(subtitles),
               "-map", "0:v", "-map", "2:s", "-c:v", "copy", "-c:s", "mov_text", "-metadata:s:s:0", "language=eng",
               "-map_metadata", "1", "-map_chapters", "1", "-movflags", "+faststart", "-f", "mp4", str(joined)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise OutputError(f"ffmpeg could not join the bulletin: {last}", output)
    publish(joined, output)


def ffmetadata(chapters: Sequence[Chapter]) -> str:
    """ffmpeg's metadata file with one [CHAPTER] per chapter, in milliseconds."""
    lines = [";FFMETADATA1"]
    for chapter in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(chapter.start_s * 1000)}",
                  f"END={round(chapter.end_s * 1000)}", f"title={_metadata_escape(chapter.title)}"]
    return "\n".join(lines) + "\n"


def _metadata_escape(text: str) -> str:
    # ffmetadata: '=', ';', '#', '\' and newlines are special and escaped with a backslash.
    out = " ".join(text.split())
    for char in "\\=;#":
        out = out.replace(char, "\\" + char)
    return out


def _concat_quote(path: Path) -> str:
    # The concat demuxer's list quotes with single quotes; a quote inside is closed, escaped, reopened.
    return str(path).replace("'", "'\\''")
