"""HamNoSys 4 notation: symbols, the phonological model, the parser, SiGML input, checks."""

from signgen.hamnosys.check import check_lines
from signgen.hamnosys.model import (
    Constellation, FingerSpec, HandConfig, Handshape, Location, Movement, Sign,
)
from signgen.hamnosys.parser import parse
from signgen.hamnosys.sigml import parse_sigml

__all__ = ["Constellation", "FingerSpec", "HandConfig", "Handshape", "Location", "Movement", "Sign",
           "check_lines", "parse", "parse_sigml"]
