"""TTML captions in the EBU-TT-D profile (EBU Tech 3380), written with ttconv.

Broadcasters' playout and web players (DASH, HbbTV) take EBU-TT-D: a TTML document with media
time, clock-time expressions, one bottom region inside the title-safe area given in percent, and
styles referenced by id. The document is built as ttconv's canonical model and serialised by its
IMSC writer (which already emits only the EBU-TT-D-compatible subset used here); the one thing
EBU-TT-D adds, the ``ebuttm:conformsToStandard`` declaration, goes into the head's metadata.
"""

from __future__ import annotations

import xml.etree.ElementTree as et
from fractions import Fraction
from pathlib import Path
from typing import Sequence

from ttconv import model
from ttconv import style_properties as styles
from ttconv.imsc import writer as imsc_writer
from ttconv.imsc.attributes import TimeExpressionSyntaxEnum
from ttconv.imsc.config import IMSCWriterConfiguration

from signgen.video.captions import CaptionStyle, Cue, wrap_lines, write_text_atomic

TTML_NS = "http://www.w3.org/ns/ttml"
TTP_NS = "http://www.w3.org/ns/ttml#parameter"
TTS_NS = "http://www.w3.org/ns/ttml#styling"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
EBUTTM_NS = "urn:ebu:tt:metadata"
EBU_TT_D = "urn:ebu:tt:distribution:2018-04"
# The region: the bottom of the 90% title-safe area, the width of the picture's safe area.
_SAFE_MARGIN_PCT = 5
_REGION_HEIGHT_PCT = 25
_MILLISECOND = Fraction(1, 1000)


def ttml_text(cues: Sequence[Cue], style: CaptionStyle = CaptionStyle(), language: str = "en") -> str:
    """An EBU-TT-D document (UTF-8 XML text) with the showable ``cues``, lines broken as in SRT/VTT."""
    tree = imsc_writer.from_model(_document(cues, style, language),
                                  IMSCWriterConfiguration(time_format=TimeExpressionSyntaxEnum.clock_time))
    root = tree.getroot()
    root.set(f"{{{TTP_NS}}}timeBase", "media")  # EBU-TT-D requires it said, though it is TTML's default
    head = _head(root)
    _styles_by_reference(root, head)
    _declare_ebu_tt_d(head)
    et.register_namespace("ebuttm", EBUTTM_NS)
    return et.tostring(root, encoding="unicode", xml_declaration=False).join(
        ('<?xml version="1.0" encoding="UTF-8"?>\n', "\n"))


def write_ttml(cues: Sequence[Cue], path: Path, style: CaptionStyle = CaptionStyle()) -> Path:
    """Write an EBU-TT-D sidecar atomically; returns ``path``."""
    return write_text_atomic(ttml_text(cues, style), Path(path))


def _document(cues: Sequence[Cue], style: CaptionStyle, language: str) -> model.ContentDocument:
    doc = model.ContentDocument()
    doc.set_lang(language)
    region = model.Region("bottom", doc)
    pct = styles.LengthType.Units.pct
    top = 100 - _SAFE_MARGIN_PCT - _REGION_HEIGHT_PCT
    region.set_style(styles.StyleProperties.Origin,
                     styles.CoordinateType(styles.LengthType(_SAFE_MARGIN_PCT, pct), styles.LengthType(top, pct)))
    region.set_style(styles.StyleProperties.Extent,
                     styles.ExtentType(styles.LengthType(_REGION_HEIGHT_PCT, pct),
                                       styles.LengthType(100 - 2 * _SAFE_MARGIN_PCT, pct)))
    region.set_style(styles.StyleProperties.DisplayAlign, styles.DisplayAlignType.after)
    region.set_style(styles.StyleProperties.TextAlign, styles.TextAlignType.center)
    doc.put_region(region)

    body = model.Body(doc)
    body.set_region(region)
    doc.set_body(body)
    div = model.Div(doc)
    body.push_child(div)
    for cue in (c for c in cues if c.showable):
        p = model.P(doc)
        p.set_begin(_seconds(cue.start_s))
        p.set_end(_seconds(cue.end_s))
        for k, line in enumerate(wrap_lines(cue.text, style.max_chars_per_line)):
            if k:
                p.push_child(model.Br(doc))
            p.push_child(_span(doc, line, style))
        div.push_child(p)
    return doc


def _span(doc: model.ContentDocument, line: str, style: CaptionStyle) -> model.Span:
    span = model.Span(doc)
    span.set_style(styles.StyleProperties.Color, styles.ColorType((*style.text_rgb, 255)))
    span.set_style(styles.StyleProperties.BackgroundColor,
                   styles.ColorType((*style.box_rgb, round(255 * style.box_alpha))))
    span.push_child(model.Text(doc, line))
    return span


def _seconds(value: float) -> Fraction:
    """Seconds as an exact millisecond count: the same rounding as the SRT and VTT stamps."""
    return Fraction(round(value * 1000)) * _MILLISECOND


def _head(root: et.Element) -> et.Element:
    head = root.find(f"{{{TTML_NS}}}head")
    if head is None:
        head = et.Element(f"{{{TTML_NS}}}head")
        root.insert(0, head)
    return head


def _styles_by_reference(root: et.Element, head: et.Element) -> None:
    """Move the writer's inline ``tts:*`` attributes on content elements into ``<styling>``.

    EBU-TT-D allows style attributes only on ``style`` and ``region`` elements; content refers
    to styles by id. Each distinct set of attributes becomes one ``<style xml:id="sN">``."""
    ids: dict[tuple, str] = {}
    styling = et.Element(f"{{{TTML_NS}}}styling")
    body = root.find(f"{{{TTML_NS}}}body")
    for element in body.iter() if body is not None else ():
        inline = tuple(sorted((k, v) for k, v in element.attrib.items() if k.startswith(f"{{{TTS_NS}}}")))
        if not inline:
            continue
        if inline not in ids:
            ids[inline] = f"s{len(ids) + 1}"
            et.SubElement(styling, f"{{{TTML_NS}}}style", {XML_ID: ids[inline], **dict(inline)})
        for key, _ in inline:
            del element.attrib[key]
        element.set("style", ids[inline])
    if ids:
        head.insert(0, styling)


def _declare_ebu_tt_d(head: et.Element) -> None:
    """Add ``<metadata><ebuttm:conformsToStandard>`` (EBU Tech 3380) at the top of ``head``."""
    metadata = et.Element(f"{{{TTML_NS}}}metadata")
    et.SubElement(metadata, f"{{{EBUTTM_NS}}}conformsToStandard").text = EBU_TT_D
    head.insert(0, metadata)
