"""Recursive-descent parser: HamNoSys symbols -> `signgen.hamnosys.model.Sign`.

Errors name the position in the input, the symbol found and what was expected.
"""

from __future__ import annotations

from signgen.errors import NotationError
from signgen.hamnosys.model import HandConfig, Handshape, Location, Movement, Sign
from signgen.hamnosys.symbols import Symbol, tokenize

HANDSHAPES = {
    "hamfist": "fist", "hamflathand": "flathand", "hamfinger2": "finger2", "hamfinger23": "finger23",
    "hamfinger23spread": "finger23spread", "hamfinger2345": "finger2345", "hampinch12": "pinch12",
    "hampinchall": "pinchall", "hampinch12open": "pinch12open", "hamcee12": "cee12",
    "hamceeall": "ceeall", "hamcee12open": "cee12open",
}
THUMBS = {"hamthumboutmod": "out", "hamthumbacrossmod": "across", "hamthumbopenmod": "open"}
BENDS = {
    "hamfingerstraightmod": "straight", "hamfingerbendmod": "bent", "hamfingerhookmod": "hooked",
    "hamdoublebent": "doublebent", "hamdoublehooked": "doublehooked",
}
SITES = {
    "hamhead", "hamheadtop", "hamforehead", "hameyebrows", "hameyes", "hamnose", "hamnostrils",
    "hamear", "hamearlobe", "hamcheek", "hamlips", "hamtongue", "hamteeth", "hamchin",
    "hamunderchin", "hamneck", "hamshouldertop", "hamshoulders", "hamchest", "hamstomach",
    "hambelowstomach", "hamneutralspace",
}
SIDES = {"hamlrbeside": "beside", "hamlrat": "at"}
CONTACTS = {"hamtouch": "touch", "hamclose": "close"}
SIZES = {"hamsmallmod": "small", "hamlargemod": "large"}
SPEEDS = {"hamfast": "fast", "hamslow": "slow"}
ARCS = {"hamarcu": "u", "hamarcd": "d", "hamarcl": "l", "hamarcr": "r"}
REPEATS = {
    "hamrepeatfromstart": "fromstart", "hamrepeatfromstartseveral": "fromstartseveral",
    "hamrepeatcontinue": "continue", "hamrepeatcontinueseveral": "continueseveral",
    "hamrepeatreverse": "reverse",
}
SYMMETRIES = {"hamsymmpar": "par", "hamsymmlr": "lr"}
SYMMETRY_MODIFIERS = {"hamnonipsi", "hamalternatingmotion"}


def _suffix(name: str, prefix: str) -> str | None:
    return name[len(prefix):] if name.startswith(prefix) and len(name) > len(prefix) else None


class _Parser:
    def __init__(self, notation: str) -> None:
        self.notation = notation
        self.symbols: list[Symbol] = tokenize(notation)
        self.i = 0

    # -- cursor helpers ----------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> str | None:
        j = self.i + ahead
        return self.symbols[j].name if j < len(self.symbols) else None

    def take(self) -> str:
        name = self.symbols[self.i].name
        self.i += 1
        return name

    def fail(self, expected: str) -> NotationError:
        if self.i >= len(self.symbols):
            return NotationError(f"notation ends early at position {len(self.notation)}: expected {expected}")
        sym = self.symbols[self.i]
        return NotationError(f"unexpected {sym.name} at position {sym.position}: expected {expected}")

    def expect(self, name: str) -> None:
        if self.peek() != name:
            raise self.fail(name)
        self.take()

    # -- grammar -----------------------------------------------------------------------------
    def sign(self) -> Sign:
        symmetry = None
        if self.peek() in SYMMETRIES:
            symmetry = SYMMETRIES[self.take()]
            while self.peek() in SYMMETRY_MODIFIERS:
                self.take()
        dominant, nondominant = self.hands()
        location = self.location() if self.starts_location() else None
        movements = []
        while self.peek() is not None:
            movements.append(self.movement())
        return Sign(dominant, nondominant, symmetry, location, tuple(movements))

    def hands(self) -> tuple[HandConfig, HandConfig | None]:
        if self.peek() == "hamparbegin" and self.peek(1) in HANDSHAPES:
            self.take()
            dominant = self.hand()
            self.expect("hamplus")
            nondominant = self.hand()
            self.expect("hamparend")
            return dominant, nondominant
        return self.hand(), None

    def hand(self) -> HandConfig:
        shape = self.handshape()
        direction = self.direction("hamextfinger")
        palm = self.direction("hampalm")
        return HandConfig(shape, direction, palm)

    def handshape(self) -> Handshape:
        if self.peek() not in HANDSHAPES:
            raise self.fail("a handshape (hamfist, hamflathand, hamfinger2, ...)")
        base = HANDSHAPES[self.take()]
        thumb = THUMBS[self.take()] if self.peek() in THUMBS else None
        bend = BENDS[self.take()] if self.peek() in BENDS else None
        return Handshape(base, thumb, bend)

    def direction(self, prefix: str) -> str | None:
        name = self.peek()
        value = _suffix(name, prefix) if name else None
        if value is None:
            return None
        self.take()
        if self.peek() == "hambetween":  # a direction between two: keep the first, the second refines
            self.take()
            if _suffix(self.peek() or "", prefix) is None:
                raise self.fail(f"a second {prefix}... after hambetween")
            self.take()
        return value

    def starts_location(self) -> bool:
        return self.peek() in SITES or (self.peek() in CONTACTS and self.peek(1) in SITES)

    def location(self) -> Location:
        contact = CONTACTS[self.take()] if self.peek() in CONTACTS else None
        if self.peek() not in SITES:
            raise self.fail("a body site (hamchest, hamchin, hamneutralspace, ...)")
        site = self.take()[3:]
        side = SIDES[self.take()] if self.peek() in SIDES else None
        if contact is None and self.peek() in CONTACTS:
            contact = CONTACTS[self.take()]
        return Location(site, side, contact)

    def movement(self) -> Movement:
        name = self.peek()
        if name is not None and _suffix(name, "hammove") is not None and name != "hammovecross":
            move = self.straight()
        elif name is not None and _suffix(name, "hamcircle") is not None:
            move = Movement("circle", direction=_suffix(self.take(), "hamcircle"))
        elif name == "hamreplace":
            self.take()
            move = Movement("replace", hand=self.hand())
        elif name == "hamnomotion":
            self.take()
            move = Movement("none")
        elif name == "hamseqbegin":
            move = self.group("hamseqbegin", "hamseqend", "seq")
        elif name == "hamparbegin":
            move = self.group("hamparbegin", "hamparend", "par")
        else:
            raise self.fail("a movement (hammove..., hamcircle..., hamreplace, hamseqbegin, ...)")
        return self.modifiers(move)

    def straight(self) -> Movement:
        direction = _suffix(self.take(), "hammove")
        arc = ARCS[self.take()] if self.peek() in ARCS else None
        target = self.location() if self.starts_location() else None
        return Movement("straight", direction=direction, arc=arc, target=target)

    def group(self, begin: str, end: str, kind: str) -> Movement:
        self.expect(begin)
        parts = []
        while self.peek() not in (end, None):
            if kind == "par" and self.peek() == "hamplus":
                self.take()
                continue
            parts.append(self.movement())
        self.expect(end)
        if not parts:
            raise self.fail(f"a movement inside {begin}")
        return Movement(kind, parts=tuple(parts))

    def modifiers(self, move: Movement) -> Movement:
        fields: dict = {}
        while True:
            name = self.peek()
            if name in SIZES:
                fields["size"] = SIZES[self.take()]
            elif name in SPEEDS:
                fields["speed"] = SPEEDS[self.take()]
            elif name in REPEATS:
                fields["repeat"] = REPEATS[self.take()]
            else:
                break
        if not fields:
            return move
        return Movement(**{**move.__dict__, **fields})


def parse(notation: str) -> Sign:
    """Parse a HamNoSys notation (SiGML token names or Unicode) into a `Sign`.

    Raises `NotationError` naming the position, the symbol and what was expected.
    """
    if not notation or not notation.strip():
        raise NotationError("empty notation")
    parser = _Parser(notation)
    return parser.sign()
