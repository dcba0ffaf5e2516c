"""How captions look and break: a small value that render options and profiles carry.

Light to import (no numpy or Pillow): batch planning keys jobs on render options, which hold one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from signgen.errors import SigngenError
from signgen.video.layout import CaptionFit

DEJAVU_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass(frozen=True)
class CaptionStyle:
    """How burned-in captions look. Ratios are of the frame height unless noted.

    Defaults follow broadcast practice (the BBC's and EBU's subtitle guidelines): at most 37
    characters a line, two lines at most, white on a dark translucent box inside the title-safe
    area (90% of the width).
    """

    font_path: str = DEJAVU_SANS
    font_size_ratio: float = 0.046  # 50 px at 1080p, 33 px at 720p
    text_rgb: tuple[int, int, int] = (255, 255, 255)
    box_rgb: tuple[int, int, int] = (0, 0, 0)
    box_alpha: float = 0.72
    bottom_margin_ratio: float = 0.06  # from the frame bottom to the box bottom
    max_chars_per_line: int = 37
    padding_ratio: float = 0.35  # box padding, as a fraction of the font size
    line_spacing: float = 1.25  # baseline to baseline, as a multiple of the font size
    safe_width_ratio: float = 0.9  # of the frame width; text is shrunk to stay inside

    def __post_init__(self) -> None:
        checks = [
            (0.01 <= self.font_size_ratio <= 0.2, "font_size_ratio must be between 0.01 and 0.2"),
            (0.0 <= self.box_alpha <= 1.0, "box_alpha must be between 0 and 1"),
            (0.0 <= self.bottom_margin_ratio < 0.5, "bottom_margin_ratio must be between 0 and 0.5"),
            (self.max_chars_per_line >= 8, "max_chars_per_line must be at least 8"),
            (0.0 <= self.padding_ratio <= 2.0, "padding_ratio must be between 0 and 2"),
            (1.0 <= self.line_spacing <= 3.0, "line_spacing must be between 1 and 3"),
            (0.2 <= self.safe_width_ratio <= 1.0, "safe_width_ratio must be between 0.2 and 1"),
            (all(_is_rgb(c) for c in (self.text_rgb, self.box_rgb)), "colours must be three integers 0-255"),
        ]
        for ok, problem in checks:
            if not ok:
                raise SigngenError(f"caption style: {problem}")

    @classmethod
    def fitted(cls, fit: CaptionFit) -> CaptionStyle:
        """The default look, with the type size, line length and face a layout's band calls for."""
        face = {"font_path": fit.font_path} if fit.font_path else {}
        return cls(font_size_ratio=fit.size_ratio, max_chars_per_line=fit.line_chars,
                   safe_width_ratio=fit.width_ratio, **face)

    def fitted_to(self, fit: CaptionFit) -> CaptionStyle:
        """This (house) style set in a layout's band: the band decides the face, the width and the
        type size (scaled by how far this style's size is from the default), and the longest line
        is the shorter of the two; colours, box and spacing stay this style's."""
        band = CaptionStyle.fitted(fit)
        scale = self.font_size_ratio / CaptionStyle.font_size_ratio
        return replace(self, font_path=band.font_path, safe_width_ratio=band.safe_width_ratio,
                       font_size_ratio=min(0.2, band.font_size_ratio * scale),
                       max_chars_per_line=min(self.max_chars_per_line, band.max_chars_per_line))


def _is_rgb(colour: tuple[int, int, int]) -> bool:
    return len(colour) == 3 and all(isinstance(c, int) and 0 <= c <= 255 for c in colour)
