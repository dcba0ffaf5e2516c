"""TTML (EBU-TT-D) sidecars: valid TTML, the same cues as the VTT, EBU-TT-D's constraints."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as et

from ttconv.imsc import reader as imsc_reader
from ttconv.vtt import reader as vtt_reader

from signgen.video.captions import CaptionStyle, Cue, split_cue, vtt_text, wrap_lines
from signgen.video.ttml import EBU_TT_D, TTML_NS, ttml_text

TTS = "{http://www.w3.org/ns/ttml#styling}"
STORY = ("Heavy snow closed the mountain road on Monday & the ferry to the island stopped for the day. "
         "Schools will open late. Police asked drivers to stay at home until the ploughs <finish>.")


def _cues() -> list[Cue]:
    sentences = re.split(r"(?<=\.) ", STORY)
    cues, t = [], 0.0
    for s in sentences:
        cues.extend(split_cue(Cue(t, t + 0.11 * len(s), s), 2 * CaptionStyle.max_chars_per_line))
        t += 0.11 * len(s) + 0.3  # a gap between sentences
    return cues + [Cue(t, t, "a zero-length cue is never shown")]


def _timed_text(doc) -> list[tuple[float, float, str]]:
    """(begin, end, text with lines joined by newlines) of each paragraph of a ttconv model."""
    out = []
    for p in doc.get_body().first_child():
        lines, current = [], []
        for child in p:
            if child.__class__.__name__ == "Br":
                lines.append("".join(current))
                current = []
            else:
                current.extend(t.get_text() for t in _texts(child))
        lines.append("".join(current))
        out.append((float(p.get_begin() or 0), float(p.get_end()), "\n".join(lines)))  # begin 0 may be left out
    return out


def _texts(element):
    if element.__class__.__name__ == "Text":
        yield element
    for child in element:
        yield from _texts(child)


def test_ttml_has_the_vtt_cues_in_the_ttml_namespace():
    cues = _cues()
    ttml, vtt = ttml_text(cues), vtt_text(cues)
    root = et.fromstring(ttml.encode("utf-8"))
    assert root.tag == f"{{{TTML_NS}}}tt"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    from_ttml = _timed_text(imsc_reader.to_model(et.ElementTree(root)))
    from_vtt = _timed_text(vtt_reader.to_model(io.StringIO(vtt)))
    assert len(from_ttml) == len([c for c in cues if c.showable]) >= 4
    assert from_ttml == from_vtt
    # Lines are broken as the burn-in breaks them: two at most, 37 characters at most.
    assert all(len(text.split("\n")) <= 2 and max(map(len, text.split("\n"))) <= 37 for _, _, text in from_ttml)
    assert from_ttml[0][2].split("\n") == wrap_lines(cues[0].text, 37)
    assert "&" in ttml and "<finish>" not in ttml  # escaped as XML


def test_ttml_follows_ebu_tt_d():
    root = et.fromstring(ttml_text(_cues()).encode("utf-8"))
    assert root.get("{http://www.w3.org/ns/ttml#parameter}timeBase") == "media"
    assert root.find(f".//{{urn:ebu:tt:metadata}}conformsToStandard").text == EBU_TT_D
    # Times are clock times with milliseconds.
    stamps = [p.get(k) for p in root.iter(f"{{{TTML_NS}}}p") for k in ("begin", "end")]
    assert stamps and all(re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3}", s) for s in stamps)
    # One region, placed in percent inside the title-safe area (90% of the picture).
    (region,) = root.iter(f"{{{TTML_NS}}}region")
    x, y = (float(v.rstrip("%")) for v in region.get(f"{TTS}origin").split())
    w, h = (float(v.rstrip("%")) for v in region.get(f"{TTS}extent").split())
    assert x >= 5 and y >= 5 and x + w <= 95 and y + h <= 95
    # Styles live in the head and are referenced by id; content carries no inline styling.
    style_ids = {s.get("{http://www.w3.org/XML/1998/namespace}id") for s in root.iter(f"{{{TTML_NS}}}style")}
    body = root.find(f"{{{TTML_NS}}}body")
    assert style_ids and all(not k.startswith(TTS) for e in body.iter() for k in e.attrib)
    assert {s.get("style") for s in body.iter(f"{{{TTML_NS}}}span")} <= style_ids
