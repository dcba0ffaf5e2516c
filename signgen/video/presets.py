"""Broadcast output presets: frame size and constant frame rate of the delivered video."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from signgen.errors import UsageError


@dataclass(frozen=True)
class VideoPreset:
    """One delivery format. ``fps`` is exact (30000/1001 for the Americas' 29.97), never a rounded float."""

    name: str
    width: int
    height: int
    fps: Fraction

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def frame_duration_s(self) -> float:
        return float(1 / self.fps)


PRESETS: dict[str, VideoPreset] = {
    p.name: p
    for p in (
        VideoPreset("1080p25", 1920, 1080, Fraction(25)),
        VideoPreset("720p25", 1280, 720, Fraction(25)),
        VideoPreset("1080p29.97", 1920, 1080, Fraction(30000, 1001)),
        # Station screens hung vertically: the signage layout (`signgen.video.layout`) goes with it.
        VideoPreset("portrait1080", 1080, 1920, Fraction(25)),
        # Not for delivery: a quick preview, and the size tests render at when they need real frames.
        VideoPreset("180p25", 320, 180, Fraction(25)),
        # Not for delivery either: the signage layout small, for quick portrait previews and tests.
        VideoPreset("portrait360", 360, 640, Fraction(25)),
    )
}

DEFAULT_PRESET = "1080p25"


def get_preset(name: str) -> VideoPreset:
    """The preset called ``name``; an unknown name is a user error that lists the valid ones."""
    try:
        return PRESETS[name]
    except KeyError:
        valid = ", ".join(PRESETS)
        raise UsageError(f"unknown video preset {name!r}; choose one of: {valid}") from None
