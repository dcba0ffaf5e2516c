"""Sheets of rendered frames for checking by eye: signer crops, labelled, laid out in a grid
(the contact sheet of signs and the motion strips under docs/)."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"  # Debian's fonts-dejavu-core


def signer_tile(frame: np.ndarray, label: str, size: int = 26, width: float = 0.4) -> Image.Image:
    """The signer's part of a centred full frame (H, W, 3): the middle ``width`` of the frame's
    width, the top 82% of its height, with ``label`` written in its top-left corner."""
    h, w = frame.shape[:2]
    left = int(w * (0.5 - width / 2))
    image = Image.fromarray(frame[: int(h * 0.82), left: w - left].copy())
    ImageDraw.Draw(image).text((10, 8), label, fill=(255, 255, 255), font=ImageFont.truetype(FONT, size))
    return image


def grid(tiles: Sequence[Image.Image], columns: int, title: str | None = None) -> Image.Image:
    """``tiles`` (all one size) in rows of ``columns``, under an optional title line."""
    w, h = tiles[0].size
    rows = (len(tiles) + columns - 1) // columns
    top = 40 if title else 0
    sheet = Image.new("RGB", (w * columns, h * rows + top), (24, 24, 28))
    if title:
        ImageDraw.Draw(sheet).text((10, 8), title, fill=(255, 255, 255), font=ImageFont.truetype(FONT, 24))
    for i, tile in enumerate(tiles):
        sheet.paste(tile, ((i % columns) * w, top + (i // columns) * h))
    return sheet
