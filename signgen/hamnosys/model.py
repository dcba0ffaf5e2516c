"""The phonological model a HamNoSys notation parses into.

Directions use HamNoSys letters from the signer's point of view: u(p), d(own), l(eft), r(ight),
o (away from the body, "out"), i (towards the body, "in"), and two- or three-letter combinations
(``ul``, ``uo``, ``dil``...). Palm orientations are relative to the extended-finger direction
(see `signgen.synthesis.orientation`).

Every field added beyond the original subset defaults to "nothing special" (None, (), False,
"body"), so a consumer that ignores it still gets the sign's plain reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Size = Literal["small", "normal", "large"]
Speed = Literal["slow", "normal", "fast"]


@dataclass(frozen=True)
class FingerSpec:
    """A per-finger specification inside a handshape.

    digits: the fingers named (``thumb``, ``index``, ``middle``, ``ring``, ``pinky``).
    bend: a bending for just these fingers (same values as `Handshape.bend`), else None.
    part: a finger part (``fingertip``, ``fingernail``, ``fingerpad``, ``fingermidjoint``,
        ``fingerbase``, ``fingerside``) named after the digits, else None.
    crossing: fingers written after the part: these digits cross (or touch) those fingers at
        ``part`` (e.g. middle finger crossed over the index at its mid joint).
    """

    digits: tuple[str, ...]
    bend: str | None = None
    part: str | None = None
    crossing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handshape:
    """base: one of the 12 HamNoSys base forms (``fist``, ``flathand``, ``finger2``, ``finger23``,
    ``finger23spread``, ``finger2345``, ``pinch12``, ``pinchall``, ``pinch12open``, ``cee12``,
    ``ceeall``, ``cee12open``); thumb: ``out`` | ``across`` | ``open`` | None; bend: ``straight`` |
    ``bent`` | ``hooked`` | ``doublebent`` | ``doublehooked`` | None (applies to the selected fingers).

    fingers: per-finger specifications in written order (which fingers are selected, their own
        bending, crossings). thumb_contact: the finger part the thumb touches (e.g. ``fingerpad``
        for a pinch made with the pads), else None. between: a second handshape; the hand is
        halfway between this one and that (``hambetween``), else None.
    """

    base: str
    thumb: str | None = None
    bend: str | None = None
    fingers: tuple[FingerSpec, ...] = ()
    thumb_contact: str | None = None
    between: "Handshape | None" = None


@dataclass(frozen=True)
class HandConfig:
    """A handshape with its orientation: extended-finger direction and palm orientation.

    finger_direction_between / palm_between: a second direction; the true one lies halfway
    (``hambetween``). relative: the orientation is relative to the hand's path (``hamorirelative``).
    finger_direction_fingers: a second extended-finger direction written right after the first:
        the direction of the fingers themselves where they bend away from the hand, whose own
        (metacarpal) direction is then ``finger_direction``; else None.
    """

    shape: Handshape
    finger_direction: str | None = None
    palm: str | None = None
    finger_direction_between: str | None = None
    palm_between: str | None = None
    relative: bool = False
    finger_direction_fingers: str | None = None


@dataclass(frozen=True)
class Location:
    """A place the hand is at or moves to.

    site: site name without the ``ham`` prefix (``chin``, ``chest``, ``neutralspace``, ``palm``,
        ``elbow``, ``fingertip``...).
    side: ``beside`` | ``at`` (left/right of the site, dominant side) | None.
    contact: ``touch`` | ``close`` | None (None: in front of the site at a comfortable distance).

    region: where the site is: ``body`` (head, face, trunk, neutral space), ``arm`` (the other
        arm), ``hand`` (a part of the other hand: palm, handback, thumbside, ...), ``finger``
        (a finger part of the other hand; see ``digits``), ``coref`` (a location tagged earlier).
    digits: the fingers a finger-part site belongs to (empty: all selected fingers).
    surface: the side of a finger part (``palm``, ``handback``, ``thumbside``...), else None.
    relation: how the hand relates to the site beyond ``contact``: ``behind``, ``interlock``,
        ``cross``, ``brushing``, ``armextended`` | None. (interlock/cross/brushing also set
        contact ``touch``.)
    between: a second location; the hand is halfway between the two, else None.
    coref: ``tag`` (this location is remembered) | ``ref`` (refers to it) | None.
    hand_part: the part of the articulating hand that is at the site (written in brackets after
        the location), else None.
    opposite: the side mark was written before the site (``hamlrat hamchest``): the place is on
        the non-dominant side of the body (a right-hander's left chest), as HamNoSys writes a mark
        on the side of the site symbol it means; after the site it is the dominant side.
    """

    site: str
    side: str | None = None
    contact: str | None = None
    region: str = "body"
    digits: tuple[str, ...] = ()
    surface: str | None = None
    relation: str | None = None
    between: "Location | None" = None
    coref: str | None = None
    hand_part: "Location | None" = None
    opposite: bool = False


@dataclass(frozen=True)
class Constellation:
    """Two hands placed relative to each other: ``dominant`` part of the dominant hand at (or
    touching, per ``contact``/``relation``) ``nondominant`` part of the other hand."""

    dominant: Location
    nondominant: Location
    contact: str | None = None
    relation: str | None = None


@dataclass(frozen=True)
class Movement:
    """One movement of the hand(s).

    kind: ``straight`` | ``circle`` | ``replace`` (handshape/orientation change) | ``seq`` (the
        ``parts`` one after another) | ``par`` (``parts[0]`` dominant, ``parts[1]`` non-dominant,
        at the same time) | ``none``; added: ``simultaneous`` (all ``parts`` at once by the same
        hand(s)), ``fusion`` (``parts`` run together as one fluent movement), ``target`` (move to
        ``target`` without a written direction), ``contact`` (make the contact in ``contact`` /
        ``relation``), wrist and finger movements ``nodding`` | ``swinging`` | ``twisting`` |
        ``stircw`` | ``stirccw`` | ``fingerplay``, and ``cross`` / ``x`` (the crossing movements).
    direction: for straight moves the path direction; for circles the circle's axis direction as
        written (``hamcircleo``: a circle in the vertical plane facing forward).
    arc: ``u`` | ``d`` | ``l`` | ``r`` to bow a straight path, else None.
    target: the location a straight move ends at, if written.
    hand: the new hand configuration of a replacement (a replacement written without a
        handshape carries the handshape in force at that point).
    repeat: ``fromstart`` | ``fromstartseveral`` | ``continue`` | ``continueseveral`` | ``reverse`` | None.

    direction_between: a second direction; the path lies halfway between, else None.
    hand_nondominant: a replacement's new configuration for the other hand, when split.
    contact: ``touch`` | ``close`` during/at the end of the movement (``hamtouch`` after it), else None.
    relation: ``brushing`` | ``behind`` | ``interlock`` | ``cross`` | ``armextended`` | None.
    path: ``wavy`` | ``zigzag`` superimposed on the path, else None.
    spiral: ``increasing`` | ``decreasing`` (a circle growing/shrinking), else None.
    ellipse: ``h`` | ``v`` | ``ur`` | ``ul`` (a circle flattened along that axis), else None.
    clock: for circles, start (and end) positions as written clock points (``u``, ``dl``...;
        ``full`` adds another turn), e.g. ``("u", "full", "r")``.
    digits: the fingers of a finger movement (``fingerplay``), if written.
    manner: ``tense`` | ``rest`` | ``halt`` | ``etc`` (goes on: hametc) in written order.
    alternating: the hands move in alternation (``hamalternatingmotion``).
    extra_repeats: repetition symbols after the first, in written order.
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
    direction_between: str | None = None
    hand_nondominant: HandConfig | None = None
    contact: str | None = None
    relation: str | None = None
    path: str | None = None
    spiral: str | None = None
    ellipse: str | None = None
    clock: tuple[str, ...] = ()
    digits: tuple[str, ...] = ()
    manner: tuple[str, ...] = ()
    alternating: bool = False
    extra_repeats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sign:
    """A whole manual sign.

    symmetry: ``lr`` (non-dominant hand mirrors the dominant across the body's midline), ``par``
        (it moves in parallel), or None (one hand, or a static non-dominant hand if given).
    nondominant: the other hand's configuration when written or implied by symmetry.

    symmetry_modifiers: symbols refining the symmetry, without the ``ham`` prefix
        (``alternatingmotion``, ``nonipsi``, ``largemod``, ``fingerstraightmod``...).
    nondominant_location: the other hand's location when the two are written apart.
    constellation: the hands' placement relative to each other, if written.
    nonmanual: non-manual feature names (from SiGML ``hamnosys_nonmanual``), ``name`` or
        ``name:value``.
    markers: sign-level markers without the ``ham`` prefix: ``version40``, ``mime``, ``etc``,
        ``nondominant``.
    compound: further signs joined to this one with ``hamplus`` (a compound), in order.
    """

    dominant: HandConfig
    nondominant: HandConfig | None = None
    symmetry: str | None = None
    location: Location | None = None
    movements: tuple[Movement, ...] = field(default_factory=tuple)
    symmetry_modifiers: tuple[str, ...] = ()
    nondominant_location: Location | None = None
    constellation: Constellation | None = None
    nonmanual: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    compound: tuple["Sign", ...] = ()

    @property
    def two_handed(self) -> bool:
        return self.symmetry is not None or self.nondominant is not None
