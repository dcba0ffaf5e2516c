"""The phonological model a HamNoSys notation parses into.

Directions use HamNoSys letters from the signer's point of view: u(p), d(own), l(eft), r(ight),
o (away from the body, "out"), i (towards the body, "in"), and two- or three-letter combinations
(``ul``, ``uo``, ``dil``...). Palm orientations are relative to the extended-finger direction
(see `signgen.synthesis.orientation`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Size = Literal["small", "normal", "large"]
Speed = Literal["slow", "normal", "fast"]


@dataclass(frozen=True)
class Handshape:
    """base: one of the 12 HamNoSys base forms (``fist``, ``flathand``, ``finger2``, ``finger23``,
    ``finger23spread``, ``finger2345``, ``pinch12``, ``pinchall``, ``pinch12open``, ``cee12``,
    ``ceeall``, ``cee12open``); thumb: ``out`` | ``across`` | ``open`` | None; bend: ``straight`` |
    ``bent`` | ``hooked`` | ``doublebent`` | ``doublehooked`` | None (applies to the selected fingers).
    """

    base: str
    thumb: str | None = None
    bend: str | None = None


@dataclass(frozen=True)
class HandConfig:
    """A handshape with its orientation: extended-finger direction and palm orientation."""

    shape: Handshape
    finger_direction: str | None = None
    palm: str | None = None


@dataclass(frozen=True)
class Location:
    """A place the hand is at or moves to.

    site: body site name without the ``ham`` prefix (``chin``, ``chest``, ``neutralspace``...).
    side: ``beside`` | ``at`` (left/right of the site, dominant side) | None.
    contact: ``touch`` | ``close`` | None (None: in front of the site at a comfortable distance).
    """

    site: str
    side: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Movement:
    """One movement of the hand(s).

    kind: ``straight`` | ``circle`` | ``replace`` (handshape/orientation change) | ``seq`` (the
        ``parts`` one after another) | ``par`` (``parts[0]`` dominant, ``parts[1]`` non-dominant,
        at the same time) | ``none``.
    direction: for straight moves the path direction; for circles the circle's axis direction as
        written (``hamcircleo``: a circle in the vertical plane facing forward).
    arc: ``u`` | ``d`` | ``l`` | ``r`` to bow a straight path, else None.
    target: the location a straight move ends at, if written.
    hand: the new hand configuration of a replacement.
    repeat: ``fromstart`` | ``fromstartseveral`` | ``continue`` | ``continueseveral`` | ``reverse`` | None.
    """

    kind: str
    direction: str | None = None
    arc: str | None = None
    target: Location | None = None
    hand: HandConfig | None = None
    parts: tuple["Movement", ...] = ()
    size: Size = "normal"
    speed: Speed = "normal"
    repeat: str | None = None


@dataclass(frozen=True)
class Sign:
    """A whole manual sign.

    symmetry: ``lr`` (non-dominant hand mirrors the dominant across the body's midline), ``par``
        (it moves in parallel), or None (one hand, or a static non-dominant hand if given).
    nondominant: the other hand's configuration when written or implied by symmetry.
    """

    dominant: HandConfig
    nondominant: HandConfig | None = None
    symmetry: str | None = None
    location: Location | None = None
    movements: tuple[Movement, ...] = field(default_factory=tuple)

    @property
    def two_handed(self) -> bool:
        return self.symmetry is not None or self.nondominant is not None
