"""Fuzz targets shared by the property tests (tests/test_fuzz.py, a few hundred cases each) and
the long runs (bench/fuzz.py, >= 10,000 cases each): for each stage, a hypothesis strategy of
hostile inputs and a check that raises AssertionError (or the stray exception) when the stage
misbehaves. A stage may refuse an input only with the project's own errors (`SigngenError`).
"""

from __future__ import annotations

import json
import re
import string
import tempfile
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from signgen.errors import NotationError, SigngenError

# --- text with the characters that break parsers ---------------------------------------------

_AWKWARD = [
    "\u200f", "\u202e", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",  # RTL marks, Hebrew, Arabic
    "e\u0301", "\u0301", "a\u0308\u0323", "\u20dd",  # combining marks, some with no base
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\x0c", "\t",  # controls
    "\ufeff", "\r\n", "\r", "\n\n", "\u00a0", "\u200b", "\u3000",  # BOMs, line ends, odd spaces
    "\U0001f600", "\U0001f1fa\U0001f1f8", "\ufffd", "\uffff", "\U0010ffff",  # emoji, specials
    "Dr.", "p.m.", "3.5", "$1,000", "100%", "#", "* ", "# ", "> ", "```", "---", "[a](b)", "_x_",
    "\u201cquote\u201d", "\u2014", "\u2026", "I.B.M.", "COVID-19", "e-mail", "o'clock",
]
_WORDS = ["the", "mayor", "said", "floods", "Smith", "on", "Tuesday", "at", "8", "p.m.", "Paris", "not",
          "why", "will", "rain", "1,250", "storm", "Ms", "Zhang", "the", "bridge", "closed", "."]

# Text pieces: plain words (so spaCy does real work), awkward characters, arbitrary code points
# (surrogates excluded: a str with one cannot be written to a file as UTF-8).
_pieces = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_AWKWARD),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    st.sampled_from([" ", " ", "  ", ". ", "? ", "! ", ", ", "\n", "\n\n"]),
)
hostile_text = st.lists(_pieces, max_size=60).map("".join)


def _long_line(size: int) -> st.SearchStrategy[str]:
    """One line of about ``size`` characters, no line break (the megabyte-line case)."""
    return st.sampled_from(["a", "word ", "\u05e9", "\U0001f600", ".", "x\u0301"]).map(
        lambda unit: unit * (size // len(unit.encode("utf-8"))))


# --- ingest ---------------------------------------------------------------------------------------

def _json_escape_surrogates(text: str) -> str:
    """JSON with lone surrogates written as escapes (legal JSON syntax, not legal text)."""
    return text.replace("\ud800", "\\ud800").replace("\udfff", "\\udfff")


@st.composite
def script_files(draw) -> tuple[str, bytes]:
    """(suffix, file bytes) of a .txt, .md or .json script built from hostile text."""
    suffix = draw(st.sampled_from([".txt", ".md", ".json"]))
    if draw(st.integers(0, 9)) == 0:  # one case in ten: a 70 kB or a just-over-1-MB line
        body = draw(_long_line(draw(st.sampled_from([70_000, 1_000_100]))))
    else:
        body = draw(hostile_text)
    if suffix == ".json":
        headline = draw(st.one_of(st.none(), hostile_text, st.integers()))
        slug = draw(st.one_of(hostile_text, st.sampled_from(["a", "a", "A!", ""])))
        stories = [{"slug": slug, "headline": headline, "body": body}]
        if draw(st.booleans()):
            stories.append({"slug": slug + "-2", "headline": None, "body": body + "\ud800 \\ud800"})
        text = json.dumps({"stories": stories}, ensure_ascii=draw(st.booleans()))
        # A lone surrogate can only arrive as an escape: str with one does not encode as UTF-8.
        text = text.replace("\ud800", "\\ud800") if "\ud800" in text else text
        # (Choices are drawn as numbers: a strategy built over megabyte strings would be kept in
        # hypothesis's strategy cache, ~1 GB per 1,000 cases.)
        broken = draw(st.integers(0, 3))
        text = text[: len(text) // 2] if broken == 2 else text.replace("{", "[", 1) if broken == 3 else text
    else:
        text = body
    data = text.encode("utf-8", "surrogatepass")
    framing = draw(st.integers(0, 3))
    if framing == 2:
        data = b"\xef\xbb\xbf" + data
    elif framing == 3:
        data = data.replace(b"\n", b"\r\n")
    return suffix, data


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_ingest(case: tuple[str, bytes]) -> None:
    """Reading a script yields well-formed stories or an InputError; nothing else."""
    from signgen.ingest import read_stories

    suffix, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"script{suffix}"
        path.write_bytes(data)
        try:
            stories = list(read_stories(path))  # a rundown reads its file as it goes
        except SigngenError:
            return
    for story in stories:
        assert _SLUG.fullmatch(story.slug), story.slug
        story.source.encode("utf-8")  # text only: no lone surrogates reach later stages
        previous_end = 0
        for start, end in story.blocks:
            assert previous_end <= start < end <= len(story.source), (story.blocks, len(story.source))
            assert story.source[start:end].strip(), "a block with nothing to sign"
            previous_end = end


# --- segmentation and glossing ----------------------------------------------------------------


def check_gloss(text: str) -> None:
    """Glossing text gives sentences in order inside the blocks, covering every word, and glosses
    whose source offsets index the text inside their sentence; or a SigngenError."""
    from signgen.gloss import gloss_story
    from signgen.ingest import story_from_text
    from signgen.text.normalize import normalize

    try:
        story = story_from_text(text)
        document = gloss_story(story)
    except SigngenError:
        return
    clean = normalize(story.source)
    previous_end = 0
    covered = bytearray(len(text))
    for sentence in document.sentences:
        assert previous_end <= sentence.start_char < sentence.end_char <= len(text), (sentence, previous_end)
        assert sentence.text.split() == clean[sentence.start_char:sentence.end_char].split()  # spaces collapse
        covered[sentence.start_char:sentence.end_char] = b"\x01" * (sentence.end_char - sentence.start_char)
        previous_end = sentence.end_char
        for gloss in sentence.glosses:
            start, end = gloss.source
            assert sentence.start_char <= start <= end <= sentence.end_char, (gloss, sentence.start_char, sentence.end_char)
            if gloss.kind != "pause":
                assert gloss.text == text[start:end] or gloss.text == clean[start:end], (gloss, text[start:end])
    for start, end in story.blocks:
        for i in range(start, end):
            assert covered[i] or clean[i].isspace(), f"character {i} ({clean[i]!r}) is in no sentence"


# --- HamNoSys parser ---------------------------------------------------------------------------


def _symbol_names() -> list[str]:
    from signgen.hamnosys.symbols import _tables

    return sorted(_tables()[0])


_names = st.deferred(lambda: st.sampled_from(_symbol_names()))
notations = st.one_of(
    st.lists(_names, max_size=30).map(" ".join),
    st.text(st.characters(min_codepoint=0xE000, max_codepoint=0xE0F1), max_size=30),
    st.lists(st.one_of(_names, st.sampled_from(["{", "|", "}", ",", "ham", "hamX", "x", "\u00e9", " "])),
             max_size=30).map(" ".join),
)


def check_parse(notation: str) -> None:
    """A notation parses into a Sign or raises NotationError; nothing else."""
    from signgen.hamnosys import Sign, parse

    try:
        result = parse(notation)
    except NotationError:
        return
    assert isinstance(result, Sign), type(result)


# --- synthesis -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon_notations() -> list[list[str]]:
    from signgen.lexicon import Lexicon

    lexicon = Lexicon.load("ase")
    entries = lexicon.entries + lexicon.letters + lexicon.numbers
    return [e.hamnosys.split() for e in entries]



# Symbol families for swaps (a handshape for a handshape, a place for a place), by name prefix.
_FAMILIES = ("hamextfinger", "hampalm", "hammove", "hamcircle", "hamarc", "hamrepeat", "hamfist", "hamflathand",
             "hamfinger", "hampinch", "hamcee", "hamthumb")


def _family(name: str) -> str:
    if name.endswith("mod"):
        return "modifier"
    return next((prefix for prefix in _FAMILIES if name.startswith(prefix)), "other")


@lru_cache(maxsize=1)
def _lexicon_families() -> dict[str, list[str]]:
    families: dict[str, list[str]] = {}
    for name in sorted({t for n in _lexicon_notations() for t in n}):
        families.setdefault(_family(name), []).append(name)
    return families


@st.composite
def sign_notations(draw) -> str:
    """A lexicon notation with one to three random edits: mostly a symbol swapped for another of
    its family that the lexicon uses, sometimes any symbol inserted or one dropped. Near-valid
    signs, so synthesis sees unusual but parseable combinations."""
    families = _lexicon_families()
    tokens = list(draw(st.sampled_from(_lexicon_notations())))
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["swap", "swap", "swap", "swap", "drop", "insert"]))
        at = draw(st.integers(0, max(0, len(tokens) - 1)))
        if action == "drop" and tokens:
            del tokens[at]
        elif action == "swap" and tokens:
            tokens[at] = draw(st.sampled_from(families[_family(tokens[at])]))
        else:
            tokens.insert(at, draw(_names))
    return " ".join(tokens)


def check_synthesis(notation: str, synthesizer, skeleton) -> bool:
    """Every notation that parses synthesises a clip whose joints stay within their limits, or
    raises NotationError. Returns whether the notation parsed (so callers can count real signs)."""
    from signgen.hamnosys import parse
    from signgen.motion.metrics import batch_forward, limit_violations

    try:
        sign = parse(notation)
    except NotationError:
        return False
    try:
        clip = synthesizer.synthesize(sign, "FUZZ")
    except NotationError:
        return True
    rot, pos = batch_forward(skeleton, clip.quaternions)
    bad = limit_violations(rot, pos, skeleton)
    assert not bad.any(), f"{int(bad.sum())} of {len(bad)} frames beyond a joint limit"
    return True
