"""HamNoSys 4 notation: symbols, the phonological model, and the parser."""

from signgen.hamnosys.model import HandConfig, Handshape, Location, Movement, Sign
from signgen.hamnosys.parser import parse

__all__ = ["HandConfig", "Handshape", "Location", "Movement", "Sign", "parse"]
