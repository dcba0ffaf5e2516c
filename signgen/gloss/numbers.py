"""ASL number forms as gloss sequences, independent of English parsing.

Every function returns a list of ``(gloss, kind)`` pairs:

- kind ``"number"``: an ASCII digit string the lexicon signs as one number sign when it has the
  value (0-10 in the starter lexicon), otherwise digit by digit (``27`` is signed 2 then 7,
  which is how ASL signs 11-99 without a dedicated sign);
- kind ``"sign"``: a lexicon gloss such as ``HUNDRED``, ``POINT``, ``TIME``, ``MORNING``;
- kind ``"fingerspell"``: letters, for a word the lexicon cannot sign;
- kind ``"pause"``: a short hold between digit groups (phone numbers).

`Signs` maps an English word (``"hundred"``, ``"point"``) to the gloss the lexicon has for it,
or None; the caller builds it from the lexicon, so these functions never guess a gloss that
cannot be performed.
"""

from __future__ import annotations

from typing import Callable

Gl = tuple[str, str]
Signs = Callable[[str], str | None]

# Scale words from the largest down; 'hundred' is handled inside each three-digit group.
_SCALES = ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"))
MAX_CARDINAL = 10**12 - 1


def _word(signs: Signs, word: str) -> Gl:
    """The lexicon's sign for `word`, else the word fingerspelled (never lost)."""
    gloss = signs(word)
    return (gloss, "sign") if gloss else ("".join(ch for ch in word.upper() if ch.isalpha()), "fingerspell")


def digits(text: str) -> list[Gl]:
    """Each digit as its own number gloss (after a decimal point, phone numbers)."""
    return [(d, "number") for d in text if d.isascii() and d.isdigit()]


def _group(value: int, signs: Signs) -> list[Gl]:
    """1..999 -> e.g. 3 HUNDRED 20; without a HUNDRED sign the figure is one digit string."""
    hundreds, rest = divmod(value, 100)
    if hundreds and not signs("hundred"):
        return [(str(value), "number")]
    out: list[Gl] = [(str(hundreds), "number"), (signs("hundred"), "sign")] if hundreds else []
    if rest:
        out.append((str(rest), "number"))
    return out


def cardinal(value: int, signs: Signs) -> list[Gl]:
    """A whole number 0..999,999,999,999 the ASL way: 320,000,000 -> 3 HUNDRED 20 MILLION.

    Each scale (THOUSAND, MILLION, BILLION) must be a lexicon sign; if one the number needs is
    missing, or the number is out of range, it is given as one digit string (signed digit by digit).
    """
    if value < 0:
        return [_word(signs, "minus"), *cardinal(-value, signs)]
    if value == 0 or value > MAX_CARDINAL:
        return [(str(value), "number")]
    out: list[Gl] = []
    rest = value
    for scale, word in _SCALES:
        count, rest = divmod(rest, scale)
        if not count:
            continue
        gloss = signs(word)
        if not gloss:
            return [(str(value), "number")]
        out += _group(count, signs) + [(gloss, "sign")]
    if rest:
        out += _group(rest, signs)
    return out


def decimal(text: str, signs: Signs) -> list[Gl]:
    """'2.5' -> 2 POINT 5; '0.75' -> 0 POINT 7 5 (fraction digits one by one, as signed)."""
    sign = text.startswith("-")
    whole, _, fraction = text.lstrip("-+").replace(",", "").partition(".")
    out = [_word(signs, "minus")] if sign else []
    out += cardinal(int(whole or "0"), signs)
    if fraction.strip("0"):
        out += [_word(signs, "point"), *digits(fraction.rstrip("0"))]
    return out


def year(value: int, signs: Signs) -> list[Gl]:
    """Years are signed in two halves: 2027 -> 20 27, 1990 -> 19 90; 2000-2009 -> 2 THOUSAND (5)."""
    if not 1000 <= value <= 2999:
        return cardinal(value, signs)
    high, low = divmod(value, 100)
    if value % 1000 < 10 and signs("thousand"):
        return cardinal(value, signs)
    if low == 0:
        return [(str(high), "number"), _word(signs, "hundred")]
    tail = [(str(low), "number")] if low >= 10 else [("0", "number"), (str(low), "number")]
    return [(str(high), "number"), *tail]


def clock(hour: int, minute: int | None, period: str | None, signs: Signs) -> list[Gl]:
    """'8 p.m.' -> TIME 8 NIGHT; '3:30 pm' -> TIME 3 30 AFTERNOON; '9:05 a.m.' -> TIME 9 0 5 MORNING.

    period is 'am', 'pm' or None. Afternoon runs to 5 p.m.; later hours are NIGHT.
    """
    out = [_word(signs, "time"), (str(hour), "number")]
    if minute:
        out += [(str(minute), "number")] if minute >= 10 else [("0", "number"), (str(minute), "number")]
    if period == "am":
        out.append(_word(signs, "morning"))
    elif period == "pm":
        out.append(_word(signs, "afternoon" if hour == 12 or hour < 6 else "night"))
    return out


def phone(groups: list[str]) -> list[Gl]:
    """Digit groups ('555', '0100') -> each digit, with a pause between groups."""
    out: list[Gl] = []
    for index, group in enumerate(groups):
        if index:
            out.append(("PAUSE", "pause"))
        out += digits(group)
    return out


_ORDINAL_SUFFIX = {1: "ST", 2: "ND", 3: "RD"}


def ordinal(value: int, signs: Signs) -> list[Gl]:
    """1st..9th as the lexicon's ordinal signs (1ST, 2ND...) when it has them, else the cardinal.

    ASL ordinals above ninth are usually signed as the cardinal in context.
    """
    if 1 <= value <= 9:
        word = f"{value}{_ORDINAL_SUFFIX.get(value, 'TH')}"
        gloss = signs(word.lower())
        if gloss:
            return [(gloss, "sign")]
    return cardinal(value, signs)
