"""The avatar's appearance: colours per region, as a profile setting (sRGB hex strings)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from signgen.avatar.asset import REGIONS
from signgen.errors import InputError


@dataclass(frozen=True)
class Look:
    """Colours (sRGB ``#rrggbb``) of the avatar's regions and of the background.

    Broadcast interpreters wear plain dark long sleeves so that hands and face stand out.
    """

    skin: str = "#c68e6a"
    top: str = "#1f2430"
    trousers: str = "#262a33"
    shoes: str = "#15171b"
    hair: str = "#2e211a"
    eyes: str = "#4a3222"          # iris
    lips: str = "#b0675a"
    background: str = "#2b4a6f"

    def __post_init__(self) -> None:
        for f in fields(self):
            srgb_to_linear(getattr(self, f.name), f.name)  # fail early on a bad colour

    def region_colours(self) -> np.ndarray:
        """(R, 3) float32 linear RGB per region value of ``REGIONS``."""
        skin = srgb_to_linear(self.skin)
        named = {
            "skin": skin, "top": srgb_to_linear(self.top), "trousers": srgb_to_linear(self.trousers),
            "shoes": srgb_to_linear(self.shoes), "hair": srgb_to_linear(self.hair),
            "eye_white": srgb_to_linear("#e6e2da"), "iris": srgb_to_linear(self.eyes),
            "pupil": srgb_to_linear("#0a0a0a"), "teeth": srgb_to_linear("#e8e2d0"),
            "tongue": srgb_to_linear("#b4545a"), "lips": srgb_to_linear(self.lips),
            "lashes": srgb_to_linear(self.hair) * 0.5,
            "nails": skin * 0.85 + srgb_to_linear("#f0d0c8") * 0.15,
            "mouth": srgb_to_linear("#5a2326"),
            "brows": srgb_to_linear(self.hair) * 0.8 + skin * 0.2,
        }
        out = np.zeros((max(REGIONS.values()) + 1, 3), np.float32)
        for name, value in REGIONS.items():
            out[value] = named[name]
        return out

    def background_srgb(self) -> np.ndarray:
        """(3,) float32 sRGB in [0, 1] of the background (the GL clear colour is not gamma-corrected)."""
        return srgb_to_linear(self.background, "background") ** np.float32(1.0 / _GAMMA)


_GAMMA = 2.2  # pyrender's fragment shader ends with pow(colour, 1/2.2); invert exactly that


def srgb_to_linear(hex_colour: str, field: str = "colour") -> np.ndarray:
    """``#rrggbb`` -> (3,) float32 linear RGB in [0, 1] (the renderer's shader re-applies gamma)."""
    text = hex_colour.strip().lstrip("#")
    try:
        if len(text) != 6:
            raise ValueError
        srgb = np.array([int(text[i:i + 2], 16) for i in (0, 2, 4)], np.float64) / 255.0
    except ValueError:
        raise InputError(f"look.{field}: {hex_colour!r} is not a colour like #1f2430") from None
    return (srgb ** _GAMMA).astype(np.float32)
