"""Recursive-descent parser: HamNoSys 4 symbols -> `signgen.hamnosys.model.Sign`.

The grammar follows the HamNoSys 4.0 manual's order of a sign: optional sign markers and
symmetry operator, the hand configuration (handshape, extended-finger direction, palm; each may
be split per hand with hamparbegin ... hamplus ... hamparend), an optional location (body, arm,
hand or finger part, two-hand locations or a hand constellation), then actions (movements,
replacements, groups) with their modifiers; hamplus at the top level joins compound signs.
Alternatives ({ first | second }) keep the first one.

Errors name the position in the input, the symbol found and what was expected.
"""

from __future__ import annotations

from dataclasses import replace as _with

from signgen.errors import NotationError
from signgen.hamnosys.model import (
    Constellation, FingerSpec, HandConfig, Handshape, Location, Movement, Sign,
)
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
DIGITS = {"hamthumb": "thumb", "hamindexfinger": "index", "hammiddlefinger": "middle",
          "hamringfinger": "ring", "hampinky": "pinky"}
FINGERPARTS = {"hamfingertip", "hamfingernail", "hamfingerpad", "hamfingermidjoint", "hamfingerbase",
               "hamfingerside"}
BODY_SITES = {
    "hamhead", "hamheadtop", "hamforehead", "hameyebrows", "hameyes", "hamnose", "hamnostrils",
    "hamear", "hamearlobe", "hamcheek", "hamlips", "hamtongue", "hamteeth", "hamchin",
    "hamunderchin", "hamneck", "hamshouldertop", "hamshoulders", "hamchest", "hamstomach",
    "hambelowstomach", "hamneutralspace",
}
ARM_SITES = {"hamupperarm", "hamelbow", "hamelbowinside", "hamlowerarm", "hamwristback", "hamwristpulse"}
HAND_SITES = {"hamthumbball", "hampalm", "hamhandback", "hamthumbside", "hampinkyside",
              "hamwristtopulse", "hamwristtoback", "hamwristtothumb", "hamwristtopinky"}
SITES = BODY_SITES  # kept for importers of the subset parser's name
SIDES = {"hamlrbeside": "beside", "hamlrat": "at"}
CONTACTS = {"hamtouch": "touch", "hamclose": "close"}
# Contact-like relations: (contact they imply, relation name).
RELATIONS = {"hambrushing": ("touch", "brushing"), "haminterlock": ("touch", "interlock"),
             "hamcross": ("touch", "cross"), "hambehind": (None, "behind"),
             "hamarmextended": (None, "armextended")}
COREFS = {"hamcoreftag": "tag", "hamcorefref": "ref"}
SIZES = {"hamsmallmod": "small", "hamlargemod": "large"}
SPEEDS = {"hamfast": "fast", "hamslow": "slow"}
MANNERS = {"hamtense": "tense", "hamrest": "rest", "hamhalt": "halt"}
ARCS = {"hamarcu": "u", "hamarcd": "d", "hamarcl": "l", "hamarcr": "r"}
PATHS = {"hamwavy": "wavy", "hamzigzag": "zigzag"}
SPIRALS = {"hamincreasing": "increasing", "hamdecreasing": "decreasing"}
REPEATS = {
    "hamrepeatfromstart": "fromstart", "hamrepeatfromstartseveral": "fromstartseveral",
    "hamrepeatcontinue": "continue", "hamrepeatcontinueseveral": "continueseveral",
    "hamrepeatreverse": "reverse",
}
SYMMETRIES = {"hamsymmpar": "par", "hamsymmlr": "lr"}
# After a symmetry operator these refine it (alternation, no ipsilateral crossing, mirrored
# in other planes); handshape modifiers cannot start a handshape, so there is no ambiguity.
SYMMETRY_MODIFIERS = {"hamnonipsi", "hamalternatingmotion", "hamlargemod", "hamsmallmod",
                      "hamfingerstraightmod", "hamfingerbendmod", "hamfingerhookmod"} | set(THUMBS)
SIMPLE_MOTIONS = {"hamnodding": "nodding", "hamswinging": "swinging", "hamtwisting": "twisting",
                  "hamstircw": "stircw", "hamstirccw": "stirccw", "hamfingerplay": "fingerplay",
                  "hammovecross": "cross", "hammovex": "x"}
SIGN_MARKERS = {"hamversion40", "hammime", "hamnondominant"}
GROUP_ENDS = {"hamseqend", "hamparend", "hamfusionend"}
GROUPS = {"hamseqbegin": ("hamseqend", "seq"), "hamparbegin": ("hamparend", "simultaneous"),
          "hamfusionbegin": ("hamfusionend", "fusion")}


def _suffix(name: str | None, prefix: str) -> str | None:
    if name is None or not name.startswith(prefix) or len(name) <= len(prefix):
        return None
    return name[len(prefix):]


def _straight_direction(name: str | None) -> str | None:
    return None if name in SIMPLE_MOTIONS else _suffix(name, "hammove")


def _first_alternatives(symbols: list[Symbol]) -> list[Symbol]:
    """Drop every alternative after the first in {a | b | ...} groups (they can nest)."""
    out: list[Symbol] = []
    skipping: list[bool] = []  # per open group: are we past its first alternative?
    for sym in symbols:
        hidden = any(skipping)
        if sym.name == "hamaltbegin":
            skipping.append(False) if not hidden else skipping.append(True)
        elif sym.name == "hammetaalt" and skipping:
            skipping[-1] = True
        elif sym.name == "hamaltend" and skipping:
            skipping.pop()
        elif not hidden:
            out.append(sym)
    return out


class _Parser:
    def __init__(self, notation: str) -> None:
        self.notation = notation
        self.symbols: list[Symbol] = tokenize(notation)
        for sym in self.symbols:
            if sym.name in ("hammetaalt", "hamaltend") and not any(s.name == "hamaltbegin" for s in self.symbols):
                raise NotationError(f"unexpected {sym.name} at position {sym.position}: expected hamaltbegin first")
        self.symbols = _first_alternatives(self.symbols)
        self.i = 0
        self.current: dict[str, Handshape] = {}  # handshape in force per hand, for replacements

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

    # -- sign --------------------------------------------------------------------------------
    def signs(self) -> Sign:
        sign = self.sign()
        more = []
        while self.peek() == "hamplus":  # a compound: the next sign follows
            self.take()
            more.append(self.sign())
        if self.peek() is not None:
            raise self.fail("a movement, hamplus or the end of the sign")
        return _with(sign, compound=tuple(more)) if more else sign

    def sign(self) -> Sign:
        markers = [self.take()[3:] for _ in iter(lambda: self.peek() in SIGN_MARKERS, False)]
        symmetry, modifiers = None, []
        if self.peek() in SYMMETRIES:
            symmetry = SYMMETRIES[self.take()]
            while self.peek() in SYMMETRY_MODIFIERS:
                modifiers.append(self.take()[3:])
        markers += [self.take()[3:] for _ in iter(lambda: self.peek() in SIGN_MARKERS, False)]
        dominant, nondominant = self.hands()
        self.current = {"r": dominant.shape, "l": (nondominant or dominant).shape}
        location, nondominant_location, constellation = self.sign_location(
            two_handed=symmetry is not None or nondominant is not None)
        movements = []
        while self.peek() not in (None, "hamplus", "hametc"):
            movements.append(self.action())
        if self.peek() == "hametc":
            self.take()
            markers.append("etc")
        return Sign(dominant, nondominant, symmetry, location, tuple(movements), tuple(modifiers),
                    nondominant_location, constellation, (), tuple(markers))

    # -- hand configuration ------------------------------------------------------------------
    def hands(self) -> tuple[HandConfig, HandConfig | None]:
        if self.peek() == "hamparbegin" and self.peek(1) in HANDSHAPES:
            self.take()
            dominant = self.hand()
            self.expect("hamplus")
            nondominant = self.hand()
            self.expect("hamparend")
            if dominant.finger_direction is None and dominant.palm is None and self.starts_orientation():
                dom_o, non_o = self.orientation2()
                dominant = _with(dom_o, shape=dominant.shape)
                nondominant = _with(non_o or dom_o, shape=nondominant.shape)
            return dominant, nondominant
        shape = self.handshape2()
        dom_o, non_o = self.orientation2()
        dominant = _with(dom_o, shape=shape)
        return dominant, (_with(non_o, shape=shape) if non_o else None)

    def hand(self, shape_optional: bool = False) -> HandConfig:
        shape = self.handshape2() if (self.peek() in HANDSHAPES or not shape_optional) else None
        orientation = self.orientation()
        return _with(orientation, shape=shape) if shape else orientation

    def starts_orientation(self) -> bool:
        name = self.peek()
        return bool(_suffix(name, "hamextfinger") or _suffix(name, "hampalm")) or name == "hamorirelative"

    def split_starts(self, prefix: str) -> bool:
        return self.peek() == "hamparbegin" and (
            _suffix(self.peek(1), prefix) is not None or (prefix == "hamextfinger" and self.peek(1) == "hamorirelative"))

    def orientation2(self) -> tuple[HandConfig, HandConfig | None]:
        """An orientation; the whole, the finger direction or the palm may be written per hand
        as hamparbegin dominant hamplus non-dominant hamparend."""
        if self.split_starts("hamextfinger"):
            self.take()
            dominant = self.orientation()
            self.expect("hamplus")
            nondominant = self.orientation()
            self.expect("hamparend")
            if dominant.palm is None and nondominant.palm is None:
                (palm, palm_b, rel), other = self.palm2()
                dominant = _with(dominant, palm=palm, palm_between=palm_b, relative=dominant.relative or rel)
                nondominant = _with(nondominant, palm=other[0] if other else palm,
                                    palm_between=other[1] if other else palm_b)
            return dominant, nondominant
        dominant = self.orientation()
        if dominant.palm is None and self.split_starts("hampalm"):
            (palm, palm_b, rel), other = self.palm2()
            dominant = _with(dominant, palm=palm, palm_between=palm_b, relative=dominant.relative or rel)
            return dominant, _with(dominant, palm=other[0], palm_between=other[1])
        return dominant, None

    def palm2(self) -> tuple[tuple[str | None, str | None, bool], tuple[str | None, str | None] | None]:
        """A palm orientation, or one per hand; ((palm, between, relative), other hand's or None)."""
        if self.split_starts("hampalm"):
            self.take()
            dominant = self.direction("hampalm")
            self.expect("hamplus")
            nondominant = self.direction("hampalm")
            self.expect("hamparend")
            return (*dominant, False), nondominant
        relative = self.relative_mark()
        palm, palm_b = self.direction("hampalm")
        return (palm, palm_b, relative or self.relative_mark()), None

    def relative_mark(self) -> bool:
        if self.peek() == "hamorirelative":
            self.take()
            return True
        return False

    def orientation(self) -> HandConfig:
        """Extended-finger direction(s) and palm; the shape is filled in by the caller."""
        relative = self.relative_mark()
        direction, direction_b = self.direction("hamextfinger")
        fingers = None
        if direction is not None and _suffix(self.peek(), "hamextfinger"):
            fingers = self.take()[len("hamextfinger"):]  # a second direction: the fingers' own
        relative = self.relative_mark() or relative
        palm, palm_b = self.direction("hampalm")
        relative = self.relative_mark() or relative
        return HandConfig(Handshape("flathand"), direction, palm, direction_b, palm_b, relative, fingers)

    def handshape2(self) -> Handshape:
        shape = self.handshape()
        if self.peek() == "hambetween" and self.peek(1) in HANDSHAPES:
            self.take()
            shape = _with(shape, between=self.handshape())
        return shape

    def handshape(self) -> Handshape:
        if self.peek() not in HANDSHAPES:
            raise self.fail("a handshape (hamfist, hamflathand, hamfinger2, ...)")
        base = HANDSHAPES[self.take()]
        thumb = bend = thumb_contact = None
        specs: list[FingerSpec] = []
        while True:
            name = self.peek()
            if name in THUMBS and thumb is None:
                thumb = THUMBS[self.take()]
            elif name in BENDS and bend is None and not specs:
                bend = BENDS[self.take()]
            elif name in DIGITS:
                specs.append(self.finger_spec())
            elif name in FINGERPARTS and thumb_contact is None:
                thumb_contact = self.take()[3:]  # no digits before it: where the thumb meets the fingers
            else:
                break
        return Handshape(base, thumb, bend, tuple(specs), thumb_contact)

    def finger_spec(self) -> FingerSpec:
        digits = self.digits()
        bend = BENDS[self.take()] if self.peek() in BENDS else None
        part = self.take()[3:] if self.peek() in FINGERPARTS else None
        crossing = self.digits() if part is not None and self.peek() in DIGITS else ()
        return FingerSpec(digits, bend, part, crossing)

    def digits(self) -> tuple[str, ...]:
        out = []
        while self.peek() in DIGITS:
            out.append(DIGITS[self.take()])
        return tuple(out)

    def direction(self, prefix: str) -> tuple[str | None, str | None]:
        """A direction symbol with this prefix and the second one of a hambetween, if any."""
        value = _suffix(self.peek(), prefix)
        if value is None:
            return None, None
        self.take()
        if self.peek() == "hambetween" and _suffix(self.peek(1), prefix):
            self.take()
            return value, _suffix(self.take(), prefix)
        return value, None

    # -- location ----------------------------------------------------------------------------
    def starts_site(self, ahead: int = 0) -> bool:
        name = self.peek(ahead)
        return name in BODY_SITES or name in ARM_SITES or name in HAND_SITES or name in DIGITS \
            or name in FINGERPARTS or name == "hamcorefref"

    def starts_location(self) -> bool:
        """A site, possibly after left/right and contact symbols."""
        j = 0
        while self.peek(j) in SIDES or self.peek(j) in CONTACTS or self.peek(j) in RELATIONS:
            j += 1
        return self.starts_site(j)

    def sign_location(self, two_handed: bool) -> tuple[Location | None, Location | None, Constellation | None]:
        location = nondominant_location = constellation = None
        if self.peek() == "hamparbegin" and self.starts_location_at(1):
            self.take()
            first = self.location()
            self.expect("hamplus")
            second = self.location()
            self.expect("hamparend")
            contact, relation = self.contact_symbols()
            if first.region == "body" and second.region == "body" and contact is None and relation is None:
                location, nondominant_location = first, second
            else:
                constellation = Constellation(first, second, contact, relation)
        elif self.starts_location():
            location = self.location()
            if two_handed and location.region in ("hand", "finger"):
                # Both hands, one hand part written: the hands meet at that part.
                constellation = Constellation(location, location, location.contact, location.relation)
                location = None
        if constellation is not None and location is None and self.starts_location():
            location = self.location()  # where the constellation is placed
        return location, nondominant_location, constellation

    def starts_location_at(self, ahead: int) -> bool:
        saved = self.i
        self.i += ahead
        try:
            return self.starts_location()
        finally:
            self.i = saved

    def contact_symbols(self) -> tuple[str | None, str | None]:
        contact = relation = None
        while self.peek() in CONTACTS or self.peek() in RELATIONS:
            name = self.take()
            if name in CONTACTS:
                contact = contact or CONTACTS[name]
            else:
                implied, relation = RELATIONS[name]
                contact = contact or implied
        return contact, relation

    def location(self) -> Location:
        """Left/right and contact symbols may stand before or after the site."""
        side = None
        contact, relation = None, None
        while self.peek() in SIDES or self.peek() in CONTACTS or self.peek() in RELATIONS:
            if self.peek() in SIDES:
                side = SIDES[self.take()]  # written before the site: the non-dominant side
            else:
                c, r = self.contact_symbols()
                contact, relation = contact or c, relation or r
        loc = self.site()
        coref = None
        after_side = False
        while True:
            name = self.peek()
            if name in SIDES:
                written = SIDES[self.take()]  # (always consume: a second side must not stall the loop)
                after_side = after_side or side is None
                side = side or written
            elif name in CONTACTS or name in RELATIONS:
                c, r = self.contact_symbols()
                contact, relation = contact or c, relation or r
            elif name in COREFS:
                coref = COREFS[self.take()]
            elif name == "hambetween" and self.starts_location_at(1):
                self.take()
                other = self.location()
                # Contact written after the second site belongs to the whole location.
                contact, relation = contact or other.contact, relation or other.relation
                loc = _with(loc, between=_with(other, contact=None, relation=None))
            else:
                break
        opposite = side is not None and not after_side
        loc = _with(loc, side=side, contact=contact, relation=relation, coref=coref or loc.coref, opposite=opposite)
        if self.peek() == "hamseqbegin" and self.starts_hand_part_at(1):
            part = self.bracketed_hand_part()
            if part is not None:
                loc = _with(loc, hand_part=part)
        return loc

    def bracketed_hand_part(self) -> Location | None:
        """[the part of the moving hand at the site], or None (then the bracket is a movement group)."""
        saved = self.i
        try:
            self.take()
            part = self.location()
            self.expect("hamseqend")
            return part
        except NotationError:
            self.i = saved
            return None

    def starts_hand_part_at(self, ahead: int) -> bool:
        j = ahead
        while self.peek(j) in CONTACTS or self.peek(j) in RELATIONS or self.peek(j) in SIDES:
            j += 1
        name = self.peek(j)
        return name in DIGITS or name in FINGERPARTS or name in HAND_SITES or name in ARM_SITES

    def site(self) -> Location:
        name = self.peek()
        if name in DIGITS or name in FINGERPARTS:
            digits = self.digits()
            part = self.take()[3:] if self.peek() in FINGERPARTS else None
            digits = digits or self.digits()  # the digits may also follow the part
            surface = self.take()[3:] if self.peek() in HAND_SITES else None
            site = part or ("finger" if digits else None)
            return Location(site or "fingertip", region="finger", digits=digits, surface=surface)
        if name in HAND_SITES or name in ARM_SITES:
            region = "hand" if name in HAND_SITES else "arm"
            site = self.take()[3:]
            surface = self.take()[3:] if self.peek() in HAND_SITES else None  # e.g. the palm side of it
            return Location(site, region=region, surface=surface)
        if name in BODY_SITES:
            return Location(self.take()[3:])
        if name == "hamcorefref":
            self.take()
            return Location("corefref", region="coref", coref="ref")
        raise self.fail("a location (hamchest, hamchin, hamneutralspace, hampalm, hamfingertip, ...)")

    # -- actions -----------------------------------------------------------------------------
    def action(self, side: str = "r") -> Movement:
        prefix = self.modifiers({})  # repetition etc. may be written before the movement
        name = self.peek()
        if _straight_direction(name) is not None:
            move = self.straight()
        elif _suffix(name, "hamcircle") is not None:
            direction = _suffix(self.take(), "hamcircle")
            between = _suffix(self.take(), "hamcircle") if (
                self.peek() == "hambetween" and _suffix(self.peek(1), "hamcircle")) and self.take() else None
            move = Movement("circle", direction=direction, direction_between=between)
        elif name in SIMPLE_MOTIONS:
            kind = SIMPLE_MOTIONS[self.take()]
            move = Movement(kind, digits=self.digits() if kind == "fingerplay" else ())
        elif name == "hamreplace":
            move = self.replacement(side)
        elif name == "hamnomotion":
            self.take()
            move = Movement("none")
        elif name in GROUPS:
            move = self.group(side)
        elif self.starts_location() or name in SIDES:  # (a side without a site fails in location())
            move = Movement("target", target=self.location())
        elif name in CONTACTS or name in RELATIONS:
            contact, relation = self.contact_symbols()
            move = Movement("contact", contact=contact, relation=relation)
        elif prefix:
            return Movement("none", **prefix)  # a modifier with nothing after it in its group
        else:
            raise self.fail("a movement (hammove..., hamcircle..., hamreplace, hamseqbegin, ...)")
        return self.apply(move, self.modifiers(prefix))

    def straight(self) -> Movement:
        direction, between = self.direction("hammove")
        return Movement("straight", direction=direction, direction_between=between)

    def replacement(self, side: str) -> Movement:
        self.expect("hamreplace")
        prefix = self.modifiers({})
        if self.peek() == "hamparbegin" and (self.peek(1) in HANDSHAPES or self.starts_orientation_at(1)):
            self.take()  # one new configuration per hand
            dominant = self.replaced_hand("r")
            self.expect("hamplus")
            nondominant = self.replaced_hand("l")
            self.expect("hamparend")
            return _with(Movement("replace", hand=dominant, hand_nondominant=nondominant), **prefix)
        wrote_shape = self.peek() in HANDSHAPES
        hand = self.replaced_hand(side)
        if not wrote_shape and hand.finger_direction is None and hand.palm is None:
            raise self.fail("a handshape or orientation after hamreplace")
        return _with(Movement("replace", hand=hand), **prefix)

    def starts_orientation_at(self, ahead: int) -> bool:
        saved = self.i
        self.i += ahead
        try:
            return self.starts_orientation()
        finally:
            self.i = saved

    def replaced_hand(self, side: str) -> HandConfig:
        """The new configuration; without a written handshape the one in force is kept."""
        if self.peek() in HANDSHAPES:
            hand = self.hand()
            self.current[side] = hand.shape
            return hand
        return _with(self.orientation(), shape=self.current.get(side, Handshape("flathand")))

    def group(self, side: str) -> Movement:
        begin = self.take()
        end, kind = GROUPS[begin]
        hands: list[list[Movement]] = [[]]
        while self.peek() not in (end, None):
            if kind == "simultaneous" and self.peek() == "hamplus" and len(hands) == 1:
                self.take()  # the dominant hand's part ends; the other hand's begins
                hands.append([])
                continue
            if self.peek() in GROUP_ENDS:
                raise self.fail(end)  # another group's end: the brackets do not match
            hands[-1].append(self.action("l" if len(hands) == 2 else side))
        self.expect(end)
        if not hands[0] or (len(hands) == 2 and not hands[1]):
            self.i -= 1
            raise self.fail(f"a movement before {end}")
        if len(hands) == 2:
            return Movement("par", parts=tuple(_one(parts) for parts in hands))
        return Movement(kind, parts=tuple(hands[0]))

    def modifiers(self, fields: dict) -> dict:
        fields = dict(fields)
        while True:
            name = self.peek()
            if name in SIZES:
                fields["size"] = SIZES[self.take()]
            elif name in SPEEDS:
                fields["speed"] = SPEEDS[self.take()]
            elif name in REPEATS:
                value = REPEATS[self.take()]
                if "repeat" in fields:
                    fields["extra_repeats"] = fields.get("extra_repeats", ()) + (value,)
                else:
                    fields["repeat"] = value
            elif name in MANNERS:
                fields["manner"] = fields.get("manner", ()) + (MANNERS[self.take()],)
            elif name == "hametc":
                self.take()
                fields["manner"] = fields.get("manner", ()) + ("etc",)
            elif name == "hamalternatingmotion":
                self.take()
                fields["alternating"] = True
            elif name in ARCS:
                fields.setdefault("arc", ARCS[self.take()])  # a second arc refines; keep the first
            elif name in PATHS:
                fields["path"] = PATHS[self.take()]
            elif name in SPIRALS:
                fields["spiral"] = SPIRALS[self.take()]
            elif _suffix(name, "hamellipse"):
                fields["ellipse"] = _suffix(self.take(), "hamellipse")
            elif _suffix(name, "hamclock"):
                fields["clock"] = fields.get("clock", ()) + (_suffix(self.take(), "hamclock"),)
            else:
                return fields

    def apply(self, move: Movement, fields: dict) -> Movement:
        """Modifiers, then what a movement may end with: a target location and/or a contact."""
        if move.kind in ("straight", "circle") and self.peek() == "hambetween" and move.direction_between is None \
                and _suffix(self.peek(1), "hammove" if move.kind == "straight" else "hamcircle"):
            self.take()  # the between direction written after the modifiers
            fields["direction_between"] = self.take()[len("hammove" if move.kind == "straight" else "hamcircle"):]
            fields = self.modifiers(fields)
        if move.kind in ("straight", "circle", "cross", "x") and self.starts_location():
            fields["target"] = self.location()
            fields = self.modifiers(fields)
        if self.peek() in CONTACTS or self.peek() in RELATIONS:
            contact, relation = self.contact_symbols()
            fields.setdefault("contact", contact)
            fields.setdefault("relation", relation)
            fields = self.modifiers(fields)
        fields = {k: v for k, v in fields.items() if getattr(move, k) in (None, (), False, "normal")
                  or k in ("size", "speed")}
        return _with(move, **fields) if fields else move


def _one(parts: list[Movement]) -> Movement:
    return parts[0] if len(parts) == 1 else Movement("simultaneous", parts=tuple(parts))


def parse(notation: str) -> Sign:
    """Parse a HamNoSys notation (SiGML token names or Unicode) into a `Sign`.

    Raises `NotationError` naming the position, the symbol and what was expected.
    """
    if not notation or not notation.strip():
        raise NotationError("empty notation")
    parser = _Parser(notation)
    if not parser.symbols:
        raise NotationError("empty notation")
    return parser.signs()
