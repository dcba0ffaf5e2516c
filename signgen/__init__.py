"""signgen: news text to sign-language avatar video."""

__version__ = "0.1.0"
