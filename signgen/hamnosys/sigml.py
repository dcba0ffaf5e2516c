"""SiGML (HamNoSys-in-XML) input: ``<sigml><hns_sign gloss="...">`` elements -> signs.

Each manual symbol is an empty element named like the token (``<hamflathand/>``); the
non-manual tier's elements are kept as names for the face/head layer.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from signgen.errors import NotationError
from signgen.hamnosys.model import Sign
from signgen.hamnosys.parser import parse

_VALUE_ATTRIBUTES = ("tag", "picture", "value")  # what a non-manual element names, if anything


def parse_sigml(xml_text: str) -> list[tuple[str, Sign]]:
    """(gloss, Sign) for every ``hns_sign`` in a SiGML document, in document order.

    Raises `NotationError` for malformed XML, a document without signs, a sign kind other than
    ``hns_sign`` (e.g. gestural SiGML) or a manual notation that does not parse (the message
    names the sign by gloss and number).
    """
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise NotationError(f"SiGML is not well-formed XML: {exc}") from None
    if root.tag != "sigml":
        raise NotationError(f"SiGML root element is <{root.tag}>, expected <sigml>")
    signs = []
    for number, element in enumerate(root, start=1):
        if element.tag != "hns_sign":
            raise NotationError(f"sign {number}: <{element.tag}> is not supported, expected <hns_sign>")
        gloss = element.get("gloss", "")
        signs.append((gloss, _sign(element, f"sign {number} ({gloss or 'no gloss'})")))
    if not signs:
        raise NotationError("SiGML document has no <hns_sign> elements")
    return signs


def _sign(element: ET.Element, label: str) -> Sign:
    manual = element.find("hamnosys_manual")
    if manual is None:
        raise NotationError(f"{label}: no <hamnosys_manual>")
    names = [child.tag for child in manual]
    if not names:
        raise NotationError(f"{label}: empty <hamnosys_manual>")
    try:
        sign = parse(" ".join(names))
    except NotationError as exc:
        raise NotationError(f"{label}: {exc.problem}") from None
    nonmanual = element.find("hamnosys_nonmanual")
    return replace(sign, nonmanual=_nonmanual(nonmanual)) if nonmanual is not None else sign


def _nonmanual(element: ET.Element) -> tuple[str, ...]:
    """Every element under the non-manual tier, ``name`` or ``name:value``, depth first."""
    out = []
    for child in element.iter():
        if child is element:
            continue
        value = next((child.get(a) for a in _VALUE_ATTRIBUTES if child.get(a)), None)
        out.append(f"{child.tag}:{value}" if value else child.tag)
    return tuple(out)
