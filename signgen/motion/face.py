"""A living face and head: non-manual markers, blinks and breathing as per-frame weights.

Non-manual markers (NMMs) carry grammar in ASL: raised brows and a forward head mark a yes/no
question, furrowed brows a WH question, a head shake negation, nods an affirmation. On top of them the face blinks
(every 2-5 s and at sentence ends) and the head moves slightly with breathing, so the avatar
never freezes. Everything is a pure function of its arguments and a seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

RAMP_S = 0.12             # markers fade in before their span and out after it (no pops)
BLINK_CLOSE_S = 0.06      # lid closing is quicker than opening
BLINK_OPEN_S = 0.09
BLINK_GAP_S = (2.0, 5.0)  # seeded interval between spontaneous blinks
BLINK_MIN_SPACING_S = 0.6 # a sentence-end blink replaces a spontaneous one this close
SHAKE_HZ = 2.5
SHAKE_RAD = np.radians(9.0)
NOD_HZ = 1.6                   # affirmation: the head dips and comes back up, repeatedly
NOD_RAD = np.radians(8.0)
WEIGHT_SHIFT_HZ = (0.05, 0.09)  # a seeded, slow shift of the upper body from one side to the other
WEIGHT_SHIFT_RAD = np.radians(1.2)
BREATH_HZ = 0.25
BREATH_RAD = np.radians(0.7)   # nod-axis head motion per breath
SWAY_RAD = np.radians(0.8)     # slow idle turn so a held pose still looks alive
NECK_SHARE = 0.35              # part of the head rotation carried by neck_01

# Face target weights per marker, chosen by rendering the face at broadcast framing:
# browInnerUp moves only ~0.5 cm on this mesh at 1.0, so it is driven past 1 to read on air.
_BROWS_UP = {"browInnerUp": 1.8, "browOuterUpLeft": 1.0, "browOuterUpRight": 1.0,
             "eyeWideLeft": 0.3, "eyeWideRight": 0.3}
_BROWS_DOWN = {"browDownLeft": 1.2, "browDownRight": 1.2, "eyeSquintLeft": 0.3, "eyeSquintRight": 0.3}
_FACE = {
    "yn-question": _BROWS_UP,
    "rhetorical": _BROWS_UP,
    "topic": {k: 0.8 * v for k, v in _BROWS_UP.items()},
    "wh-question": _BROWS_DOWN,
}
# The face at rest, chosen on rendered close-ups. The mesh's own neutral has the inner brow ends
# raised, which reads worried; lowering the inner ends and lifting the outer ones levels the brows,
# and a slight smile with raised cheeks reads relaxed and friendly, as a presenter's face does.
NEUTRAL_FACE = {"browInnerUp": -0.4, "browDownLeft": 0.15, "browDownRight": 0.15,
                "browOuterUpLeft": 0.35, "browOuterUpRight": 0.35,
                "mouthSmileLeft": 0.45, "mouthSmileRight": 0.45, "cheekSquintLeft": 0.3, "cheekSquintRight": 0.3}
EXPRESSION_FULL = 0.5  # an expression target at this weight replaces the neutral face entirely
# Static head rotation per marker (rotation vector, radians): +X tips the face down/forward,
# +Z tilts the head toward the avatar's left shoulder, +Y turns the face to the avatar's left.
_HEAD = {
    "yn-question": np.radians([7.0, 0.0, 0.0]),
    "rhetorical": np.radians([5.0, 0.0, 2.0]),
    "wh-question": np.radians([3.0, 0.0, -4.0]),
    "topic": np.radians([-3.0, 0.0, 0.0]),
}


@dataclass(frozen=True)
class Marker:
    """A non-manual marker over a time span: type (an NMM type), start_s/end_s in seconds."""

    type: str
    start_s: float
    end_s: float


@dataclass(frozen=True, eq=False)
class FaceTrack:
    """weights: (N, K) face target weights per frame (columns follow the target names; brows may
    exceed 1). head: (N, 3) extra head rotation per frame, a rotation vector in radians in the
    skeleton's world-aligned frame (see `apply_head`)."""

    weights: np.ndarray
    head: np.ndarray


def markers_from_performance(performance) -> list[Marker]:
    """Each sentence's NMM spans (gloss indices) turned into seconds via its timed glosses."""
    out = []
    for timed in performance.sentences:
        times = _gloss_times(timed.sentence.glosses, timed.glosses)
        for nmm in timed.sentence.nmm:
            spans = [times[i] for i in range(nmm.start, nmm.end + 1) if i in times]
            if spans:  # a marker over nothing but pauses has no time
                out.append(Marker(nmm.type, min(s for s, _ in spans), max(e for _, e in spans)))
    return sorted(out, key=lambda m: (m.start_s, m.end_s))


def _gloss_times(glosses, timed) -> dict[int, tuple[float, float]]:
    """Gloss index -> (start_s, end_s). Timed glosses keep sentence order but skip pauses, so
    walk both lists together, preferring identity and falling back to equality."""
    out: dict[int, tuple[float, float]] = {}
    i = 0
    for tg in timed:
        j = i
        while j < len(glosses) and glosses[j] is not tg.gloss:
            j += 1
        if j == len(glosses):
            j = i
            while j < len(glosses) and glosses[j] != tg.gloss:
                j += 1
        if j == len(glosses):
            continue
        out[j] = (tg.start_s, tg.end_s)
        i = j + 1
    return out


def face_track(markers: Sequence[Marker], duration_s: float, fps: float, target_names: Sequence[str],
               seed: int = 0, sentence_ends_s: Sequence[float] = ()) -> FaceTrack:
    """Face weights and head rotation for N = round(duration_s * fps) + 1 frames (Timeline.poses)."""
    t = frame_times(duration_s, fps)
    count = len(t)
    rng = np.random.default_rng(seed)
    names = list(target_names)
    weights = np.zeros((count, len(names)))
    head = _breathing(t, rng)
    for marker in markers:
        env = _envelope(t, marker.start_s, marker.end_s)
        for name, value in _FACE.get(marker.type, {}).items():
            if name in names:
                k = names.index(name)
                weights[:, k] = np.maximum(weights[:, k], value * env)
        if marker.type in _HEAD:
            head += env[:, None] * _HEAD[marker.type]
        if marker.type == "negation":
            # The shake starts at its centre and keeps its phase across the span.
            head[:, 1] += SHAKE_RAD * env * np.sin(2 * np.pi * SHAKE_HZ * (t - marker.start_s))
        if marker.type == "affirmation":  # nods: down (+X) and back, never above level
            head[:, 0] += NOD_RAD * env * np.sin(np.pi * NOD_HZ * (t - marker.start_s)) ** 2
    blink = _blinks(t, duration_s, fps, rng, sentence_ends_s)
    for name in ("eyeBlinkLeft", "eyeBlinkRight"):
        if name in names:
            k = names.index(name)
            weights[:, k] = np.maximum(weights[:, k], blink)
    # Closed lids cancel widened eyes (both would fight over the same vertices).
    for name in ("eyeWideLeft", "eyeWideRight"):
        if name in names:
            weights[:, names.index(name)] *= 1.0 - blink
    return FaceTrack(weights, head)


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _envelope(t: np.ndarray, start: float, end: float) -> np.ndarray:
    """(N,) 0..1: rises over RAMP_S before ``start``, holds, falls over RAMP_S after ``end``."""
    return np.minimum(_smoothstep((t - start + RAMP_S) / RAMP_S), _smoothstep((end + RAMP_S - t) / RAMP_S))


def _breathing(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(N, 3) small periodic head motion: a nod with each breath and a slower, seeded sway."""
    phase = rng.uniform(0, 2 * np.pi, size=3)
    sway_hz = rng.uniform(0.08, 0.13)
    head = np.zeros((len(t), 3))
    head[:, 0] = BREATH_RAD * np.sin(2 * np.pi * BREATH_HZ * t + phase[0])
    head[:, 1] = SWAY_RAD * np.sin(2 * np.pi * sway_hz * t + phase[1])
    head[:, 2] = 0.5 * SWAY_RAD * np.sin(2 * np.pi * 0.7 * sway_hz * t + phase[2])
    return head


def blink_times(duration_s: float, rng: np.random.Generator, sentence_ends_s: Sequence[float] = ()) -> np.ndarray:
    """Seconds at which the lids are fully closed: spontaneous blinks every 2-5 s (the first
    within 2.5 s) plus one at each sentence end; blinks closer than BLINK_MIN_SPACING_S merge."""
    times = []
    t = min(rng.uniform(0.8, 2.5), 0.5 * duration_s)
    while t < duration_s:
        times.append(t)
        t += rng.uniform(*BLINK_GAP_S)
    ends = [e for e in sentence_ends_s if 0.0 <= e <= duration_s]
    kept: list[float] = []
    # Sentence-end blinks come first so a nearby spontaneous blink is the one dropped.
    for time in sorted(ends) + times:
        if all(abs(time - k) >= BLINK_MIN_SPACING_S for k in kept):
            kept.append(time)
    return np.array(sorted(kept))


def _blinks(t: np.ndarray, duration_s: float, fps: float, rng: np.random.Generator,
            sentence_ends_s: Sequence[float]) -> np.ndarray:
    """(N,) eyelid closure 0..1. Each blink's closed instant is put on a frame so it shows fully."""
    closure = np.zeros(len(t))
    for peak in blink_times(duration_s, rng, sentence_ends_s):
        peak = min(round(peak * fps), len(t) - 1) / fps
        rise = _smoothstep((t - peak + BLINK_CLOSE_S) / BLINK_CLOSE_S)
        fall = _smoothstep((peak + BLINK_OPEN_S - t) / BLINK_OPEN_S)
        closure = np.maximum(closure, np.where(t <= peak, rise, fall))
    return closure


def frame_times(duration_s: float, fps: float) -> np.ndarray:
    """Seconds of each of the N = round(duration_s * fps) + 1 frames (as `Timeline.poses` samples)."""
    return np.arange(int(round(duration_s * fps)) + 1) / fps


def weight_shift(duration_s: float, fps: float, seed: int = 0) -> np.ndarray:
    """(N, 3) rotation vectors for the spine: a slow, seeded lean from side to side with a slight
    turn, the way a standing signer shifts weight, so a long hold never looks frozen."""
    t = frame_times(duration_s, fps)
    count = len(t)
    rng = np.random.default_rng([seed, 1])  # its own stream: blinks and breathing stay as they were
    hz, phase = rng.uniform(*WEIGHT_SHIFT_HZ), rng.uniform(0.0, 2 * np.pi)
    sway = np.zeros((count, 3))
    sway[:, 2] = WEIGHT_SHIFT_RAD * np.sin(2 * np.pi * hz * t + phase)
    sway[:, 1] = 0.5 * WEIGHT_SHIFT_RAD * np.sin(2 * np.pi * 0.6 * hz * t + 2 * phase)
    return sway


def apply_weight_shift(poses: np.ndarray, sway: np.ndarray, skeleton) -> np.ndarray:
    """Poses (N, J, 4) with ``sway`` (N, 3) rotation vectors pre-multiplied onto ``spine_01``: the
    whole upper body, arms and hands included, moves as one, so the signing is unchanged relative
    to the body. Returns a new array."""
    from scipy.spatial.transform import Rotation

    out = np.array(poses, dtype=float, copy=True)
    j = skeleton.index("spine_01")
    out[:, j] = (Rotation.from_rotvec(np.asarray(sway, float)) * Rotation.from_quat(out[:, j])).as_quat()
    return out


def apply_head(poses: np.ndarray, head: np.ndarray, skeleton) -> np.ndarray:
    """Poses (N, J, 4) quaternions (x, y, z, w) with ``head`` (N, 3) rotation vectors added:
    NECK_SHARE of it on ``neck_01`` and the rest on ``head``, each pre-multiplied onto the bone's
    local rotation (in its world-aligned parent frame). Returns a new array."""
    from scipy.spatial.transform import Rotation

    out = np.array(poses, dtype=float, copy=True)
    for name, share in (("neck_01", NECK_SHARE), ("head", 1.0 - NECK_SHARE)):
        j = skeleton.index(name)
        extra = Rotation.from_rotvec(share * np.asarray(head, float))
        out[:, j] = (extra * Rotation.from_quat(out[:, j])).as_quat()
    return out


def with_nonmanual(track: FaceTrack, nonmanual, target_names: Sequence[str]) -> FaceTrack:
    """``track`` with a sign's non-manual motion (`synthesis.nonmanual.NonManualTrack`, sampled
    at the same N frames) layered on: each face target keeps the stronger of the two weights, the
    head rotations add. Targets the avatar lacks are skipped. Returns a new track."""
    names = list(target_names)
    weights = np.array(track.weights, dtype=float, copy=True)
    for name, curve in nonmanual.weights.items():
        if name in names:
            k = names.index(name)
            weights[:, k] = np.maximum(weights[:, k], curve)
    return FaceTrack(weights, np.asarray(track.head, float) + nonmanual.head)


def relaxed(weights: np.ndarray, target_names: Sequence[str]) -> np.ndarray:
    """(N, K) face ``weights`` with `NEUTRAL_FACE` added where the face is otherwise at rest.

    The neutral face fades out as any expression (any target but the blinks) rises towards
    EXPRESSION_FULL, so grammatical markers, non-manuals and mouth shapes play exactly as written;
    the weights are smooth, so the fade is too. Returns a new array."""
    names = list(target_names)
    weights = np.asarray(weights, float)
    expressive = [k for k, name in enumerate(names) if not name.startswith("eyeBlink")]
    activity = np.clip(np.abs(weights[:, expressive]).max(axis=1, initial=0.0) / EXPRESSION_FULL, 0.0, 1.0)
    out = weights.copy()
    for name, value in NEUTRAL_FACE.items():
        if name in names:
            out[:, names.index(name)] += value * (1.0 - activity)
    return out


def still_face(frames: int, target_names: Sequence[str]) -> FaceTrack:
    """A face that does nothing for ``frames`` frames (zero weights, no head rotation)."""
    return FaceTrack(np.zeros((frames, len(target_names))), np.zeros((frames, 3)))


def apply_neck_push(poses: np.ndarray, push: np.ndarray, skeleton) -> np.ndarray:
    """Poses (N, J, 4) with the head carried forward (``push`` > 0, radians per frame, (N,)) or
    back: ``neck_01`` pitches by ``push`` and ``head`` by ``-push``, so the head moves while the
    face keeps its direction (a head pushed forward, not a nod). Returns a new array."""
    from scipy.spatial.transform import Rotation

    push = np.asarray(push, float)
    out = np.array(poses, dtype=float, copy=True)
    for name, sign in (("neck_01", 1.0), ("head", -1.0)):
        j = skeleton.index(name)
        extra = Rotation.from_rotvec(np.column_stack([sign * push, np.zeros_like(push), np.zeros_like(push)]))
        out[:, j] = (extra * Rotation.from_quat(out[:, j])).as_quat()
    return out
