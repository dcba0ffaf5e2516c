"""Colour maths for looks: sRGB to the renderer's linear colours, per-region vertex colours, and
WCAG 2 relative luminance and contrast ratio (how the hands' contrast with the top is judged)."""

from __future__ import annotations

import numpy as np

from signgen.avatar.asset import REGIONS
from signgen.avatar.look import Look, hex_rgb

_GAMMA = 2.2  # pyrender's fragment shader ends with pow(colour, 1/2.2); invert exactly that


def srgb_to_linear(hex_colour: str, field: str = "colour") -> np.ndarray:
    """``#rrggbb`` -> (3,) float32 linear RGB in [0, 1] (the renderer's shader re-applies gamma)."""
    srgb = np.array(hex_rgb(hex_colour, f"look.{field}"), np.float64) / 255.0
    return (srgb ** _GAMMA).astype(np.float32)


def region_colours(look: Look) -> np.ndarray:
    """(R, 3) float32 linear RGB per region value of ``REGIONS``."""
    skin = srgb_to_linear(look.skin)
    named = {
        "skin": skin, "top": srgb_to_linear(look.top), "trousers": srgb_to_linear(look.trousers),
        "shoes": srgb_to_linear(look.shoes), "hair": srgb_to_linear(look.hair),
        "eye_white": srgb_to_linear("#e6e2da"), "iris": srgb_to_linear(look.eyes),
        "pupil": srgb_to_linear("#0a0a0a"), "teeth": srgb_to_linear("#e8e2d0"),
        "tongue": srgb_to_linear("#b4545a"), "lips": srgb_to_linear(look.lips),
        "lashes": srgb_to_linear(look.hair) * 0.5,
        "nails": skin * 0.85 + srgb_to_linear("#f0d0c8") * 0.15,
        "mouth": srgb_to_linear("#5a2326"),
        "brows": srgb_to_linear(look.hair) * 0.8 + skin * 0.2,
    }
    out = np.zeros((max(REGIONS.values()) + 1, 3), np.float32)
    for name, value in REGIONS.items():
        out[value] = named[name]
    return out


def background_srgb(look: Look) -> np.ndarray:
    """(3,) float32 sRGB in [0, 1] of the background (the GL clear colour is not gamma-corrected)."""
    return srgb_to_linear(look.background, "background") ** np.float32(1.0 / _GAMMA)


def relative_luminance(srgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (..., 3) in [0, 1]."""
    c = np.asarray(srgb, np.float64)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(a: np.ndarray, b: np.ndarray) -> float:
    """WCAG 2 contrast ratio (1 to 21) between two sRGB colours (3,) in [0, 1]."""
    la, lb = sorted((float(relative_luminance(a)), float(relative_luminance(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)
