"""Handshapes as data: every handshape a parsed sign uses, and a handshape written back as notation.

Curator tools list the lexicon's handshapes with these (`scripts/handshape_sheet.py` draws them,
`lexicon/ase/README.md` lists them); the order of the written tokens follows the parser's grammar,
so ``parse(format_handshape(s) + " hamextfingeru hampalmd").dominant.shape == s``.
"""

from __future__ import annotations

from typing import Iterator

from signgen.hamnosys.model import Handshape, Movement, Sign
from signgen.hamnosys.parser import BENDS, DIGITS, HANDSHAPES, THUMBS

_BASE = {v: k for k, v in HANDSHAPES.items()}
_THUMB = {v: k for k, v in THUMBS.items()}
_BEND = {v: k for k, v in BENDS.items()}
_DIGIT = {v: k for k, v in DIGITS.items()}


def format_handshape(shape: Handshape) -> str:
    """The SiGML tokens of a handshape (base, thumb, bend, finger specifications, thumb contact)."""
    tokens = [_BASE[shape.base]]
    tokens += [_THUMB[shape.thumb]] if shape.thumb else []
    tokens += [_BEND[shape.bend]] if shape.bend else []
    for spec in shape.fingers:
        tokens += [_DIGIT[d] for d in spec.digits]
        tokens += [_BEND[spec.bend]] if spec.bend else []
        tokens += [f"ham{spec.part}"] if spec.part else []
        tokens += [_DIGIT[d] for d in spec.crossing]
    tokens += [f"ham{shape.thumb_contact}"] if shape.thumb_contact else []
    if shape.between is not None:
        tokens += ["hambetween", format_handshape(shape.between)]
    return " ".join(tokens)


def sign_handshapes(sign: Sign) -> Iterator[Handshape]:
    """Every handshape a sign shows: both hands at the start, each replacement, each compound part."""
    yield sign.dominant.shape
    if sign.nondominant is not None:
        yield sign.nondominant.shape
    yield from _movement_handshapes(sign.movements)
    for part in sign.compound:
        yield from sign_handshapes(part)


def _movement_handshapes(moves: tuple[Movement, ...]) -> Iterator[Handshape]:
    for move in moves:
        for hand in (move.hand, move.hand_nondominant):
            if hand is not None:
                yield hand.shape
        yield from _movement_handshapes(move.parts)
