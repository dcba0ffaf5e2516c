"""The avatar's appearance: colours per region, as a profile setting (sRGB hex strings).

`LOOKS` names the packaged looks (`--look NAME`): one CC0 mesh, skin tones from light to dark,
different hair, body proportions from the mesh's own MakeHuman shape targets (`paths.BODIES`),
and the plain dark top an interpreter wears, chosen per skin tone so the hands keep a WCAG
contrast ratio of at least `MIN_HAND_CONTRAST` against it (`colour.contrast_ratio`).
Light to import (no numpy): render options carry a Look, and batch planning reads those.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from signgen.errors import InputError, UsageError
from signgen.paths import BODIES, DEFAULT_BODY


@dataclass(frozen=True)
class Look:
    """Colours (sRGB ``#rrggbb``) of the avatar's regions and of the background, and the body
    shape (a name in `signgen.paths.BODIES`: each is its own built asset).

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
                hex_rgb(getattr(self, f.name), f"look.{f.name}")  # fail early on a bad colour
        if self.body not in BODIES:
            raise InputError(f"look.body: {self.body!r} is not a body; choose one of: {', '.join(BODIES)}")

    def region_colours(self):
        """(R, 3) float32 linear RGB per region value of ``REGIONS`` (see `colour.region_colours`)."""
        from signgen.avatar.colour import region_colours  # numpy: only when rendering

        return region_colours(self)

    def background_srgb(self):
        """(3,) float32 sRGB in [0, 1] of the background (the GL clear colour is not gamma-corrected)."""
        from signgen.avatar.colour import background_srgb

        return background_srgb(self)


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
        raise UsageError(f"unknown look {name!r}; choose one of: {', '.join(LOOKS)}") from None

