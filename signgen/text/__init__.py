"""Text stage: offset-preserving normalisation and spaCy segmentation."""

from signgen.text.normalize import normalize
from signgen.text.models import load_pipeline
from signgen.text.segment import Sentence, Token, segment, segment_stories

__all__ = ["Sentence", "Token", "load_pipeline", "normalize", "segment", "segment_stories"]
