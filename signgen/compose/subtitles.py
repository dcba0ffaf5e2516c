"""Read a programme's subtitle file into timed cues of spoken text.

SRT, WebVTT, ASS/SSA and MicroDVD go through pysubs2; TTML (EBU-TT-D, IMSC, DFXP) through
ttconv, whose model is written back out as SRT for pysubs2 to read, so both paths share one
cue reader. Subtitles for the deaf and hard of hearing also describe sounds (``[MUSIC]``,
``(laughs)``, ``♪ ... ♪``) and name speakers (``JOHN:``, ``- ``): those are not speech, so they are
not signed and are left out of the cue text here.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pysubs2

from signgen.errors import InputError
from signgen.video.captions import Cue

PYSUBS2_SUFFIXES = (".srt", ".vtt", ".ass", ".ssa", ".sub")
TTML_SUFFIXES = (".ttml", ".dfxp", ".xml")
MAX_SUBTITLE_BYTES = 5_000_000

# Sound descriptions in brackets or parentheses and sung lines between music notes; then, at
# the start of a line, speaker labels (a name in capitals and a colon) and dialogue dashes.
_SOUNDS = re.compile(r"\[[^\]]*\]|\([^)]*\)|[♪♫][^♪♫]*[♪♫]?")
_SPEAKER = re.compile(r"^(?:-+|[A-Z][A-Z .'-]*:)\s*")


def read_subtitles(path: str | Path) -> list[Cue]:
    """The spoken cues of a subtitle file, in time order, with sound descriptions left out.

    Raises InputError naming the file for anything a user could get wrong: missing, unreadable,
    unsupported, malformed, or without a single cue of speech.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PYSUBS2_SUFFIXES + TTML_SUFFIXES:
        raise InputError(f"unsupported subtitle format {suffix or '(no extension)'}; use one of: "
                         + ", ".join(PYSUBS2_SUFFIXES + TTML_SUFFIXES), path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path) from exc
    if len(data) > MAX_SUBTITLE_BYTES:
        raise InputError(f"is larger than {MAX_SUBTITLE_BYTES // 1_000_000} MB; is it really a subtitle file?", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", path) from None
    srt_or_native = _ttml_as_srt(text, path) if suffix in TTML_SUFFIXES else text
    try:
        events = pysubs2.SSAFile.from_string(srt_or_native, format_="srt" if suffix in TTML_SUFFIXES else None)
    except pysubs2.exceptions.FormatAutodetectionError:
        raise InputError("is not a subtitle file signgen can read (SRT, WebVTT, ASS/SSA or TTML)", path) from None
    except (pysubs2.exceptions.Pysubs2Error, ValueError) as exc:
        raise InputError(f"cannot read the subtitles ({exc.__class__.__name__}: {exc})", path) from None
    cues = []
    for event in sorted(events, key=lambda e: (e.start, e.end)):
        if event.is_comment or event.end <= event.start:
            continue
        lines = _SOUNDS.sub(" ", event.plaintext).splitlines()
        spoken = " ".join(" ".join(_SPEAKER.sub("", line.strip()) for line in lines).split())
        if spoken:
            cues.append(Cue(max(event.start, 0) / 1000.0, event.end / 1000.0, spoken))
    if not cues:
        raise InputError("has no cues with spoken text", path)
    return cues


def _ttml_as_srt(text: str, path: Path) -> str:
    """A TTML document read with ttconv's IMSC reader and written back as SRT."""
    from ttconv.imsc.reader import to_model
    from ttconv.srt.writer import from_model

    try:
        tree = ElementTree.ElementTree(ElementTree.fromstring(text))
    except ElementTree.ParseError as exc:
        raise InputError(f"is not well-formed XML ({exc})", path) from None
    logging.getLogger("ttconv").setLevel(logging.ERROR)  # its warnings about styling are not ours to print
    try:
        document = to_model(tree)
    except Exception as exc:  # ttconv raises plain exceptions for documents outside TTML
        raise InputError(f"is not a TTML document ({exc})", path) from None
    if document is None:
        raise InputError("is not a TTML document", path)
    return from_model(document)
