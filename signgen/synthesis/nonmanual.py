"""SiGML non-manual features -> face target weights and head rotation over one sign.

SiGML keeps a sign's non-manual part in tiers (``hamnosys_nonmanual``), each element naming a
code: ``hnm_head tag="SH"`` (head shake), ``hnm_eyebrows tag="RB"`` (both brows raised),
``hnm_eyelids``, ``hnm_eyegaze``, ``hnm_nose``, ``hnm_mouthgesture tag="C01"`` (puffed cheeks)
and ``hnm_mouthpicture picture="..."`` (the mouthed word in SAMPA). The parser keeps them as
``name:value`` strings (`Sign.nonmanual`); this module turns them into motion for the avatar's
52 ARKit-style face targets and its head.

Codes follow the ViSiCAST/eSIGN non-manual tables as JASigning reads them: head ``NO`` nods,
``SH`` shakes, ``SR``/``SL`` turn, ``TR``/``TL`` tilt, ``NF``/``NB`` tilt forward/back,
``PF``/``PB`` push the head forward/back. Every feature holds over the whole sign, easing in
and out (several tags of one tier play at the same time, as in SiGML). Anything without a
mapping is listed in `NonManualTrack.ignored` and otherwise skipped, so a curator can see it.

Mouth pictures and the mouth gestures that are sound sequences (``L09`` "bam", ``D02`` "f",
...) become a crude viseme sequence: open vowels open the jaw, rounded vowels pucker,
bilabials press the lips, labiodentals roll the lower lip in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

RAMP_S = 0.2           # a feature eases in before the sign starts and out after it ends
SHAKE_HZ = 2.5         # a head shake: ~2.5 side-to-side cycles per second
SHAKE_DEG = 10.0
NOD_HZ = 2.0
NOD_DEG = 8.0
MIN_CYCLES = 1.5       # a short sign still shows a shake or nod as an oscillation, not a lean
TURN_DEG = 20.0
TILT_DEG = 12.0
LEAN_DEG = 12.0        # head tilted forward / back
PUSH_DEG = 15.0        # neck rotation that carries the head forward / back (the face stays level)
BLINK_S = 0.15         # half-width of the end-of-sign blink (eyelids BB)


@dataclass(frozen=True)
class Feature:
    """One parsed non-manual element: tier (``head``, ``eyebrows``, ``eyelids``, ``eyegaze``,
    ``nose``, ``mouthgesture``, ``mouthpicture``, ``shoulder``, ``body``, ...) and its code or
    picture (``SH``, ``RB``, ``hVl@U``); ``source`` is the text it came from."""

    tier: str
    code: str
    source: str


@dataclass(frozen=True, eq=False)
class NonManualTrack:
    """Non-manual motion sampled at the times it was asked for (N samples).

    weights: face target name -> (N,) weight curve (brows may exceed 1, like `face.face_track`).
    head: (N, 3) head rotation, a rotation vector in radians, in `motion.face.apply_head`'s
        convention (+X tips the face down, +Y turns it to the avatar's left, +Z tilts the head
        toward the left shoulder).
    push: (N,) radians the neck leans forward (+) or back (-) while the head counter-rotates
        (see `motion.face.apply_neck_push`): the head moves forward or back, the face stays level.
    ignored: the features given that have no mapping (as written, e.g. ``hnm_body:RL``).
    """

    weights: Mapping[str, np.ndarray]
    head: np.ndarray
    push: np.ndarray
    ignored: tuple[str, ...] = field(default=())


def parse_features(nonmanual: Sequence[str]) -> list[Feature]:
    """`Sign.nonmanual` strings (``hnm_head:SH``) as features; an element without a value gets
    an empty code."""
    out = []
    for text in nonmanual:
        name, _, value = text.partition(":")
        tier = name[4:] if name.startswith("hnm_") else name
        out.append(Feature(tier, value.strip(), text))
    return out


def ignored_features(nonmanual: Sequence[str]) -> tuple[str, ...]:
    """The features `nonmanual_track` would skip (no mapping), as written."""
    return tuple(f.source for f in parse_features(nonmanual) if not _known(f))


def nonmanual_track(nonmanual: Sequence[str], t: np.ndarray, start_s: float, end_s: float) -> NonManualTrack:
    """Motion for a sign's non-manual features, played from ``start_s`` to ``end_s``, sampled at
    ``t`` (N,) seconds (the sign's frames, or a whole timeline's)."""
    t = np.asarray(t, float)
    builder = _Builder(t, start_s, end_s)
    ignored = []
    for feature in parse_features(nonmanual):
        if not _known(feature):
            ignored.append(feature.source)
            continue
        builder.add(feature)
    return NonManualTrack(dict(builder.weights), builder.head, builder.push, tuple(ignored))


# --- tables -------------------------------------------------------------------------------------

def _both(stem: str, value: float) -> dict[str, float]:
    return {f"{stem}Left": value, f"{stem}Right": value}


# Brows: browInnerUp moves only ~0.5 cm at 1.0 on this mesh, so it is driven past 1 to read on air
# (the same calibration as the story face in `motion.face`).
_EYEBROWS: dict[str, dict[str, float]] = {
    "RB": {"browInnerUp": 1.8, **_both("browOuterUp", 1.0)},
    "RR": {"browInnerUp": 0.6, "browOuterUpRight": 1.3},
    "RL": {"browInnerUp": 0.6, "browOuterUpLeft": 1.3},
    "FU": {**_both("browDown", 1.2), **_both("eyeSquint", 0.2)},
}
_EYELIDS: dict[str, dict[str, float]] = {
    "WB": _both("eyeWide", 0.9), "WR": {"eyeWideRight": 0.9}, "WL": {"eyeWideLeft": 0.9},
    "SB": {**_both("eyeSquint", 0.7), **_both("eyeBlink", 0.35)},
    "SR": {"eyeSquintRight": 0.7, "eyeBlinkRight": 0.35}, "SL": {"eyeSquintLeft": 0.7, "eyeBlinkLeft": 0.35},
    "CB": _both("eyeBlink", 1.0), "CR": {"eyeBlinkRight": 1.0}, "CL": {"eyeBlinkLeft": 1.0},
    "TB": {**_both("eyeBlink", 1.0), **_both("eyeSquint", 0.9), **_both("cheekSquint", 0.4)},
    "TR": {"eyeBlinkRight": 1.0, "eyeSquintRight": 0.9, "cheekSquintRight": 0.4},
    "TL": {"eyeBlinkLeft": 1.0, "eyeSquintLeft": 0.9, "cheekSquintLeft": 0.4},
}
# Gaze from the signer's point of view: looking to the signer's left turns the left eye out and
# the right eye in. Targets on the addressee or far away are the rest gaze (straight ahead).
_LEFT = {"eyeLookOutLeft": 0.8, "eyeLookInRight": 0.8}
_RIGHT = {"eyeLookOutRight": 0.8, "eyeLookInLeft": 0.8}
_UP = _both("eyeLookUp", 0.8)
_DOWN = _both("eyeLookDown", 0.8)
_EYEGAZE: dict[str, dict[str, float]] = {
    "AD": {}, "FR": {}, "NO": {},
    "UP": _UP, "DN": _DOWN, "LE": _LEFT, "RI": _RIGHT,
    "LU": {**_LEFT, **_UP}, "LD": {**_LEFT, **_DOWN}, "RU": {**_RIGHT, **_UP}, "RD": {**_RIGHT, **_DOWN},
    "HD": {**_DOWN, **{k: 0.3 for k in _RIGHT}},  # own hands: down, towards the dominant (right) side
    "HI": {**_DOWN, **{k: 0.5 for k in _RIGHT}},
    "HC": {**_DOWN, **{k: 0.5 for k in _LEFT}},
    "RO": _both("eyeLookUp", 1.0),
}
_NOSE: dict[str, dict[str, float]] = {"WR": _both("noseSneer", 0.9), "WI": _both("noseSneer", 0.35)}


@dataclass(frozen=True)
class _Osc:
    """An oscillating weight: ``amplitude * (1 - cos)/2`` on ``targets`` at ``hz``; with
    ``alternate`` the second half-cycle drives those targets instead (e.g. jaw left / right)."""

    targets: tuple[str, ...]
    amplitude: float
    hz: float
    alternate: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Gesture:
    """A mouth gesture: static weights, a SAMPA sound sequence, oscillations (any combination)."""

    static: Mapping[str, float] = field(default_factory=dict)
    sampa: str = ""
    osc: tuple[_Osc, ...] = ()


# Mouth gestures, by their descriptions in the eSIGN tables (lip, cheek, tongue, teeth, jaw).
# The ARKit set has no one-sided cheek puff or sucked-in cheeks: those take the nearest shape.
_MOUTH: dict[str, _Gesture] = {
    "L01": _Gesture(sampa="S"), "L02": _Gesture(sampa="pr_r_r"), "L03": _Gesture(sampa="pr"),
    "L04": _Gesture({"mouthPucker": 0.9, **_both("mouthPress", 0.3)}),
    "L05": _Gesture(sampa="O"), "L06": _Gesture(sampa="o"), "L07": _Gesture(sampa="o"),
    "L08": _Gesture(sampa="boAm"), "L09": _Gesture(sampa="bAm"), "L10": _Gesture(sampa="boA"),
    "L11": _Gesture(sampa="bA"), "L12": _Gesture(sampa="bi:"), "L13": _Gesture(sampa="py"),
    "L14": _Gesture(sampa="pC"), "L16": _Gesture(sampa="pf"), "L17": _Gesture(sampa="p@"),
    "L18": _Gesture(sampa="p@_p@_p@"),
    "L19": _Gesture({"mouthPucker": 0.8, "mouthFunnel": 0.3, "cheekPuff": 0.3}),
    "L20": _Gesture({"cheekPuff": 0.9, "mouthPucker": 0.2}),
    "L22": _Gesture({"cheekPuff": 0.9, "mouthPucker": 0.2}),
    "L23": _Gesture(sampa="m"), "L24": _Gesture(sampa="m_m"), "L25": _Gesture(sampa="m_m_m"),
    "L26": _Gesture({"mouthUpperUpRight": 0.8}),
    "L29": _Gesture({**_both("mouthFrown", 0.7), **_both("mouthPress", 0.3)}),
    "L30": _Gesture({**_both("mouthFrown", 0.6), "mouthPucker": 0.4}),
    "L31": _Gesture({**_both("mouthFrown", 0.7), **_both("mouthPress", 0.3)}),
    "L34": _Gesture(_both("mouthStretch", 0.7)),
    "L35": _Gesture({"cheekPuff": 0.4, "mouthPucker": 0.5, "mouthFunnel": 0.3}),
    "C01": _Gesture({"cheekPuff": 1.0}), "C02": _Gesture({"cheekPuff": 0.8, "mouthPucker": 0.2}),
    "C03": _Gesture({"cheekPuff": 0.9}),
    "C04": _Gesture({"cheekPuff": 0.6, "mouthLeft": 0.3}), "C05": _Gesture({"cheekPuff": 0.6, "mouthLeft": 0.3}),
    "C06": _Gesture({"cheekPuff": 0.6, "mouthLeft": 0.3}),
    "C07": _Gesture({"mouthPucker": 0.5, "mouthFunnel": 0.3, **_both("mouthDimple", 0.4)}),
    "C08": _Gesture({"mouthPucker": 0.4, "mouthFunnel": 0.8, **_both("mouthDimple", 0.4)}),
    "C12": _Gesture({"mouthRollLower": 0.6, "jawForward": 0.5}),
    "C13": _Gesture({"jawOpen": 0.3, "mouthPucker": 0.3}),
    "T01": _Gesture(sampa="l"), "T02": _Gesture({"tongueOut": 0.3, "jawOpen": 0.1}),
    "T04": _Gesture({"tongueOut": 0.8, "jawOpen": 0.35}), "T05": _Gesture({"tongueOut": 0.8, "jawOpen": 0.35}),
    "T06": _Gesture({"jawOpen": 0.2}, osc=(_Osc(("tongueOut",), 0.8, 2.5),)),
    "T07": _Gesture(sampa="lalala"), "T08": _Gesture(sampa="alal"), "T09": _Gesture(sampa="als"),
    "T10": _Gesture(sampa="lf"), "T11": _Gesture(sampa="laf"),
    "D01": _Gesture(sampa="i:s"), "D02": _Gesture(sampa="f"), "D03": _Gesture(sampa="Ef"),
    "D04": _Gesture(sampa="af"),
    "D05": _Gesture(osc=(_Osc(("jawOpen",), 0.1, 6.0),)),
    "D06": _Gesture(_both("mouthUpperUp", 0.4), osc=(_Osc(("jawOpen",), 0.1, 6.0),)),
    "D07": _Gesture(sampa="Am"), "D08": _Gesture({**_both("mouthStretch", 0.5), **_both("mouthLowerDown", 0.6)}, sampa="A_"),
    "J01": _Gesture(osc=(_Osc(("jawLeft",), 0.7, 2.0, alternate=("jawRight",)),)),
    "J02": _Gesture({**_both("mouthPress", 0.3)}, osc=(_Osc(("jawOpen", "mouthClose"), 0.3, 1.5),)),
    "J03": _Gesture({"jawForward": 1.0, "jawOpen": 0.15, **_both("mouthLowerDown", 0.8)}),
    "J04": _Gesture(sampa="gAgAgA"),
}

_HEAD_CODES = frozenset({"NO", "SH", "SR", "SL", "TR", "TL", "NF", "NB", "PF", "PB"})
_STATIC_TIERS: dict[str, dict[str, dict[str, float]]] = {
    "eyebrows": _EYEBROWS, "eyelids": _EYELIDS, "eyegaze": _EYEGAZE, "nose": _NOSE,
}


def _known(feature: Feature) -> bool:
    code = feature.code.upper()
    if feature.tier == "head":
        return code in _HEAD_CODES
    if feature.tier == "eyelids" and code == "BB":
        return True
    if feature.tier in _STATIC_TIERS:
        return code in _STATIC_TIERS[feature.tier]
    if feature.tier == "mouthgesture":
        return code in _MOUTH
    if feature.tier == "mouthpicture":
        return bool(_sampa_tokens(feature.code))
    return False


# --- visemes ------------------------------------------------------------------------------------

# SAMPA symbols of more than one character, longest first (diphthongs, affricates, long vowels).
_MULTI = ("tS", "dZ", "aI", "eI", "OI", "aU", "@U", "I@", "e@", "U@", "i:", "u:", "A:", "O:", "3:", "a:", "e:", "o:", "y:", "2:", "E:")
_VISEMES: dict[str, dict[str, float]] = {
    # open vowels: the jaw opens
    "open": {"jawOpen": 0.55, **_both("mouthLowerDown", 0.25)},
    "mid": {"jawOpen": 0.32, **_both("mouthLowerDown", 0.1)},
    # close front vowels: lips spread, jaw nearly shut
    "spread": {"jawOpen": 0.1, **_both("mouthStretch", 0.35), **_both("mouthSmile", 0.2)},
    # rounded vowels: pucker (more for close ones, with the jaw nearly shut)
    "round_open": {"jawOpen": 0.3, "mouthFunnel": 0.55, "mouthPucker": 0.35},
    "round": {"jawOpen": 0.1, "mouthPucker": 0.85, "mouthFunnel": 0.25},
    # bilabials: lips pressed together, jaw shut
    "bilabial": {**_both("mouthPress", 0.6), "mouthRollUpper": 0.15, "mouthRollLower": 0.15},
    # labiodentals: the lower lip rolls in under the upper teeth
    "labiodental": {"mouthRollLower": 0.65, **_both("mouthUpperUp", 0.2), "jawOpen": 0.05},
    "postalveolar": {"jawOpen": 0.1, "mouthFunnel": 0.45, "mouthPucker": 0.2},
    "coronal": {"jawOpen": 0.12},
    "dorsal": {"jawOpen": 0.2},
    "rest": {},
}
_CLASS = {
    **dict.fromkeys(["a", "A", "{", "V", "6", "Q", "aI", "aU", "A:", "a:"], "open"),
    **dict.fromkeys(["e", "E", "@", "3", "3:", "eI", "e@", "I@", "e:", "E:"], "mid"),
    **dict.fromkeys(["i", "I", "i:", "j"], "spread"),
    **dict.fromkeys(["O", "O:", "o", "o:", "OI", "@U", "9"], "round_open"),
    **dict.fromkeys(["u", "U", "u:", "y", "y:", "Y", "w", "2", "2:", "U@"], "round"),
    **dict.fromkeys(["p", "b", "m"], "bilabial"),
    **dict.fromkeys(["f", "v"], "labiodental"),
    **dict.fromkeys(["S", "Z", "tS", "dZ"], "postalveolar"),
    **dict.fromkeys(["t", "d", "n", "l", "s", "z", "T", "D", "r", "R"], "coronal"),
    **dict.fromkeys(["k", "g", "N", "x", "h", "C", "?"], "dorsal"),
    **dict.fromkeys(["_", "-", " ", "#", "."], "rest"),
}
_VOWELS = frozenset(k for k, v in _CLASS.items() if v in ("open", "mid", "spread", "round_open", "round"))


def _sampa_tokens(sampa: str) -> list[str]:
    """SAMPA text split into symbols (longest match first); unknown characters are dropped and
    a ``:`` after a vowel joins it (a long vowel)."""
    out: list[str] = []
    i = 0
    while i < len(sampa):
        symbol = next((m for m in _MULTI if sampa.startswith(m, i)), sampa[i])
        i += len(symbol)
        if symbol == ":" and out and out[-1] in _VOWELS:
            out[-1] += ":"
        elif symbol in _CLASS:
            out.append(symbol)
    return out if any(_CLASS[s] != "rest" for s in out) else []


def _viseme_keys(sampa: str) -> list[tuple[float, dict[str, float]]]:
    """(relative duration, weights) per symbol: vowels last longer than consonants, long vowels
    longer still, pauses are short."""
    keys = []
    for symbol in _sampa_tokens(sampa):
        kind = _CLASS[symbol]
        length = 0.5 if kind == "rest" else (1.0 if symbol in _VOWELS else 0.6)
        if symbol.endswith(":") and symbol in _VOWELS:
            length = 1.6
        keys.append((length, _VISEMES.get(kind, _VISEMES["rest"])))
    return keys


# --- building the curves ------------------------------------------------------------------------

def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


class _Builder:
    """Accumulates curves over the sample times ``t``: face weights take the strongest feature
    (two tiers driving one target do not add up past either), head rotations add."""

    def __init__(self, t: np.ndarray, start: float, end: float) -> None:
        self.t, self.start, self.end = t, start, max(end, start)
        # Like a signer's face, a feature is in place when the hands arrive: it eases in over
        # RAMP_S before the sign (during the transition into it), holds, and eases out after.
        self.env = np.minimum(_smoothstep((t - start + RAMP_S) / RAMP_S), _smoothstep((self.end + RAMP_S - t) / RAMP_S))
        self.weights: dict[str, np.ndarray] = {}
        self.head = np.zeros((len(t), 3))
        self.push = np.zeros(len(t))

    def add(self, feature: Feature) -> None:
        code = feature.code.upper()
        if feature.tier == "head":
            self._head(code)
        elif feature.tier == "eyelids" and code == "BB":
            centre = max(self.start, self.end - 2 * BLINK_S)
            self._max(_both("eyeBlink", 1.0), _smoothstep(1.0 - np.abs(self.t - centre) / BLINK_S))
        elif feature.tier in _STATIC_TIERS:
            self._max(_STATIC_TIERS[feature.tier][code], self.env)
        elif feature.tier == "mouthgesture":
            self._gesture(_MOUTH[code])
        elif feature.tier == "mouthpicture":
            self._visemes(feature.code)

    def _max(self, weights: Mapping[str, float], curve: np.ndarray) -> None:
        for name, value in weights.items():
            current = self.weights.get(name, np.zeros(len(self.t)))
            self.weights[name] = np.maximum(current, value * curve)

    def _phase(self, hz: float) -> np.ndarray:
        """(N,) oscillation phase in radians from the sign's start; the frequency is raised so a
        short sign still holds MIN_CYCLES cycles."""
        span = self.end - self.start
        if span > 0:
            hz = max(hz, MIN_CYCLES / span)
        return 2 * np.pi * hz * (self.t - self.start + RAMP_S)

    def _head(self, code: str) -> None:
        env = self.env
        if code == "SH":
            self.head[:, 1] += np.radians(SHAKE_DEG) * env * np.sin(self._phase(SHAKE_HZ))
        elif code == "NO":
            # Down first: a nod starts by dipping the face.
            self.head[:, 0] += np.radians(NOD_DEG) * env * np.sin(self._phase(NOD_HZ))
        elif code in ("SR", "SL"):
            self.head[:, 1] += np.radians(TURN_DEG if code == "SL" else -TURN_DEG) * env
        elif code in ("TR", "TL"):
            self.head[:, 2] += np.radians(TILT_DEG if code == "TL" else -TILT_DEG) * env
        elif code in ("NF", "NB"):
            self.head[:, 0] += np.radians(LEAN_DEG if code == "NF" else -LEAN_DEG) * env
        elif code in ("PF", "PB"):
            self.push += np.radians(PUSH_DEG if code == "PF" else -PUSH_DEG) * env

    def _gesture(self, gesture: _Gesture) -> None:
        if gesture.static:
            self._max(gesture.static, self.env)
        if gesture.sampa:
            self._visemes(gesture.sampa)
        for osc in gesture.osc:
            phase = self._phase(osc.hz)
            if osc.alternate:
                self._max(dict.fromkeys(osc.targets, osc.amplitude), self.env * np.clip(np.sin(phase), 0, None))
                self._max(dict.fromkeys(osc.alternate, osc.amplitude), self.env * np.clip(-np.sin(phase), 0, None))
            else:
                self._max(dict.fromkeys(osc.targets, osc.amplitude), self.env * 0.5 * (1 - np.cos(phase)))

    def _visemes(self, sampa: str) -> None:
        """Each symbol's mouth shape keyed at the centre of its slot; neighbouring keys blend
        with an eased curve, so the mouth moves through the sequence rather than snapping."""
        keys = _viseme_keys(sampa)
        if not keys:
            return
        lengths = np.array([k[0] for k in keys])
        # The sequence fills the sign, from its start to its end.
        edges = self.start + (self.end - self.start) * np.concatenate([[0.0], np.cumsum(lengths)]) / lengths.sum()
        centres = 0.5 * (edges[:-1] + edges[1:])
        names = sorted({name for _, w in keys for name in w})
        for name in names:
            values = np.array([w.get(name, 0.0) for _, w in keys])
            self._max({name: 1.0}, self.env * _eased_interp(self.t, centres, values))


def _eased_interp(t: np.ndarray, times: np.ndarray, values: np.ndarray) -> np.ndarray:
    """(N,) piecewise curve through (times, values) with smoothstep between keys, flat outside."""
    if len(times) == 1:
        return np.full(len(t), float(values[0]))
    k = np.clip(np.searchsorted(times, t, side="right") - 1, 0, len(times) - 2)
    t0, t1 = times[k], times[k + 1]
    s = _smoothstep((t - t0) / np.maximum(t1 - t0, 1e-9))
    return values[k] + (values[k + 1] - values[k]) * s
