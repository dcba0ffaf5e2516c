"""Captions: timed cues, SRT/WebVTT sidecars, and burn-in into RGB frames (TTML: `signgen.video.ttml`).

One splitting rule (`split_cue`) feeds the sidecars, the MP4's mov_text track and the burn-in, so a
viewer sees the same caption whichever way it reaches them. A cue holds at most two lines.

SRT and WebVTT stay written here rather than by ttconv (which writes the TTML): its WebVTT writer
leaves ``&`` and ``<`` unescaped (invalid cue text) and wraps every line in a class span with a
STYLE block, so moving WebVTT would lose; SRT alone would gain nothing but a second code path.
"""

from __future__ import annotations

import bisect
import math
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from signgen.atomic import publish, temp_file
from signgen.errors import InputError, OutputError
from signgen.video.caption_style import CaptionStyle
from signgen.video.layout import Rect

MAX_LINES = 2


@dataclass(frozen=True)
class Cue:
    """Text shown from ``start_s`` (inclusive) to ``end_s`` (exclusive), seconds from the video start."""

    start_s: float
    end_s: float
    text: str

    def __post_init__(self) -> None:
        if not (math.isfinite(self.start_s) and math.isfinite(self.end_s)) or self.start_s < 0:
            raise ValueError(f"cue times must be finite and non-negative: {self.start_s}..{self.end_s}")
        if self.end_s < self.start_s:
            raise ValueError(f"cue ends before it starts: {self.start_s}..{self.end_s}")

    @property
    def showable(self) -> bool:
        """A zero-length or blank cue is never displayed, so writers and the burner drop it."""
        return self.end_s > self.start_s and bool(self.text.strip())


# --- line breaking -------------------------------------------------------------------------------


def _words(text: str, max_chars: int) -> list[str]:
    """Whitespace-separated words; a word longer than a line (a URL) is cut into line-sized pieces."""
    words: list[str] = []
    for word in text.split():
        words.extend(word[i:i + max_chars] for i in range(0, len(word), max_chars))
    return words


def _greedy_lines(words: list[str], max_chars: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > max_chars:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def wrap_lines(text: str, max_chars: int) -> list[str]:
    """Break ``text`` into lines of at most ``max_chars``.

    Text that fits on two lines is broken where the lines are most even (a bottom-heavy split wins
    ties, and a break after punctuation is preferred), which reads better than a greedy fill.
    """
    words = _words(text, max_chars)
    joined = " ".join(words)
    if len(joined) <= max_chars:
        return [joined] if joined else []
    best: tuple[float, list[str]] | None = None
    for k in range(1, len(words)):
        top, bottom = " ".join(words[:k]), " ".join(words[k:])
        if len(top) > max_chars or len(bottom) > max_chars:
            continue
        # Cost: the longer line, plus half a character for a top-heavy split, minus a few for a clause break.
        cost = max(len(top), len(bottom)) + (0.5 if len(top) > len(bottom) else 0.0)
        cost -= 4.0 if top[-1] in ",;:.!?" else 0.0
        if best is None or cost < best[0]:
            best = (cost, [top, bottom])
    return best[1] if best else _greedy_lines(words, max_chars)


def _fits(words: list[str], line_chars: int) -> bool:
    return len(wrap_lines(" ".join(words), line_chars)) <= MAX_LINES


def _chunk_words(words: list[str], line_chars: int) -> list[list[str]]:
    """Group words into as few cues as greedy filling needs, then even out their lengths."""
    lines = _greedy_lines(words, line_chars)
    greedy = [" ".join(lines[i:i + MAX_LINES]).split() for i in range(0, len(lines), MAX_LINES)]
    count = len(greedy)
    if count <= 1:
        return greedy
    # Balanced pass: avoids a last cue holding one orphaned word.
    target = len(" ".join(words)) / count
    chunks: list[list[str]] = []
    current: list[str] = []
    for word in words:
        candidate = current + [word]
        size, before = len(" ".join(candidate)), len(" ".join(current))
        overshoots = size > target and abs(size - target) > abs(before - target)
        if current and len(chunks) < count - 1 and (overshoots or not _fits(candidate, line_chars)):
            chunks.append(current)
            current = [word]
        else:
            current = candidate
    chunks.append(current)
    if all(_fits(chunk, line_chars) for chunk in chunks):
        return chunks
    return greedy


def split_cue(cue: Cue, max_chars: int) -> list[Cue]:
    """Split a cue whose text exceeds two lines into consecutive cues of at most two lines each.

    ``max_chars`` is the most a cue may hold: two lines of ``max_chars // 2`` characters. The pieces
    share the cue's interval in proportion to their characters, back to back, in reading order, and
    exactly cover ``cue.start_s .. cue.end_s``.
    """
    line_chars = max(1, max_chars // MAX_LINES)
    words = _words(cue.text, line_chars)
    if len(wrap_lines(cue.text, line_chars)) <= MAX_LINES:
        return [Cue(cue.start_s, cue.end_s, " ".join(words))]
    texts = [" ".join(chunk) for chunk in _chunk_words(words, line_chars)]
    weights = np.cumsum([len(t) + 1 for t in texts], dtype=float)
    bounds = [cue.start_s] + [cue.start_s + (cue.end_s - cue.start_s) * float(w / weights[-1]) for w in weights[:-1]]
    bounds.append(cue.end_s)
    return [Cue(bounds[i], bounds[i + 1], text) for i, text in enumerate(texts)]


# --- sidecar files -------------------------------------------------------------------------------


def _stamp(seconds: float, separator: str) -> str:
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _sidecar_lines(cue: Cue, max_chars_per_line: int) -> list[str]:
    return wrap_lines(cue.text, max_chars_per_line)


def srt_text(cues: Sequence[Cue], max_chars_per_line: int = CaptionStyle.max_chars_per_line) -> str:
    """SubRip text: numbered blocks, ``HH:MM:SS,mmm`` times, lines broken as the burn-in breaks them."""
    blocks = []
    for number, cue in enumerate((c for c in cues if c.showable), start=1):
        timing = f"{_stamp(cue.start_s, ',')} --> {_stamp(cue.end_s, ',')}"
        blocks.append("\n".join([str(number), timing, *_sidecar_lines(cue, max_chars_per_line)]))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def vtt_text(cues: Sequence[Cue], max_chars_per_line: int = CaptionStyle.max_chars_per_line) -> str:
    """WebVTT text: the ``WEBVTT`` header, ``HH:MM:SS.mmm`` times, HTML-escaped cue text."""
    blocks = ["WEBVTT"]
    for cue in (c for c in cues if c.showable):
        lines = [_vtt_escape(line) for line in _sidecar_lines(cue, max_chars_per_line)]
        blocks.append("\n".join([f"{_stamp(cue.start_s, '.')} --> {_stamp(cue.end_s, '.')}", *lines]))
    return "\n\n".join(blocks) + "\n"


def _vtt_escape(line: str) -> str:
    # WebVTT cue text is markup: a bare '<' or '&' would start a tag or entity.
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_text_atomic(text: str, path: Path) -> Path:
    """Write UTF-8 ``text`` to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = temp_file(path, path.suffix)
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror})", path.parent) from exc
    try:
        with open(temp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        publish(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"cannot write ({exc.strerror})", path) from exc
    return path


def write_srt(cues: Sequence[Cue], path: Path, max_chars_per_line: int = CaptionStyle.max_chars_per_line) -> Path:
    """Write an SRT sidecar atomically; returns ``path``."""
    return write_text_atomic(srt_text(cues, max_chars_per_line), Path(path))


def write_vtt(cues: Sequence[Cue], path: Path, max_chars_per_line: int = CaptionStyle.max_chars_per_line) -> Path:
    """Write a WebVTT sidecar atomically; returns ``path``."""
    return write_text_atomic(vtt_text(cues, max_chars_per_line), Path(path))


# --- burn-in ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Patch:
    """A rendered caption ready to blend: ``premul`` (h, w, 3) uint16 = colour * alpha + 128 (rounding),
    ``inverse`` (h, w, 1) uint16 = 255 - alpha, placed with its top-left corner at (x, y) in the frame."""

    x: int
    y: int
    premul: np.ndarray
    inverse: np.ndarray


class CaptionBurner:
    """Draws each cue once with Pillow and alpha-blends it into frames in place.

    White DejaVu Sans on a translucent dark box, centred in the lower part of the frame, at most two
    lines (longer cues are split with `split_cue`). Frames are visited in order, so only the last few
    rendered patches are kept: memory stays flat however long the story.
    """

    _CACHE_SIZE = 3

    def __init__(self, cues: Sequence[Cue], width: int, height: int, style: CaptionStyle = CaptionStyle(),
                 area: Rect | None = None) -> None:
        if not Path(style.font_path).is_file():
            raise InputError("caption font not found", style.font_path)
        self.width, self.height, self.style = width, height, style
        # area: the layout's caption band; the box sits at its bottom, centred across it. Without
        # one, the box sits ``bottom_margin_ratio`` above the frame's bottom edge.
        self.area = area
        pieces = (p for cue in cues for p in split_cue(cue, MAX_LINES * style.max_chars_per_line))
        self.cues: tuple[Cue, ...] = tuple(sorted((p for p in pieces if p.showable), key=lambda c: c.start_s))
        self._starts = [c.start_s for c in self.cues]
        self._max_end = np.maximum.accumulate([c.end_s for c in self.cues]).tolist() if self.cues else []
        self._fonts: dict[int, ImageFont.FreeTypeFont] = {}
        self._cache: OrderedDict[int, _Patch] = OrderedDict()

    def active(self, t: float) -> Cue | None:
        """The cue on screen at ``t`` seconds (the latest-starting one if cues overlap)."""
        index = self._active_index(t)
        return None if index is None else self.cues[index]

    def apply(self, frame: np.ndarray, t: float) -> np.ndarray:
        """Blend the caption due at ``t`` seconds into ``frame`` (H, W, 3) uint8, in place; returns it."""
        if frame.shape != (self.height, self.width, 3) or frame.dtype != np.uint8:
            raise ValueError(f"expected a ({self.height}, {self.width}, 3) uint8 frame, got {frame.shape} {frame.dtype}")
        index = self._active_index(t)
        if index is not None:
            _blend(frame, self._patch(index))
        return frame

    def font_size(self, text: str) -> int:
        """The type size (pixels) ``text`` is set in: the style's, unless it had to shrink to fit."""
        return self._layout(text)[0].size

    def _active_index(self, t: float) -> int | None:
        i = bisect.bisect_right(self._starts, t) - 1
        # Walk back only while some earlier cue could still be on screen (cues are usually disjoint).
        while i >= 0 and self._max_end[i] > t:
            if self.cues[i].end_s > t:
                return i
            i -= 1
        return None

    def _patch(self, index: int) -> _Patch:
        patch = self._cache.get(index)
        if patch is None:
            patch = self._render(self.cues[index].text)
            self._cache[index] = patch
            if len(self._cache) > self._CACHE_SIZE:
                self._cache.popitem(last=False)
        return patch

    def _font(self, size: int) -> ImageFont.FreeTypeFont:
        if size not in self._fonts:
            self._fonts[size] = ImageFont.truetype(self.style.font_path, size)
        return self._fonts[size]

    def _layout(self, text: str) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
        """Font, lines and padding such that the box fits the title-safe width (shrinking if needed)."""
        style = self.style
        lines = wrap_lines(text, style.max_chars_per_line)
        size = max(8, round(self.height * style.font_size_ratio))
        while True:
            font = self._font(size)
            pad = round(size * style.padding_ratio)
            widest = max(font.getlength(line) for line in lines)
            room = (self.area.w if self.area else self.width) * style.safe_width_ratio
            if widest + 2 * round(1.6 * pad) <= room or size <= 8:
                return font, lines, pad
            size = max(8, int(size * 0.92))

    def _render(self, text: str) -> _Patch:
        style = self.style
        font, lines, pad = self._layout(text)
        pad_x = round(1.6 * pad)  # wider at the sides than above and below, as broadcast boxes are
        ascent, descent = font.getmetrics()
        # The font's ascent leaves room for accents above capitals; trim it so the text sits visually
        # centred in the box (equal space above the capitals and below the descenders).
        leading = max(0, font.getbbox("H", anchor="ls")[1] + ascent)
        pitch = round(font.size * style.line_spacing)
        box_w = min(self.width, math.ceil(max(font.getlength(line) for line in lines)) + 2 * pad_x)
        box_h = min(self.height, 2 * pad + (len(lines) - 1) * pitch + ascent - leading + descent)
        box = Image.new("RGBA", (box_w, box_h), (0, 0, 0, 0))
        ImageDraw.Draw(box).rounded_rectangle(
            (0, 0, box_w - 1, box_h - 1), radius=max(1, pad // 2),
            fill=(*style.box_rgb, round(255 * style.box_alpha)),
        )
        # Text goes on its own layer and is composited, so glyph edges blend with the box correctly.
        ink = Image.new("RGBA", (box_w, box_h), (*style.text_rgb, 0))
        draw = ImageDraw.Draw(ink)
        for k, line in enumerate(lines):
            x = (box_w - font.getlength(line)) / 2
            draw.text((x, pad - leading + k * pitch), line, font=font, fill=(*style.text_rgb, 255), anchor="la")
        rgba = np.asarray(Image.alpha_composite(box, ink), dtype=np.uint16)
        alpha = rgba[..., 3:4]
        if self.area is None:
            x0 = (self.width - box_w) // 2
            y0 = max(0, self.height - round(self.height * style.bottom_margin_ratio) - box_h)
        else:
            x0 = self.area.x + (self.area.w - box_w) // 2
            y0 = max(0, self.area.bottom - box_h)
        return _Patch(x0, y0, rgba[..., :3] * alpha + 128, 255 - alpha)


def _blend(frame: np.ndarray, patch: _Patch) -> None:
    """frame = (frame * (255 - a) + colour * a) / 255, rounded, in integer arithmetic.

    The sum never exceeds 255 * 255 + 128, so uint16 holds it; (y + (y >> 8)) >> 8 is y / 255 for it.
    """
    h, w = patch.inverse.shape[:2]
    region = frame[patch.y:patch.y + h, patch.x:patch.x + w]
    acc = region.astype(np.uint16)
    acc *= patch.inverse
    acc += patch.premul
    acc += acc >> 8
    acc >>= 8
    region[...] = acc
