"""The avatar's appearance: colours per region, as a profile setting (sRGB hex strings).

`LOOKS` names the packaged looks (`--look NAME`): one CC0 mesh, skin tones from light to dark,
different hair, body proportions from the mesh's own MakeHuman shape targets (`asset.BODIES`),
and the plain dark top an interpreter wears, chosen per skin tone so the hands keep a WCAG
contrast ratio of at least `MIN_HAND_CONTRAST` against it (see `contrast_ratio`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from signgen.avatar.asset import BODIES, DEFAULT_BODY, REGIONS
from signgen.errors import InputError, SigngenError


@dataclass(frozen=True)
class Look:
    """Colours (sRGB ``#rrggbb``) of the avatar's regions and of the background, and the body
    shape (a name in `signgen.avatar.asset.BODIES`: each is its own built asset).

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
    body: str = DEFAULT_BODY

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name != "body":
                srgb_to_linear(getattr(self, f.name), f.name)  # fail early on a bad colour
        if self.body not in BODIES:
            raise InputError(f"look.body: {self.body!r} is not a body; choose one of: {', '.join(BODIES)}")

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
    srgb = np.array(hex_rgb(hex_colour, f"look.{field}"), np.float64) / 255.0
    return (srgb ** _GAMMA).astype(np.float32)


def hex_rgb(hex_colour: str, label: str = "colour") -> tuple[int, int, int]:
    """``#rrggbb`` -> (r, g, b) integers 0-255; a bad string is an InputError naming ``label``."""
    text = str(hex_colour).strip().lstrip("#")
    try:
        if len(text) != 6:
            raise ValueError
        return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        raise InputError(f"{label}: {hex_colour!r} is not a colour like #1f2430") from None


# WCAG 2's minimum for graphical objects: hands must read against the top at least this well.
MIN_HAND_CONTRAST = 3.0

LOOKS: dict[str, Look] = {
    "medium": Look(),
    "light": Look(skin="#eec3a0", hair="#8a5a32", eyes="#4f6f86", lips="#c47a70", top="#16261e",
                  trousers="#20242e", body="female"),
    "dark": Look(skin="#8f5b3d", hair="#17120f", eyes="#2a1a12", lips="#70392e", top="#0c0c10",
                 trousers="#141418", shoes="#0a0a0c", body="male"),
    "silver": Look(skin="#dcae8c", hair="#a7a5a2", eyes="#5d6a72", lips="#b46e62", top="#2a1f2c",
                   trousers="#24212a"),
}
DEFAULT_LOOK = "medium"


def get_look(name: str) -> Look:
    """The packaged look called ``name``; an unknown name is a user error listing the valid ones."""
    try:
        return LOOKS[name]
    except KeyError:
        raise SigngenError(f"unknown look {name!r}; choose one of: {', '.join(LOOKS)}") from None


def relative_luminance(srgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (..., 3) in [0, 1]."""
    c = np.asarray(srgb, np.float64)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(a: np.ndarray, b: np.ndarray) -> float:
    """WCAG 2 contrast ratio (1 to 21) between two sRGB colours (3,) in [0, 1]."""
    la, lb = sorted((float(relative_luminance(a)), float(relative_luminance(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)
