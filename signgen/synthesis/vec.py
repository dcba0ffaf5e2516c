"""Small 3-vector helpers: numpy's general routines cost microseconds of overhead per call,
which adds up when synthesis solves every arm pose sample by sample."""

from __future__ import annotations

import math

import numpy as np


def cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cross product of two (3,) vectors."""
    return np.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


def norm(v: np.ndarray) -> float:
    return math.sqrt(float(v @ v))


def unit(v: np.ndarray) -> np.ndarray:
    return v / norm(v)


def axis_angle(axis: np.ndarray, angle: float) -> np.ndarray:
    """(3,3) rotation by ``angle`` radians about unit ``axis`` (Rodrigues' formula)."""
    x, y, z = axis
    k = np.array([[0.0, -z, y], [z, 0.0, -x], [-y, x, 0.0]])
    return np.eye(3) + math.sin(angle) * k + (1.0 - math.cos(angle)) * (k @ k)
