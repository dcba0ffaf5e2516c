"""Frames assembled per `Layout`: the background, headline band and logo are drawn once; each frame
only the signer's box is pasted in and the caption band is wiped for the caption burner.

The avatar renderer draws the signer's box alone, so the signer can never spill into the caption
band: captions stay off the hands by construction, not by luck.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from signgen.errors import InputError
from signgen.video.layout import DEJAVU_SANS_BOLD, Layout, Rect

HEADLINE_BAND_RGB = (16, 22, 34)   # a dark band, so white type reads on any screen
HEADLINE_TEXT_RGB = (255, 255, 255)
HEADLINE_SIZE = 0.34               # type size as a fraction of the band's height (two lines fit)


class Canvas:
    """Turns signer pictures (the size of ``layout.signer``) into full frames.

    ``compose`` returns one of ``ring`` reused buffers: it stays valid until ``ring`` more frames
    are composed (enough for a writer thread holding two), and may be drawn on (captions) meanwhile.
    """

    def __init__(self, layout: Layout, background_rgb: np.ndarray, headline: str | None = None,
                 logo: Path | str | None = None, ring: int = 3) -> None:
        self.layout = layout
        picture = Image.new("RGB", (layout.width, layout.height), tuple(int(c) for c in background_rgb))
        if layout.headline is not None:
            has_logo = logo is not None and layout.logo is not None
            logo_room = layout.headline.right - layout.logo.x if has_logo else 0
            _draw_headline(picture, layout.headline, headline or "", logo_room)
        if logo is not None and layout.logo is not None:
            _paste_logo(picture, layout.logo, Path(logo))
        self._static = np.asarray(picture, dtype=np.uint8).copy()
        self._frames = np.repeat(self._static[None], max(1, ring), axis=0)
        self._next = 0

    def compose(self, signer: np.ndarray) -> np.ndarray:
        """The full (H, W, 3) uint8 frame with ``signer`` (h, w, 3) in the signer's box."""
        box, band = self.layout.signer, self.layout.captions
        if signer.shape[:2] != (box.h, box.w):
            raise ValueError(f"expected a {box.h}x{box.w} signer picture, got {signer.shape}")
        frame = self._frames[self._next]
        self._next = (self._next + 1) % len(self._frames)
        frame[box.slices] = signer
        frame[band.slices] = self._static[band.slices]  # undo the caption drawn ``ring`` frames ago
        return frame


def _draw_headline(picture: Image.Image, band: Rect, text: str, logo_room: int) -> None:
    """A dark band with the headline in bold white, on up to two lines, shrunk (then shortened with an
    ellipsis) to fit beside the logo."""
    draw = ImageDraw.Draw(picture)
    draw.rectangle((band.x, band.y, band.right - 1, band.bottom - 1), fill=HEADLINE_BAND_RGB)
    text = " ".join(text.split())
    if not text:
        return
    margin = round(0.2 * band.h)
    room = band.w - 2 * margin - logo_room
    size = max(8, round(band.h * HEADLINE_SIZE))
    while True:
        font = ImageFont.truetype(DEJAVU_SANS_BOLD, size)
        lines = _fit_lines(text, font, room)
        if lines is not None or size <= 0.6 * band.h * HEADLINE_SIZE:
            break
        size = int(size * 0.92)
    if lines is None:
        lines = _ellipsised(text, font, room)
    pitch = round(size * 1.15)
    top = band.y + (band.h - pitch * len(lines)) // 2
    for k, line in enumerate(lines):
        draw.text((band.x + margin, top + k * pitch + pitch // 2), line, font=font, fill=HEADLINE_TEXT_RGB, anchor="lm")


def _fit_lines(text: str, font: ImageFont.FreeTypeFont, room: float) -> list[str] | None:
    """Words filled greedily into at most two lines ``room`` pixels wide, or None if they do not fit."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines if len(lines) <= 2 and all(font.getlength(line) <= room for line in lines) else None


def _ellipsised(text: str, font: ImageFont.FreeTypeFont, room: float) -> list[str]:
    """Two lines, the second cut at a word and ended with an ellipsis."""
    words = text.split()
    for keep in range(len(words) - 1, 0, -1):
        lines = _fit_lines(" ".join(words[:keep]) + " …", font, room)
        if lines is not None:
            return lines
    return [words[0][: max(1, int(room // max(1.0, font.getlength("M"))))] + "…"]


def _paste_logo(picture: Image.Image, box: Rect, path: Path) -> None:
    """The logo scaled (aspect kept) to fit ``box``, right-aligned and vertically centred in it."""
    try:
        with Image.open(path) as image:
            logo = image.convert("RGBA")
    except FileNotFoundError:
        raise InputError("logo image not found", path) from None
    except (OSError, UnidentifiedImageError) as exc:
        raise InputError(f"cannot read the logo image ({exc.__class__.__name__}); give a PNG or JPEG", path) from None
    scale = min(box.w / logo.width, box.h / logo.height)
    size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    logo = logo.resize(size, Image.LANCZOS)
    picture.paste(logo, (box.right - size[0], box.y + (box.h - size[1]) // 2), logo)
