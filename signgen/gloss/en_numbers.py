"""Reading English number expressions into ASL number glosses (forms in `signgen.gloss.numbers`).

Rules here run first, on the raw tokens (punctuation still present), because the written form
carries the meaning: the hyphens of ``555-0100`` and ``3-2``, the colon of ``3:30``, the ``-`` of
``-5``. Each rule is ``(pieces, lexicon) -> pieces`` and only touches undecided pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation, localcontext

from signgen.gloss import numbers
from signgen.gloss.piece import Piece, lexicon_signs, sign_or_spell
from signgen.lexicon import Lexicon, fingerspelling
from signgen.text.segment import Token


def _pieces(glosses: list[tuple[str, str]], tokens: tuple[Token, ...], span=None) -> list[Piece]:
    """Number glosses -> pieces that all render the same source words."""
    return [Piece(tokens, gloss=g, kind=k, span=span) for g, k in glosses if g]  # type: ignore[arg-type]


def _is_int(text: str) -> bool:
    return text.isascii() and text.isdigit()


# --- clock times -------------------------------------------------------------------------------

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?(?:m\.?)?$", re.I | re.ASCII)
_PERIOD = {"a.m.": "am", "am": "am", "a.m": "am", "p.m.": "pm", "pm": "pm", "p.m": "pm"}
# An hour with its part of the day in words: '7 in the morning' is 7 a.m., '9 at night' 9 p.m.
_PERIOD_WORDS = {("in", "the", "morning"): "am", ("in", "the", "afternoon"): "pm",
                 ("in", "the", "evening"): "pm", ("at", "night"): "pm"}


def _clock_parts(text: str) -> tuple[int, int | None, str | None, bool] | None:
    """'3:30pm' -> (3, 30, 'pm', True); the bool says the text alone marks it as a time. A dot
    only makes a time with a.m./p.m. ('4.25pm', '4.25 p.m.'): alone, '4.25' is a decimal (a rate
    of 4.25 percent)."""
    match = _CLOCK.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), match.group(2)
    period = {"a": "am", "p": "pm"}.get((match.group(3) or "").lower())
    if hour > 24 or (minute is not None and int(minute) > 59):
        return None
    return hour, int(minute) if minute else None, period, bool((minute and ":" in text) or period)


def read_clock_times(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'8 p.m.' -> TIME 8 NIGHT, '3:30' -> TIME 3 30, '9am' -> TIME 9 MORNING, '7 o'clock' -> TIME 7."""
    signs = lexicon_signs(lexicon)
    out: list[Piece] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        parts = _clock_parts(piece.token.text) if piece.single else None
        after = pieces[index + 1] if index + 1 < len(pieces) else None
        marker = after.token.text.lower() if after and after.single else ""
        marked = marker in _PERIOD or marker == "o'clock"
        # '7 in the morning': only for an hour nothing else marks as a time
        words = _period_words(pieces, index + 1) if parts and not (parts[3] or marked) and parts[0] <= 12 else None
        if parts and (parts[3] or marked or words):
            hour, minute, period, _ = parts
            if words:
                period, used = words
            else:
                period, used = period or _PERIOD.get(marker), 2 if marked else 1
            tokens = tuple(p.token for p in pieces[index:index + used])
            out += [replace(p, role="clock") for p in _pieces(numbers.clock(hour, minute, period, signs), tokens)]
            index += used
            continue
        out.append(piece)
        index += 1
    return out


def _period_words(pieces: list[Piece], at: int) -> tuple[str, int] | None:
    """('am' or 'pm', pieces used with the hour) when 'in the morning', 'at night'... follows."""
    for phrase, period in _PERIOD_WORDS.items():
        window = pieces[at:at + len(phrase)]
        if len(window) == len(phrase) and all(p.single and p.token.text.lower() == w for p, w in zip(window, phrase)):
            return period, 1 + len(phrase)
    return None


# --- phone numbers, ranges and scores -------------------------------------------------------------


def read_phone_numbers(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'555-0100', '(555) 123-4567' -> digits group by group with pauses between groups."""
    out: list[Piece] = []
    index = 0
    while index < len(pieces):
        groups, used = _phone_at(pieces, index)
        if groups:
            tokens = tuple(p.token for p in pieces[index:index + used] if p.token.text not in "()-")
            out += _pieces(numbers.phone(groups), tokens)
            index += used
        else:
            out.append(pieces[index])
            index += 1
    return out


def _phone_at(pieces: list[Piece], index: int) -> tuple[list[str], int]:
    """Digit groups of a phone number starting at `index` (3-4, or 3-3-4 with optional brackets)."""
    first = pieces[index]
    if not first.single or not (first.token.text == "(" or _is_int(first.token.text)):
        return [], 0  # the common case, decided cheaply
    texts = [p.token.text if p.single else "\0" for p in pieces[index:index + 7]]
    shapes = (
        (["(", 3, ")", 3, "-", 4], 6),
        ([3, "-", 3, "-", 4], 5),
        ([3, "-", 4], 3),
    )
    for shape, used in shapes:
        if len(texts) < used:
            continue
        window = texts[:used]
        if all(_is_int(t) and len(t) == s if isinstance(s, int) else t == s for t, s in zip(window, shape)):
            return [t for t in window if _is_int(t)], used
    return [], 0


_RANGE_WORDS = {"-", "to", "through", "thru"}
# A sentence with one of these words gives a result ('won 2-1', 'beat them 3 to 0', 'voted 51-49'): the figures
# are a score, signed one after the other; UNTIL between them would say 'from 2 until 1'.
_SCORE_LEMMAS = frozenset("win beat defeat lose loss victory draw tie score lead trail edge rout vote".split())
# A decision taken by a count ('approved the change 5 to 2', 'the court ruled 6-3'), or a game's result
# told with a verb that has other senses too ('shut out the Kings 4-0', 'fell to the Celtics 110-98'):
# a tally when the figures run down, since a range runs up ('approved hiring 5 to 10 officers').
_TALLY_LEMMAS = frozenset("approve pass reject rule uphold overturn confirm adopt elect block "
                          "shut blank fall top down sweep stun upset crush rally".split())


def read_ranges(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'5 to 10', '5-10' -> 5 UNTIL 10 (the lexicon's sign for "until", else TO spelled); in a
    score ('won 2-1') or a tally ('approved it 5 to 2') the word between the figures is dropped."""
    lemmas = {p.token.lemma.lower() for p in pieces if p.single}
    score, tally = bool(lemmas & _SCORE_LEMMAS), bool(lemmas & _TALLY_LEMMAS)
    out: list[Piece] = []
    for index, piece in enumerate(pieces):
        left, right = pieces[index - 1] if index else None, pieces[index + 1] if index + 1 < len(pieces) else None
        if (
            left is not None and right is not None
            and piece.single and piece.token.text.lower() in _RANGE_WORDS
            and _FIGURE.match(left.token.text) and _FIGURE.match(right.token.text)
            and (left.single or left.kind == "number") and right.single
        ):
            before = pieces[index - 2] if index >= 2 else None
            if _is_int(left.token.text) and _is_int(right.token.text) and (score or (tally and _runs_down(left, right, before))):
                continue
            piece = sign_or_spell(piece, lexicon, "until", "TO")
        out.append(piece)
    return out


def _runs_down(left: Piece, right: Piece, before: Piece | None) -> bool:
    """Whole numbers running down ('5 to 2'), not told as a change ('cut from 10 to 5')."""
    told_as_change = before is not None and before.token.lemma.lower() == "from"
    return int(left.token.text) > int(right.token.text) and not told_as_change


# --- negatives, months ---------------------------------------------------------------------------


def read_negatives(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'minus 12', 'negative 3' and a '-' stuck to a figure ('- 5' is not) -> MINUS before the number."""
    out = list(pieces)
    for index, piece in enumerate(out[:-1]):
        nxt = out[index + 1]
        if not piece.single or not nxt.single or not nxt.token.like_num:
            continue
        word = piece.token.text.lower()
        attached = word == "-" and piece.token.end == nxt.token.start
        prev_num = index > 0 and out[index - 1].token.like_num
        if word in ("minus", "negative") or (attached and not prev_num):
            out[index] = sign_or_spell(piece, lexicon, "minus", "MINUS")
    return out


# ASL fingerspells most months in short form; March..July are short already.
_MONTHS = {
    "january": "JAN", "february": "FEB", "march": "MARCH", "april": "APRIL", "may": "MAY",
    "june": "JUNE", "july": "JULY", "august": "AUG", "september": "SEPT", "october": "OCT",
    "november": "NOV", "december": "DEC",
}
_MONTH_ABBR = {m[:3]: m for m in _MONTHS} | {"sept": "september"}


def month_of(token: Token) -> str | None:
    """The full month name a date token spells ('Dec.' -> 'december'), or None."""
    word = token.text.lower().rstrip(".")
    if token.ent_type != "DATE" or token.pos not in ("PROPN", "NOUN"):
        return None
    return word if word in _MONTHS else _MONTH_ABBR.get(word)


def read_months(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Month names: the lexicon's month sign if it has one, else the ASL short fingerspelling (DEC).

    Only an entry listed as a proper noun is a month's sign: 'may' and 'march' are also the
    modal MAYBE and the verb of a protest march.
    """
    out = []
    for piece in pieces:
        month = month_of(piece.token) if piece.single else None
        if month:
            entry = lexicon.find(month, "PROPN")
            piece = (replace(piece, gloss=entry.gloss, kind="sign", role="time") if entry and "PROPN" in entry.pos
                     else replace(piece, gloss=_MONTHS[month], kind="fingerspell", role="time", reason="name"))
        out.append(piece)
    return out


# --- cardinals, decimals, years, ordinals -----------------------------------------------------

_UNITS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine".split())}
_TEENS = {w: n + 10 for n, w in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: (n + 2) * 10 for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$", re.ASCII)
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I | re.ASCII)
# Longer figures (serial numbers, garbage) are read as one digit string instead.
_MAX_FIGURE = 24


@dataclass(frozen=True)
class _Num:
    """One number word or figure: kind is 'value', 'units', 'tens', 'hundred', 'scale' or 'ordinal'."""

    kind: str
    value: Decimal
    text: str


def _number_token(token: Token) -> _Num | None:
    text = token.text.lower()
    if len(text) > _MAX_FIGURE or (text == "one" and token.pos in ("NOUN", "PRON")):  # 'no one', 'the one'
        return None
    if _FIGURE.match(text):
        return _Num("value", Decimal(text.replace(",", "")), text)
    if match := _ORDINAL.match(text):
        return _Num("ordinal", Decimal(match.group(1)), text)
    for table, kind in ((_UNITS, "units"), (_TEENS, "value"), (_TENS, "tens")):
        if text in table:
            return _Num(kind, Decimal(table[text]), text)
    if text == "hundred":
        return _Num("hundred", Decimal(100), text)
    if text in _SCALES:
        return _Num("scale", Decimal(_SCALES[text]), text)
    return None


def _continues(prev: _Num, nxt: _Num) -> bool:
    """Whether `nxt` extends the number `prev` belongs to ('twenty four', '320 million')."""
    if prev.kind == "ordinal" or nxt.kind == "ordinal":
        return False
    if nxt.kind in ("hundred", "scale"):
        return prev.kind in ("value", "units", "tens") or (prev.kind == "hundred" and nxt.kind == "scale")
    if prev.kind == "tens":
        return nxt.kind == "units"
    if prev.kind in ("hundred", "scale"):
        return nxt.kind in ("units", "tens") or (nxt.kind == "value" and nxt.value < 100 and nxt.value % 1 == 0)
    return False


def _run_glosses(run: list[tuple[Token, _Num]], lexicon: Lexicon) -> list[tuple[str, str]]:
    """Glosses for number words/figures in a row."""
    signs = lexicon_signs(lexicon)
    first = run[0][1]
    if len(run) == 1 and first.kind == "ordinal":
        return numbers.ordinal(int(first.value), signs)
    if len(run) == 1 and _is_year(run[0][0], first):
        return numbers.year(int(first.value), signs)
    last = run[-1][1]
    if len(run) == 2 and last.kind == "scale" and first.kind == "value" and first.value % 1:
        # '$4.5 billion' is signed 4 POINT 5 BILLION, not as 4,500,000,000.
        scale = signs(last.text) or fingerspelling(last.text)
        return numbers.decimal(first.text, signs) + [(scale, "sign" if signs(last.text) else "fingerspell")]
    with localcontext() as context:
        context.prec = 80  # exact for any run of figures up to _MAX_FIGURE digits with scales
        value = _accumulate(run)
    if value == value.to_integral_value():
        return numbers.cardinal(int(value), signs)
    return numbers.decimal(format(value.normalize(), "f"), signs)


def _is_year(token: Token, num: _Num) -> bool:
    return token.ent_type == "DATE" and num.kind == "value" and len(num.text) == 4 and 1000 <= num.value <= 2999


def _accumulate(run: list[tuple[Token, _Num]]) -> Decimal:
    total = current = Decimal(0)
    for _, num in run:
        if num.kind in ("value", "units", "tens", "ordinal"):
            current += num.value
        elif num.kind == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * num.value
            current = Decimal(0)
    return total + current


def _split_mixed(piece: Piece, lexicon: Lexicon) -> list[Piece] | None:
    """A token mixing letters and digits ('COVID-19', 'A380') -> letters spelled, digits as numbers;
    letters the lexicon has as a sign of their own are signed (the COVID of COVID-19)."""
    token = piece.token
    if not any(ch.isdigit() for ch in token.text):
        return None
    parts = []
    decade = re.fullmatch(r"(\d{4})s", token.text)
    if decade and 1000 <= int(decade.group(1)) <= 2999:  # 'the 1990s': the year's two halves, 19 90
        return [Piece((token,), gloss=gloss, kind=kind, span=(token.start, token.end - 1))
                for gloss, kind in numbers.year(int(decade.group(1)), lexicon_signs(lexicon))]
    for match in re.finditer(r"\d+|[^\W\d_]+", token.text):
        span = (token.start + match.start(), token.start + match.end())
        if match.group() == "s" and parts and parts[-1].kind == "number":
            continue  # the plural of a number ('temperatures in the 90s'): the number is signed
        if match.group().isdigit():
            if match.group().isascii():  # other scripts' digits are left out
                digits = match.group().lstrip("0") or "0"
                parts.append(Piece((token,), gloss=digits, kind="number", span=span))
        elif len(match.group()) > 1 and (entry := lexicon.sign(match.group().upper())):
            parts.append(Piece((token,), gloss=entry.gloss, kind="sign", span=span))
        elif gloss := fingerspelling(match.group()):
            parts.append(Piece((token,), gloss=gloss, kind="fingerspell", span=span, reason="abbreviation"))
    return parts


# 'several hundred', 'a few thousand': the quantifier says how many, so the scale word is signed
# alone (FEW HUNDRED), not as the number 100 (FEW 1 HUNDRED).
_VAGUE_QUANTIFIERS = frozenset({"several", "few", "many", "some"})


def drop_number_abbreviation(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'the No. 1 seed', 'the No. 2 official': the abbreviation of *number* is carried by the
    numeral after it (#1 SEED), not signed as the negation NONE. spaCy splits 'No.' into 'No' and
    '.', so the rule looks for that pair written together before a figure; the full stop is left
    to `drop_punctuation`."""
    return [piece for index, piece in enumerate(pieces) if not _number_abbreviation_at(pieces, index)]


def _number_abbreviation_at(pieces: list[Piece], index: int) -> bool:
    """Whether piece `index` is the 'No' of 'No.' written directly before a figure."""
    if index + 2 >= len(pieces):
        return False
    word, stop, figure = pieces[index:index + 3]
    return (all(p.single for p in (word, stop, figure)) and word.token.text == "No" and stop.token.text == "."
            and stop.token.start == word.token.end and figure.token.like_num)


def gloss_numbers(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """Figures and number words -> ASL number glosses ('1,200' -> 1 THOUSAND 2 HUNDRED, 'four' -> 4)."""
    result: list[Piece] = []
    run: list[tuple[Token, _Num]] = []

    def flush() -> None:
        if run:
            tokens = tuple(t for t, _ in run)
            try:
                glosses = _run_glosses(run, lexicon)
                if (len(run) == 1 and run[0][1].kind in ("hundred", "scale") and result
                        and result[-1].token.lemma.lower() in _VAGUE_QUANTIFIERS):
                    glosses = glosses[-1:]  # the scale word alone
                result.extend(_pieces(glosses, tokens))
            except (InvalidOperation, ValueError):  # absurd figures: read the digits
                result.extend(_pieces(numbers.digits("".join(t.text for t in tokens)), tokens))
            run.clear()

    for index, piece in enumerate(pieces):
        if run and run[-1][1].kind == "tens" and piece.single and piece.token.text == "-":
            continue  # 'twenty-four' is one number
        num = _number_token(piece.token) if piece.single else None
        if num and run and not _continues(run[-1][1], num):
            flush()
        if num:
            run.append((piece.token, num))
            continue
        flush()
        mixed = _split_mixed(piece, lexicon) if piece.single else None
        result += mixed if mixed is not None else [piece]
    flush()
    return result


# --- numeral incorporation -------------------------------------------------------------------------

def incorporate_numerals(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'two weeks' -> TWO-WEEK: ASL makes some signs with the number's handshape, one sign for
    the number and its unit (WEEK, MONTH, HOUR, MINUTE, DOLLAR with 1-9), for a time before or
    after now ('two weeks ago' TWO-WEEKS-AGO, 'in three years' IN-THREE-YEARS) and for an age
    ('5 years old', 'a 5-year-old' AGE-FIVE). Which ones is lexicon data: a number and the next
    word (a hyphen between allowed: 'a two-week closure') become one sign when the lexicon has
    the phrase, tried longest first: 'in N units' (taking the 'in' before), 'N units ago' or
    'N units old' (taking the word after), 'N units' ('1 week' for one: WEEK itself, made with
    the index). It runs after the currency rule, so '$5' (5 DOLLAR by then) is FIVE-DOLLAR too."""
    result: list[Piece] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        unit_at = index + 1
        if unit_at < len(pieces) and pieces[unit_at].single and pieces[unit_at].token.text == "-":
            unit_at += 1
        found = None
        if piece.kind == "number" and (piece.gloss or "").isdigit() and unit_at < len(pieces) \
                and not (result and result[-1].tokens == piece.tokens):
            found = _numeral_sign(int(piece.gloss or 0), result, pieces, unit_at, lexicon)
        if found is None:
            result.append(piece)
            index += 1
            continue
        gloss, before, end, when = found
        joined = result[len(result) - before:] + pieces[index:end]
        del result[len(result) - before:]
        # 'two weeks ago', 'in three years' say when, like a date: a topic, fronted ('two weeks'
        # is a duration, '5 years old' an age: they stay where they are)
        result.append(Piece(tuple(t for p in joined for t in p.tokens), gloss=gloss, kind="sign",
                            role="time" if when else None))
        index = end
    return result


def _numeral_sign(value: int, done: list[Piece], pieces: list[Piece], unit_at: int,
                  lexicon: Lexicon) -> tuple[str, int, int, bool] | None:
    """The numeral-incorporating sign for ``value`` and the unit at ``unit_at``: its gloss, how
    many pieces before it takes in (an 'in'), the index after its last piece, and whether it says
    when (before or after now); None if the lexicon has none."""
    unit = _unit_word(pieces[unit_at])
    if not unit:
        return None
    units = f"{value} {unit}" + ("" if value == 1 else "s")
    follows_at = unit_at + 1
    if follows_at + 1 < len(pieces) and pieces[follows_at].single and pieces[follows_at].token.text == "-":
        follows_at += 1  # 'a 5-year-old boy'
    nxt = pieces[follows_at] if follows_at < len(pieces) else None
    follows = nxt.token.lemma.lower() if nxt is not None and nxt.single else ""
    since = bool(done) and done[-1].single and done[-1].token.text.lower() == "in" and _ahead(done[:-1])
    tries = [(f"in {units}", 1, unit_at + 1, True)] if since else []
    if follows in ("ago", "old"):
        tries.append((f"{units} {follows}", 0, follows_at + 1, follows == "ago"))
    tries.append((units, 0, unit_at + 1, False))
    for phrase, before, end, when in tries:
        entry = lexicon.find(phrase)
        if entry is not None:
            return entry.gloss, before, end, when
    return None


def _ahead(before: list[Piece]) -> bool:
    """Whether an 'in N units' after these pieces looks ahead from now (*will close in two years*,
    *In five years, ...*) rather than back over a span (*the first increase in five years*, *the
    lowest level in 30 years*, *rents have doubled in five years*): the span follows a noun, an
    adjective or a verb in the past, the future a verb in the present or the future."""
    if not before:
        return True
    last = before[-1].token
    return last.pos not in ("NOUN", "PROPN", "ADJ") and last.tag not in ("VBD", "VBN")


def _unit_word(piece: Piece) -> str | None:
    """The word a piece after a number names: its lemma if undecided, else the sign it became
    ('$5': the dollar sign is already DOLLAR, after the amount)."""
    if piece.single:
        return piece.token.lemma.lower()
    return piece.gloss.lower() if piece.kind == "sign" and piece.gloss else None


# --- money and percent ------------------------------------------------------------------------

_CURRENCY = {"$": ("dollar", "DOLLAR"), "€": ("euro", "EURO"), "£": ("pound", "POUND"), "¥": ("yen", "YEN")}
# Symbols that stand for words and must survive drop_punctuation.
SYMBOL_WORDS = frozenset(_CURRENCY) | {"%"}
_CENTS = re.compile(r"^\d[\d,]*\.\d\d$", re.ASCII)


def currency_after_number(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'$3 million' is signed 3 MILLION DOLLAR; '$3.50' is 3 DOLLAR 50 CENT."""
    result = list(pieces)
    index = 0
    while index < len(result):
        piece = result[index]
        if not piece.single or piece.token.text not in _CURRENCY:
            index += 1
            continue
        lemma, spelled = _CURRENCY[piece.token.text]
        currency = sign_or_spell(piece, lexicon, lemma, spelled)
        end = index + 1
        while end < len(result) and result[end].decided and _is_amount(result[end]):
            end += 1
        amount = result[index + 1:end]
        cents = _with_cents(amount, currency, lexicon) if lemma == "dollar" else None
        replacement = cents or amount + [currency]
        result[index:end] = replacement
        index += len(replacement)
    return result


def _with_cents(amount: list[Piece], currency: Piece, lexicon: Lexicon) -> list[Piece] | None:
    """'$3.50' -> 3 DOLLAR 50 CENT, when the amount is one figure with two decimals and CENT is a sign."""
    tokens = {p.tokens for p in amount}
    cent = lexicon.find("cent")
    if not amount or len(tokens) != 1 or not cent or not _CENTS.match(amount[0].token.text):
        return None
    whole, fraction = amount[0].token.text.replace(",", "").split(".")
    signs = lexicon_signs(lexicon)
    token = amount[0].tokens
    out = _pieces(numbers.cardinal(int(whole), signs), token) if int(whole) else []
    out += [currency] if int(whole) else []
    if int(fraction):
        out += _pieces(numbers.cardinal(int(fraction), signs), token) + [Piece(token, gloss=cent.gloss, kind="sign")]
    return out or None


def _is_amount(piece: Piece) -> bool:
    return piece.kind == "number" or piece.token.pos == "NUM" or piece.token.like_num


def percent_sign(pieces: list[Piece], lexicon: Lexicon) -> list[Piece]:
    """'%' -> PERCENT."""
    return [sign_or_spell(p, lexicon, "percent", "PERCENT") if p.single and p.token.text == "%" else p for p in pieces]
