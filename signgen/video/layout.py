"""Where things sit in the picture: the signer's box, the caption band, the headline band, a logo.

A `Layout` is chosen from the preset's shape (`layout_for`). Both layouts keep the caption band
below the signer's box, so captions never cover the hands, whatever the hands do: the signer is
rendered into its box alone (see `signgen.video.canvas`) and nothing of it reaches the band.

- Landscape (broadcast, 16:9): the signer in the upper 78% of the frame; captions in a band below,
  ending at the title-safe margin (6% from the bottom).
- Portrait (station screens, 9:16): a headline band across the top (with the operator's logo on its
  right), the signer large in the upper part (about two thirds of the height, whole signing space
  in view), captions below in type at least 4% of the picture height so they read from a platform.
"""

from __future__ import annotations

from dataclasses import dataclass

from signgen.video.presets import VideoPreset

DEJAVU_SANS_CONDENSED = "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf"
DEJAVU_SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Rect:
    """A pixel rectangle: left ``x``, top ``y`` (rows count down), width ``w``, height ``h``."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def slices(self) -> tuple[slice, slice]:
        """Index an (H, W, ...) frame with these to get the rectangle's pixels."""
        return slice(self.y, self.bottom), slice(self.x, self.right)


@dataclass(frozen=True)
class CaptionFit:
    """How captions are set in a layout's band: type size as a fraction of the picture height, the
    longest line in characters (so that size fits the band's width), the font, and the share of the
    band's width the caption box may use."""

    size_ratio: float
    line_chars: int
    font_path: str | None = None  # None: the caption style's default face
    width_ratio: float = 0.9


@dataclass(frozen=True)
class Layout:
    """The frame's regions for one preset, in pixels.

    signer: the box the avatar is rendered into (its camera frames the whole signing space in it).
    captions: the band captions are set in, bottom-aligned and centred; below ``signer``.
    headline: the band the story's headline is written in, or None (no headline in the picture).
    logo: where an operator's logo image is fitted, if one is given.
    """

    name: str
    width: int
    height: int
    signer: Rect
    captions: Rect
    caption_fit: CaptionFit
    headline: Rect | None = None
    logo: Rect | None = None


def layout_for(preset: VideoPreset) -> Layout:
    """The broadcast layout for landscape presets, the signage layout for portrait ones."""
    return _signage(preset) if preset.portrait else _broadcast(preset)


def _broadcast(preset: VideoPreset) -> Layout:
    w, h = preset.width, preset.height
    signer_bottom = round(0.78 * h)
    band_bottom = round(0.94 * h)  # title-safe: captions end 6% above the bottom edge
    logo_side = round(0.1 * h)
    margin = round(0.05 * w)
    return Layout(
        name="broadcast", width=w, height=h,
        signer=Rect(0, 0, w, signer_bottom),
        captions=Rect(0, signer_bottom, w, band_bottom - signer_bottom),
        caption_fit=CaptionFit(size_ratio=0.046, line_chars=37),
        logo=Rect(w - margin - logo_side, round(0.05 * h), logo_side, logo_side),
    )


def _signage(preset: VideoPreset) -> Layout:
    w, h = preset.width, preset.height
    headline_h = round(0.094 * h)          # 180 px of 1920
    signer_h = round(0.656 * h)            # 1260 px: the signing space fills the width
    band_bottom = round(0.95 * h)          # a margin below: screens sit in frames that cover edges
    pad = round(0.2 * headline_h)
    logo_side = headline_h - 2 * pad
    return Layout(
        name="signage", width=w, height=h,
        signer=Rect(0, headline_h, w, signer_h),
        captions=Rect(0, headline_h + signer_h, w, band_bottom - headline_h - signer_h),
        # 84 px type at 1920 (4.4%); the condensed face fits 22 characters a line across 1080 px.
        caption_fit=CaptionFit(size_ratio=0.044, line_chars=22, font_path=DEJAVU_SANS_CONDENSED, width_ratio=0.96),
        headline=Rect(0, 0, w, headline_h),
        logo=Rect(w - pad - logo_side, pad, logo_side, logo_side),
    )
