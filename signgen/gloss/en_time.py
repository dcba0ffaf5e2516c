"""Time phrases that keep their parts together: a day with its hour, and a range of them.

ASL sets the larger unit first and the part of the day before the hour: *Friday at 10 p.m.* is
FRIDAY NIGHT 10, and *from Friday at 10 p.m. until Sunday at 6 a.m.* is one topic,
FRIDAY NIGHT 10 UNTIL SUNDAY MORNING 6, that `signgen.gloss.asl_order.time_first` moves to the
front of its clause as a whole (a single bound, *open until 9 p.m.*, stays where it is).

Runs after `signgen.gloss.en_numbers.read_clock_times` (clock pieces carry the role ``clock``).
"""

from __future__ import annotations

from dataclasses import replace

from signgen.gloss.piece import Piece, sign_or_spell
from signgen.lexicon import Lexicon

_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight yesterday".split())
_DAY_PARTS = frozenset({"MORNING", "AFTERNOON", "NIGHT", "NOON", "MIDNIGHT"})
# Words between a day and its hour ('Friday at 10', 'Friday, 10 p.m.') and before a range.
_JOINERS = frozenset({"at", "on", ","})
_OPENERS = frozenset({"from", "between"})
_RANGE_WORDS = frozenset({"until", "till", "to", "through", "and"})
# 'between 7 and 9' is a range; 'at 7 a.m. and 9 p.m.' is two times, so 'and' links a range
# only after 'between'.
_AND_NEEDS = "between"


def _word(piece: Piece) -> str:
    return piece.token.text.lower() if piece.single else ""


def _clock_run(pieces: list[Piece], at: int) -> int:
    """How many pieces from `at` form one clock time (they share the role and the tokens)."""
    end = at
    while end < len(pieces) and pieces[end].role == "clock" and pieces[end].tokens == pieces[at].tokens:
        end += 1
    return end - at


def _is_day(pieces: list[Piece], at: int) -> bool:
    return at < len(pieces) and pieces[at].single and pieces[at].token.lemma.lower() in _DAYS


def _day(piece: Piece, lexicon: Lexicon, role: str) -> Piece:
    """A day word as its sign (or spelled), in a time phrase of ``role``."""
    return replace(sign_or_spell(piece, lexicon, piece.token.lemma, piece.token.text), role=role)


def _until(piece: Piece, lexicon: Lexicon) -> Piece:
    """The word joining a range ('to', 'through', 'until') as the lexicon's UNTIL."""
    until = lexicon.find("until") or lexicon.find("to")
    return (replace(piece, gloss=until.gloss, kind="sign", role="time-range") if until
            else replace(sign_or_spell(piece, lexicon, "until", "UNTIL"), role="time-range"))


def _point(pieces: list[Piece], at: int, bare_clock: bool = False) -> tuple[int | None, int, int] | None:
    """A day with its hour at `at`: (day index, clock start, clock length), in either order
    ('Friday at 10 p.m.', '10 p.m. on Friday'). With `bare_clock`, an hour alone is a point too
    (day None: the ends of a range '10 p.m. to 6 a.m.'). None when there is no point at `at`."""
    if _is_day(pieces, at):
        clock = at + 1
        while clock < len(pieces) and _word(pieces[clock]) in _JOINERS:
            clock += 1
        length = _clock_run(pieces, clock)
        return (at, clock, length) if length else None
    length = _clock_run(pieces, at)
    if length:
        day = at + length
        while day < len(pieces) and _word(pieces[day]) in _JOINERS:
            day += 1
        if _is_day(pieces, day):
            return (day, at, length)
        if bare_clock:
            return (None, at, length)
    return None


def _day_then_hour(pieces: list[Piece], point: tuple[int | None, int, int], lexicon: Lexicon,
                   role: str) -> list[Piece]:
    """FRIDAY NIGHT 10: the day, the part of the day, the hour (the clock's TIME sign dropped).
    An hour without a day keeps its clock form (TIME 10 NIGHT)."""
    day, clock, length = point
    clock_pieces = pieces[clock:clock + length]
    if day is None:
        return [replace(p, role=role) for p in clock_pieces]
    day_piece = _day(pieces[day], lexicon, role)
    time_sign = lexicon.find("time")
    parts = [p for p in clock_pieces if p.gloss in _DAY_PARTS]
    hour = [p for p in clock_pieces if p not in parts and not (time_sign and p.gloss == time_sign.gloss and parts)]
    return [day_piece] + [replace(p, role=role) for p in parts + hour]


def _end(point: tuple[int | None, int, int]) -> int:
    day, clock, length = point
    return max(day + 1 if day is not None else 0, clock + length)


def _day_range(pieces: list[Piece], at: int, opener: str) -> tuple[int, int] | None:
    """Two days without hours joined as a range ('from Friday to Sunday', 'Monday through
    Friday', 'between Monday and Friday'): their indices, else None. 'Monday and Tuesday' is two
    days, not a range."""
    if (_is_day(pieces, at) and at + 2 < len(pieces) and _links_range(pieces[at + 1], opener)
            and _is_day(pieces, at + 2)):
        return at, at + 2
    return None


def _days_until(pieces: list[Piece], days: tuple[int, int], lexicon: Lexicon) -> list[Piece]:
    """FRIDAY UNTIL SUNDAY, one time phrase (role ``time-range``)."""
    first, second = days
    return [_day(pieces[first], lexicon, "time-range"), _until(pieces[first + 1], lexicon),
            _day(pieces[second], lexicon, "time-range")]


def _links_range(piece: Piece, opener: str) -> bool:
    """Whether the word after a first time joins it to a second one as a range."""
    word = _word(piece)
    return word in _RANGE_WORDS and (word != "and" or opener == _AND_NEEDS)


def read_day_times(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'Friday at 10 p.m.' -> FRIDAY NIGHT 10; 'from Friday at 10 p.m. until Sunday at 6 a.m.' ->
    FRIDAY NIGHT 10 UNTIL SUNDAY MORNING 6, one time phrase (role ``time-range``); so is a range
    of hours, 'from 10 p.m. to 6 a.m.' -> TIME 10 NIGHT UNTIL TIME 6 MORNING, and of days,
    'from Friday to Sunday' -> FRIDAY UNTIL SUNDAY."""
    out: list[Piece] = []
    index = 0
    while index < len(pieces):
        start = index + 1 if _word(pieces[index]) in _OPENERS else index
        first = _point(pieces, start, bare_clock=True)
        if first is None:
            days = _day_range(pieces, start, _word(pieces[index]))
            if days is not None:
                out += _days_until(pieces, days, lexicon)
                index = days[1] + 1
                continue
            out.append(pieces[index])
            index += 1
            continue
        middle = _end(first)
        second = None
        if middle < len(pieces) and _links_range(pieces[middle], _word(pieces[index])):
            second = _point(pieces, middle + 1, bare_clock=True)
        if second is None and first[0] is None:  # an hour alone, no range: left as it is
            out.append(pieces[index])
            index += 1
            continue
        if second is None:
            out += [p for p in pieces[index:start]] + _day_then_hour(pieces, first, lexicon, "time")
            index = middle
            continue
        out += (_day_then_hour(pieces, first, lexicon, "time-range") + [_until(pieces[middle], lexicon)]
                + _day_then_hour(pieces, second, lexicon, "time-range"))
        index = _end(second)
    return out
