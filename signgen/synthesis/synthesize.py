"""A parsed sign -> a `Clip`: place the hands, trace the movements, solve the arms.

The hands are planned in space (wrist position and hand orientation over time) and only then
turned into joint rotations by arm IK, sample by sample. Timing follows human signing: a short
hold at the start, movement phases of a few hundred milliseconds, a hold at the end; dictionary
signs come out near the measured median of ~0.8 s, fingerspelled letters near 0.25 s.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as _with

import numpy as np
from scipy.spatial.transform import Rotation, Slerp

from signgen.hamnosys.model import Constellation, FingerSpec, HandConfig, Handshape, Location, Movement, Sign
from signgen.motion.clip import Clip, slerp, to_matrices
from signgen.motion.skeleton import Skeleton
from signgen.synthesis.arm import SWIVEL_COST_PER_DEG, ArmModel
from signgen.synthesis.body import (
    CLEARANCE_MARGIN_M, FINGER_RADIUS, FOREARM_RADII, KNUCKLE_RADIUS, SOLID_FINGERS, BodyModel, Site, arm_points,
    hand_overlap, hand_points, hand_solid, solid_points,
)
from signgen.synthesis.contact import CONTACT_GAP, lowest, midline_shift, slide_to_contact
from signgen.synthesis.directions import direction, mirror
from signgen.synthesis.hand import FINGERS, HandModel, HandPose, finger_states
from signgen.synthesis.orientation import align, finger_and_palm
from signgen.synthesis.vec import unit

PAUSE_DROP_M = 0.07          # how far the hands sink in a pause between sentences
PAUSE_TOWARDS_REST = 0.25    # and how much of the way they drift towards the rest
RATE = 30.0  # clip samples per second; the renderer interpolates between them
PATH_LENGTH = {"small": 0.07, "normal": 0.15, "large": 0.26}  # metres of a straight movement
CIRCLE_RADIUS = {"small": 0.03, "normal": 0.055, "large": 0.09}
SPEED_FACTOR = {"slow": 1.4, "normal": 1.0, "fast": 0.7}
# Wrist and finger movements without a path: a small oscillation of the hand (direction of wobble).
WRIST_MOVES = {
    "nodding": np.array([0.0, 1.0, 0.0]), "swinging": np.array([1.0, 0.0, 0.0]),
    "twisting": np.array([0.5, 0.0, 0.0]), "stircw": np.array([0.7, 0.0, 0.7]),
    "stirccw": np.array([0.7, 0.0, -0.7]), "fingerplay": np.array([0.0, 0.3, 0.0]),
}
# Between the parts of a compound: quicker than between two signs, a little longer when a joint
# has far to turn (NOW's palm-up hands becoming NIGHT's palm-down base).
COMPOUND_TRANSITION_S = 0.1
COMPOUND_S_PER_RAD = 0.05
COMPOUND_TRANSITION_MAX_S = 0.25
WIGGLE_BEATS = 6             # finger-play half cycles (a pair of fingers bending, then the other)
WIGGLE_BEAT_FRACTION = 0.45  # of a straight movement's time per beat: ~0.11 s, a flutter of ~4-5 Hz
SIZE_TIME_FACTOR = {"small": 0.8, "normal": 1.0, "large": 1.25}  # bigger movements take a little longer
RELAXED_SHAPE = Handshape("flathand")
# The non-dominant hand as a place to sign on: flat, palm up, fingers forward and in.
BASE_HAND = HandConfig(Handshape("flathand"), "or", "u")
# The base arm of a sign made on the other forearm or elbow (COUNTRY, IMPROVE, POOR) when the
# notation does not say how it is held: forearm across the body, palm down, so its top faces
# the acting hand and the elbow is out at the side where that hand can reach it. (A sign on the
# upper arm, HOSPITAL, leaves the arm as BASE_HAND holds it: the upper arm hangs at the side.)
BASE_ARM = HandConfig(Handshape("flathand"), "r", "d")
# Places on the base hand and arm: (reference point, offset along the hand's length in metres,
# normal: "palm" | "back" | "tip" | "thumb" | "pinky").
HAND_SITES = {
    "palm": ("palm", 0.0, "palm"), "handback": ("back", 0.0, "back"),
    "fingertip": ("tip", 0.0, "tip"), "fingerpad": ("tip", -0.012, "palm"),
    "fingernail": ("tip", -0.012, "back"), "fingermidjoint": ("tip", -0.035, "back"),
    "fingerbase": ("palm", 0.03, "back"), "fingerside": ("tip", -0.03, "thumb"),
    "thumbside": ("palm", 0.0, "thumb"), "pinkyside": ("palm", 0.0, "pinky"),
    "thumbball": ("palm", -0.02, "palm"), "thumb": ("tip", -0.03, "thumb"),
    "indexfinger": ("tip", -0.02, "back"), "middlefinger": ("tip", -0.02, "back"),
    "ringfinger": ("tip", -0.02, "back"), "pinky": ("tip", -0.02, "pinky"),
    "wristback": ("wrist", 0.0, "back"), "wristpulse": ("wrist", 0.0, "palm"),
    "wristtopulse": ("wrist", 0.0, "palm"), "wristtoback": ("wrist", 0.0, "back"),
    "wristtothumb": ("wrist", 0.0, "thumb"), "wristtopinky": ("wrist", 0.0, "pinky"),
}
# Places on the other arm: (bone, how far along it from its lower end, which side of it). They
# are found on that arm as the inverse kinematics holds it behind its hand, not on a line drawn
# straight back from the hand: the upper arm rises from the elbow to the shoulder, and a site put
# on the forearm's line past the elbow lay inside the chest (HOSPITAL's hand went through it).
ARM_PARTS = {
    "lowerarm": ("forearm", 0.45, "back"), "elbow": ("forearm", 1.0, "point"),
    "elbowinside": ("forearm", 0.95, "crook"), "upperarm": ("upperarm", 0.4, "outside"),
}
ARM_SURFACE_M = 0.03  # from an arm bone to its skin, where the other hand touches it
HAND_SITES.update({name: ("wrist", 0.0, "back") for name in ARM_PARTS})  # places on the other hand or arm
SIDEWAYS = np.array([-1.0, 0.0, 0.0])  # from the left hand towards the right: hands side by side
BASE_MIN_X_M = 0.0           # a base hand's wrist no further right than the midline
SETTLE_TOLERANCE_M = 0.0005  # a solved contact this far from the planned gap is corrected,
SETTLE_PASSES = 3            # measuring again after each correction
BODY_GAP = {"touch": 0.006, "close": 0.035, None: 0.09}  # hand to body site
# How far (m) to the side `hamlrat` / `hamlrbeside` move a place: by the width of what is there.
# The trunk's sites are on the midline, so the shoulder line's side is the shoulder itself (PAST
# and AGO go back over the right shoulder), the chest's a breast's width (POLICE's badge, HEART);
# on the face a few centimetres.
SIDE_OFFSET_M = {"shoulders": (0.13, 0.18), "shouldertop": (0.13, 0.18), "chest": (0.08, 0.13),
                 "stomach": (0.08, 0.13), "belowstomach": (0.08, 0.13), None: (0.045, 0.09)}
WRIST_ROUNDING_DEG = 0.01    # a wrist this little past its range is at it, measured again
BLEND_TOLERANCE_M = 0.004    # a compound blend's hand this little into the body or the other hand is left
SEPARATE_PASSES = 5          # hands drawn apart, measured again, at most this often


@dataclass(frozen=True)
class Timing:
    """Phase durations in seconds (a sign's or a letter's)."""

    hold_start: float = 0.12
    hold_end: float = 0.12
    static_hold: float = 0.26
    straight: float = 0.25
    circle: float = 0.45
    replace: float = 0.24
    repeat_return: float = 0.15


SIGN_TIMING = Timing()
LETTER_TIMING = Timing(hold_start=0.04, hold_end=0.05, static_hold=0.1, straight=0.14, circle=0.3,
                       replace=0.12, repeat_return=0.1)


@dataclass(frozen=True)
class Segment:
    """One phase of a hand's movement: offsets (n, 3) from the start wrist and the hand
    configuration blend (from ``a`` to ``b`` over the phase)."""

    offsets: np.ndarray
    config_a: HandConfig
    config_b: HandConfig


def _ease(n: int) -> np.ndarray:
    """Minimum-jerk progress 0..1 over n samples (zero velocity at both ends)."""
    s = np.linspace(0.0, 1.0, max(n, 2))
    return s**3 * (10 - 15 * s + 6 * s**2)


def _samples(seconds: float) -> int:
    return max(2, int(round(seconds * RATE)) + 1)


class Synthesizer:
    """Turns signs into clips for one avatar skeleton and body."""

    def __init__(self, skeleton: Skeleton, body: BodyModel) -> None:
        self.skeleton = skeleton
        self.body = body
        self.hands = {side: HandModel(skeleton, side) for side in "rl"}
        self.arms = {side: ArmModel(skeleton, side, self.hands[side].axes) for side in "rl"}
        self._rotations: dict[tuple, np.ndarray] = {}
        self._points: dict[tuple, dict[str, np.ndarray]] = {}
        self._arm_parts: dict[tuple, Site] = {}
        self._last_cleared: tuple = (None, None)
        self._base_hand = BASE_HAND  # the sign in hand's base hand (set by `synthesize`)
        self._rest = self._rest_pose()

    # -- hand placement ------------------------------------------------------------------
    def hand_rotation(self, side: str, config: HandConfig) -> np.ndarray:
        """(3,3) world rotation of the hand bone for a configuration's orientation."""
        key = (side, config.finger_direction, config.palm)
        if key not in self._rotations:
            self._rotations[key] = self._hand_rotation(side, config)
        return self._rotations[key]

    def _hand_rotation(self, side: str, config: HandConfig) -> np.ndarray:
        hand = self.hands[side]
        fingers, palm = finger_and_palm(config.finger_direction or "o", config.palm or "d")
        along, _, palm_rest = hand.axes
        return align(along, palm_rest, fingers, palm)

    def _hand_points(self, side: str, config: HandConfig) -> dict[str, np.ndarray]:
        """Contact candidates on the hand, relative to the wrist, in the hand's rest frame."""
        key = (side, config.shape)
        if key not in self._points:
            self._points[key] = self._measure_hand_points(side, config)
        return self._points[key]

    def _measure_hand_points(self, side: str, config: HandConfig) -> dict[str, np.ndarray]:
        hand = self.hands[side]
        pose = hand.pose(config.shape)
        wrist = self.skeleton.heads[hand.hand]
        points = {f: hand._chain_points(pose.rotations, f)[-1] - wrist for f in ("index", "middle", "thumb")}
        points["palm"] = hand.palm_centre_rest - wrist
        points["back"] = points["palm"] - 0.03 * hand.axes[2]
        return points

    def wrist_at(self, side: str, config: HandConfig, location: Location | None, letter: bool = False) -> np.ndarray:
        """Wrist position (3,) that puts the hand at ``location`` (None: neutral signing space)."""
        rotation = self.hand_rotation(side, config)
        points = self._hand_points(side, config)
        outward = -1.0 if side == "r" else 1.0
        if location is None or location.site == "neutralspace":
            target = self.body.site("neutralspace", side).point.copy()
            target[0] += outward * (0.17 if letter else 0.07)
            if letter:
                target[1] = self.body.site("chest", side).point[1] + 0.02
            return self.body.clear_of_body(target - rotation @ points["palm"])
        site = self.site(location, side)
        if site is None:  # a place this body does not know: sign in neutral space
            return self.wrist_at(side, config, None, letter)
        target = site.point + BODY_GAP[location.contact] * site.normal
        if location.side:
            toward = -outward if location.opposite else outward
            at, beside = SIDE_OFFSET_M.get(location.site, SIDE_OFFSET_M[None])
            target = target + np.array([toward * (beside if location.side == "beside" else at), 0.0, 0.0])
        # Touch with the part of the hand that lies furthest towards the body along the site's normal.
        name = min(points, key=lambda k: float((rotation @ points[k]) @ site.normal))
        return target - rotation @ points[name]

    def site(self, location: Location, side: str) -> Site | None:
        """A body site, or a place on the other (base) hand or arm; None if unknown."""
        if location.site in self.body.sites and location.region == "body":
            site = self.body.site(location.site, side)
            if location.opposite:  # the non-dominant side of the body: the site's mirror image
                flip = np.array([-1.0, 1.0, 1.0])
                site = Site(site.point * flip, site.normal * flip)
            return site
        if location.site not in HAND_SITES:
            return self.body.site(location.site, side) if location.site in self.body.sites else None
        base_side = "l" if side == "r" else "r"
        part = self.hand_part(base_side, self._base_hand, location.site)
        return Site(self.base_wrist(base_side) + part.point, part.normal)

    def hand_part(self, side: str, config: HandConfig, name: str) -> Site:
        """A part of a hand held in ``config`` (a `HAND_SITES` name): its point relative to the
        wrist and its outward normal, world axes."""
        rotation = self.hand_rotation(side, config)
        points = self._hand_points(side, config)
        along, index_side, palm = (rotation @ axis for axis in self.hands[side].axes)
        if name in ARM_PARTS:
            return self.arm_part(side, config, name)
        reference, shift, facing = HAND_SITES[name]
        tip = max((points["index"], points["middle"]), key=lambda p: float(np.linalg.norm(p)))
        point = rotation @ {"palm": points["palm"], "back": points["back"], "tip": tip, "wrist": np.zeros(3)}[reference]
        normal = {"palm": palm, "back": -palm, "tip": along, "thumb": index_side, "pinky": -index_side}[facing]
        return Site(point + shift * along, normal)

    def arm_part(self, side: str, config: HandConfig, name: str) -> Site:
        """A place on the arm (an `ARM_PARTS` name) behind a hand held as a base in ``config``:
        its point relative to that wrist and its outward normal, world axes."""
        key = (side, config, name)
        if key not in self._arm_parts:
            arm, rotation = self.arms[side], self.hand_rotation(side, config)
            wrist = self.base_wrist(side, config)
            swivel = arm.best_swivel(wrist, rotation, self.body.depth_inside)
            elbow = arm.elbow(wrist, swivel)
            bone, along, facing = ARM_PARTS[name]
            low, high = (wrist, elbow) if bone == "forearm" else (elbow, arm.shoulder)
            axis = unit(high - low)
            bend = unit(elbow - (wrist + arm.shoulder) / 2.0)  # the point of the elbow
            outward = np.array([1.0 if side == "l" else -1.0, 0.0, 0.4])
            normal = {"back": -(rotation @ self.hands[side].axes[2]), "point": bend, "crook": -bend,
                      "outside": outward}[facing]
            normal = unit(normal - (normal @ axis) * axis)  # across the bone, not along it
            point = low + along * (high - low) + ARM_SURFACE_M * normal
            self._arm_parts[key] = Site(point - wrist, normal)
        return self._arm_parts[key]

    def base_wrist(self, side: str, config: HandConfig | None = None) -> np.ndarray:
        """Wrist position (3,) of the non-dominant hand held as a base just in front of the body."""
        target = self.body.site("neutralspace", side).point.copy()
        target += np.array([0.03 if side == "l" else -0.03, -0.05, -0.03])
        config = config or self._base_hand
        rotation = self.hand_rotation(side, config)
        return target - rotation @ self._hand_points(side, config)["palm"]

    def _on_other_hand(self, sign: Sign) -> bool:
        loc = sign.location
        return loc is not None and loc.site in HAND_SITES and not (loc.region == "body" and loc.site in self.body.sites)

    # -- movement ------------------------------------------------------------------------
    def _trace(self, move: Movement, side: str, config: HandConfig, mirrored: bool,
               timing: Timing, start: np.ndarray, anchor: np.ndarray) -> tuple[list[Segment], HandConfig]:
        """Segments for one movement starting at offset ``start`` from the wrist position ``anchor``;
        returns them with the hand configuration at the end."""
        speed = SPEED_FACTOR[move.speed]
        dir_letters = mirror(move.direction) if mirrored else move.direction
        if move.kind in ("straight", "target"):
            if move.target is not None:
                delta = self.wrist_at(side, config, move.target) - (anchor + start)
            elif dir_letters:
                delta = direction(dir_letters) * PATH_LENGTH[move.size]
            else:
                delta = np.zeros(3)
            n = _samples(timing.straight * speed * SIZE_TIME_FACTOR[move.size])
            s = _ease(n)[:, None]
            path = start + s * delta
            if move.arc:
                arc = direction(mirror(move.arc) if mirrored else move.arc)
                path = path + np.sin(np.pi * s) * 0.3 * np.linalg.norm(delta) * arc
            if move.path and np.linalg.norm(delta) > 1e-6:  # wavy or zigzag across the path
                path = path + _ripple(move.path, s, delta)
            segments = [Segment(path, config, config)]
        elif move.kind == "circle":
            axis = direction(dir_letters)
            radius = CIRCLE_RADIUS[move.size]
            e1 = np.array([0.0, -1.0, 0.0]) if abs(axis[1]) < 0.9 else np.array([1.0, 0.0, 0.0])
            e1 = e1 - (e1 @ axis) * axis
            e1 /= np.linalg.norm(e1)
            e2 = np.cross(axis, e1)
            theta = 2 * np.pi * _ease(_samples(timing.circle * speed * SIZE_TIME_FACTOR[move.size]))[:, None]
            path = start + radius * ((np.cos(theta) - 1.0) * e1 + np.sin(theta) * e2)
            segments = [Segment(path, config, config)]
        elif move.kind == "replace":
            new = move.hand
            if mirrored and new is not None:
                new = HandConfig(new.shape, mirror(new.finger_direction), mirror(new.palm))
            new = HandConfig(new.shape, new.finger_direction or config.finger_direction, new.palm or config.palm)
            n = _samples(timing.replace * speed)
            segments = [Segment(np.repeat(start[None], n, axis=0), config, new)]
            config = new
        elif move.kind == "simultaneous" and move.parts:
            traced = [self._trace(part, side, config, mirrored, timing, start, anchor) for part in move.parts]
            segments = [_superimpose([more for more, _ in traced])]
            config = segments[0].config_b  # a handshape changed while moving (FIREWORK) ends changed
            played = [more for (more, _), part in zip(traced, move.parts) if part.kind == "fingerplay" and len(more) > 1]
            if played:  # fingers fluttering while the hand moves (FIRE's flames rising)
                segments = _cut_like(segments[0], played[0])
        elif move.kind == "fingerplay" and _wiggling(config.shape, move.digits):
            segments = self._finger_wiggle(config, move, start, timing, speed)
        elif move.kind in WRIST_MOVES:
            n = _samples(timing.straight * speed * 1.5)
            wobble = 0.012 * np.sin(np.linspace(0, 4 * np.pi, n))[:, None] * WRIST_MOVES[move.kind]
            segments = [Segment(start + wobble, config, config)]
        elif move.kind in ("seq", "par", "fusion"):
            parts = move.parts[:1] if move.kind == "par" else move.parts
            segments = []
            pos = start
            for part in parts:
                more, config = self._trace(part, side, config, mirrored, timing, pos, anchor)
                segments += more
                pos = segments[-1].offsets[-1]
        else:  # no motion: a hold
            segments = [Segment(np.repeat(start[None], _samples(timing.static_hold), axis=0), config, config)]
        return self._repeat(move, segments, timing), config

    def _finger_wiggle(self, config: HandConfig, move: Movement, start: np.ndarray, timing: Timing,
                       speed: float) -> list[Segment]:
        """Fingers fluttering (``hamfingerplay``): the wiggling fingers bend in alternate pairs
        (index and ring against middle and little finger), WIGGLE_BEATS times, the hand still."""
        fingers = _wiggling(config.shape, move.digits)
        shapes = [_with(config.shape, fingers=config.shape.fingers + (FingerSpec(group, bend="wiggle"),))
                  for group in (fingers[0::2], fingers[1::2]) if group]
        poses = [config] + [_with(config, shape=shape) for shape in shapes]
        n = _samples(timing.straight * speed * WIGGLE_BEAT_FRACTION)
        at = np.repeat(start[None], n, axis=0)
        beats = [poses[1 + k % (len(poses) - 1)] for k in range(WIGGLE_BEATS)]
        return [Segment(at, a, b) for a, b in zip([config] + beats, beats + [config])]

    def _repeat(self, move: Movement, segments: list[Segment], timing: Timing) -> list[Segment]:
        if move.repeat is None:
            return segments
        times = 3 if move.repeat.endswith("several") else 2
        start = segments[0].offsets[0]
        end = segments[-1].offsets[-1]
        out = list(segments)
        for _ in range(times - 1):
            if move.repeat == "reverse":
                out += [Segment(seg.offsets[::-1], seg.config_b, seg.config_a) for seg in reversed(segments)]
                segments = out[-len(segments):]
            elif move.repeat.startswith("continue"):
                shift = out[-1].offsets[-1] - start
                out += [Segment(seg.offsets + shift, seg.config_a, seg.config_b) for seg in segments]
            else:  # from the start: return, then again
                back = _ease(_samples(timing.repeat_return))[:, None]
                first = segments[0]
                out.append(Segment(end + back * (start - end), first.config_a, first.config_a))
                out += segments
        return out

    def _hand_segments(self, sign: Sign, side: str, config: HandConfig, mirrored: bool,
                       timing: Timing, anchor: np.ndarray) -> list[Segment]:
        hold = lambda seconds, cfg, at: Segment(np.repeat(at[None], _samples(seconds), axis=0), cfg, cfg)
        origin = np.zeros(3)
        segments = [hold(timing.hold_start, config, origin)]
        if not sign.movements:
            segments.append(hold(timing.static_hold, config, origin))
        for move in sign.movements:
            if move.kind == "par":
                move = move.parts[0 if side == "r" or len(move.parts) < 2 else 1]
            more, config = self._trace(move, side, config, mirrored, timing, segments[-1].offsets[-1], anchor)
            segments += more
        segments.append(hold(timing.hold_end, config, segments[-1].offsets[-1]))
        return segments

    # -- whole sign ----------------------------------------------------------------------
    def synthesize(self, sign: Sign, name: str, letter: bool = False) -> Clip:
        """The clip of one sign (``letter``: fingerspelling timing and place); a compound
        (signs joined by ``hamplus``) is signed as one fluent sign."""
        timing = LETTER_TIMING if letter else SIGN_TIMING
        # The hand a one-hand location on the other hand or arm (hampalm, hamlowerarm) refers to:
        # as written for this sign (STEAL's palm-down arm), else flat and palm up.
        on_arm = sign.location is not None and sign.location.site in ARM_PARTS and sign.location.site != "upperarm"
        self._base_hand = (sign.nondominant if sign.symmetry is None and sign.nondominant
                           else BASE_ARM if on_arm else BASE_HAND)
        if sign.compound:
            parts = [_with(sign, compound=())] + list(sign.compound)
            joined = fluent_compound(name, [self.synthesize(part, name, letter) for part in parts], timing)
            return self.wrists_in_range(self.hands_apart(self.clear_of_body(joined)))
        tracks = {"r": self._track(sign, "r", sign.dominant, sign.location, False, timing, letter)}
        other, contact = self._nondominant(sign), None
        if self._on_other_hand(sign) and sign.symmetry is None:  # signed on the other hand: hold it as a base
            tracks["l"] = self._hold("l", self._base_hand, self.base_wrist("l"), len(tracks["r"][0]))
            contact = HandContact(CONTACT_GAP["touch"], self.site(sign.location, "r").normal, meet=False)
        elif other is not None:
            config, mirrored = other
            tracks["l"] = self._track(sign, "l", config, sign.location, mirrored, timing, letter)
            tracks, contact = self._hands_together(sign, tracks, config)
        length = max(len(track[0]) for track in tracks.values())
        tracks = {side: _pad(track, length) for side, track in tracks.items()}
        frames = np.repeat(self._rest[None], length, axis=0)
        for side, track in tracks.items():
            self._solve_track(frames, side, track)
        for _ in range(SETTLE_PASSES if contact is not None else 0):
            tracks = self._settle_contact(frames, tracks, contact)
        return Clip.from_matrices(name, frames, RATE)

    def clear_of_body(self, clip: Clip) -> Clip:
        """``clip`` with each arm taken out of the head and torso where it went in: the hand moved
        clear and the arm solved again with an elbow clear of the body. The blend joining compound
        parts turns the joints from one part's last pose to the next part's first and can sweep
        the arm through the body on the way (GODMOTHER: from GOD above the head to MOTHER at the
        chin the elbow passed 16 cm into the chest); the parts' own frames are already clear and
        stay as they are."""
        quats = clip.quaternions
        world_rot, world_pos = self.skeleton.forward_batch(quats)
        frames: np.ndarray | None = None  # made only if some hand is inside the body
        for t in range(len(quats)):
            for side, arm in self.arms.items():
                points, radii = arm_points(world_rot[t:t + 1], world_pos[t:t + 1], self.skeleton, side)
                shift = self.body.clearance(points[0], radii)  # forearm and hand
                if np.linalg.norm(shift) <= CLEARANCE_MARGIN_M + BLEND_TOLERANCE_M:  # touching, not inside
                    continue
                offsets, radii = hand_points(world_rot[t:t + 1], world_pos[t:t + 1], self.skeleton, side)
                wrist = self.clear_hand(side, world_pos[t, arm.hand].copy(), offsets[0], radii)
                swivel = arm.best_swivel(wrist, world_rot[t, arm.hand], self.body.depth_inside)
                self.forearm_clear(side, wrist, swivel)
                if frames is None:
                    frames = Rotation.from_quat(quats.reshape(-1, 4)).as_matrix().reshape(quats.shape[:2] + (3, 3))
                for bone, matrix in arm.solve(wrist, world_rot[t, arm.hand], swivel=swivel).items():
                    frames[t, bone] = matrix
        return clip if frames is None else Clip.from_matrices(clip.name, frames, clip.rate)

    def hands_apart(self, clip: Clip) -> Clip:
        """``clip`` with the right hand drawn back out of the left where they overlap, the right
        arm solved again (measured again after each pass: moving the wrist turns nothing, but the
        hand's fingers do not move in step with it). The same blend between compound parts can
        carry one hand through the other (READER: READ's V over the palm, then the PERSON
        marker's hands down the sides, passed 2.4 cm through); the parts' own contacts are planned
        and stay as they are."""
        arm = self.arms["r"]
        for _ in range(SEPARATE_PASSES):
            rot, pos = self.skeleton.forward_batch(clip.quaternions)
            right, left = hand_solid(rot, pos, self.skeleton, "r"), hand_solid(rot, pos, self.skeleton, "l")
            overlap = hand_overlap(right, left)
            overlapping = np.flatnonzero(overlap > BLEND_TOLERANCE_M)
            if not len(overlapping):
                break
            frames = Rotation.from_quat(clip.quaternions.reshape(-1, 4)).as_matrix().reshape(clip.quaternions.shape[:2] + (3, 3))
            for t in overlapping:
                away = right[t].mean(axis=0) - left[t].mean(axis=0)
                step = (overlap[t] + CLEARANCE_MARGIN_M) * away / max(float(np.linalg.norm(away)), 1e-9)
                wrist = pos[t, arm.hand] + step
                swivel = arm.best_swivel(wrist, rot[t, arm.hand], self.body.depth_inside)
                self.forearm_clear("r", wrist, swivel)
                for bone, matrix in arm.solve(wrist, rot[t, arm.hand], swivel=swivel).items():
                    frames[t, bone] = matrix
            clip = Clip.from_matrices(clip.name, frames, clip.rate)
        return clip

    def wrists_in_range(self, clip: Clip) -> Clip:
        """``clip`` with each wrist turned back within its range where blending joint rotations
        bent it further: slerping the hand's rotation from one compound part's last pose to the
        next part's first can swing the wrist past the range both ends keep (a fuzz finding: a
        palm-up wrist at its limit becoming NIGHT's palm-down base reached 91 degrees). The hand
        gives way at the wrist, as in `ArmModel.solve`."""
        quats = clip.quaternions
        world_rot, world_pos = self.skeleton.forward_batch(quats)
        frames: np.ndarray | None = None  # made only if some wrist is out of range
        flexion = {side: 0.0 for side in self.arms}  # each wrist's flexion the sample before
        for t in range(len(quats)):
            for side, arm in self.arms.items():
                forearm = world_pos[t, arm.hand] - world_pos[t, arm.fore]
                forearm = forearm / np.linalg.norm(forearm)
                hand = world_rot[t, arm.hand]
                limited, flex = arm.limit_wrist(forearm, hand, flexion[side])
                flexion[side] = flex
                # Past the range by more than rounding: the parts' own wrists sit at the limit.
                if limited is not hand and arm.wrist_excess(forearm, hand) > WRIST_ROUNDING_DEG:
                    if frames is None:
                        frames = Rotation.from_quat(quats.reshape(-1, 4)).as_matrix().reshape(quats.shape[:2] + (3, 3))
                    frames[t, arm.hand] = world_rot[t, arm.fore].T @ limited
        return clip if frames is None else Clip.from_matrices(clip.name, frames, clip.rate)

    def _nondominant(self, sign: Sign) -> tuple[HandConfig, bool] | None:
        d = sign.dominant
        if sign.nondominant is not None:
            return sign.nondominant, sign.symmetry == "lr"
        if sign.symmetry is None:
            return None
        return HandConfig(d.shape, mirror(d.finger_direction), mirror(d.palm)), sign.symmetry == "lr"

    def _track(self, sign: Sign, side: str, config: HandConfig, location: Location | None, mirrored: bool,
               timing: Timing, letter: bool):
        if side == "l" and sign.nondominant_location is not None:  # each hand at its own place (SICK)
            start = self.wrist_at(side, config, sign.nondominant_location, letter)
        elif sign.symmetry is None:
            start = self.wrist_at(side, config, location, letter)
        else:  # both hands start mirror images, set apart from the midline
            start = self.wrist_at("r", sign.dominant, location, letter)
            neutral = location is None or location.site == "neutralspace"
            apart = 0.12 if neutral else 0.06  # in neutral space two hands work a shoulder-width apart
            start[0] = -max(-start[0], apart)
            if side == "l":
                start = start * np.array([-1.0, 1.0, 1.0])
        segments = self._hand_segments(sign, side, config, mirrored and side == "l", timing, start)
        if side == "l" and _alternating(sign):
            segments = _delayed_half_cycle(segments, sign.movements[0].repeat if sign.movements else None)
        return self._sample_segments(side, start, segments)

    # -- two hands ------------------------------------------------------------------------
    def _hands_together(self, sign: Sign, tracks: dict, config: HandConfig) -> tuple[dict, "HandContact | None"]:
        """The two tracks placed against each other as the sign says, and the contact to keep
        once the arms are solved: a still base hand under the acting hand's whole path, a hand
        carried on the other (a constellation with ``hamsymmpar``), or mirrored hands meeting at
        the midline (``hamsymmlr`` with a constellation); any other two hands are only set apart
        sideways where they would pass through each other."""
        constellation = sign.constellation
        gap = CONTACT_GAP[constellation.contact if constellation else "touch"]
        length = max(len(track[0]) for track in tracks.values())
        tracks = {side: _pad(track, length) for side, track in tracks.items()}  # alternation delays one
        if sign.symmetry is None:
            base, shift, normal = self._base_in_contact(tracks["r"], sign.dominant, config, constellation, gap,
                                                        len(tracks["r"][0]))
            return {"r": _shifted(tracks["r"], shift), "l": base}, HandContact(gap, normal)
        if sign.symmetry == "par" and constellation is not None:
            first = tuple(part[:1] for part in tracks["r"])  # placed at the start, then carried along
            base, shift, normal = self._base_in_contact(first, sign.dominant, config, constellation, gap, 1)
            left = _shifted(tracks["l"], base[0][0] - tracks["l"][0][0])
            return {"r": _shifted(tracks["r"], shift), "l": _shifted(left, shift)}, HandContact(gap, normal, carried=True)
        if sign.symmetry == "lr" and constellation is not None:
            tracks = _mirror_shifted(tracks, midline_shift(self._track_solid("r", tracks["r"]), gap))
            return tracks, HandContact(gap, None)
        # Otherwise the hands only must not pass through each other: set apart sideways if they would.
        contact = HandContact(gap, SIDEWAYS, meet=False)
        apart = slide_to_contact(self._track_solid("r", tracks["r"]), self._track_solid("l", tracks["l"]), SIDEWAYS, gap)
        if apart > 0.0:
            tracks = {"r": _shifted(tracks["r"], 0.5 * apart * SIDEWAYS), "l": _shifted(tracks["l"], -0.5 * apart * SIDEWAYS)}
        return tracks, contact

    def _settle_contact(self, frames: np.ndarray, tracks: dict, contact: "HandContact") -> dict:
        """Correct, in place, what the arms changed in a planned contact: the wrist's range can
        turn a hand a few degrees from the planned orientation, enough for fingers to sink into
        the other hand, and an arm kept clear of the body can hold the base hand away from where
        it was planned. Measured on the solved pose, the acting (right) hand is moved to the base
        hand (both hands, mirrored, at the midline) and its arm solved again; returns the tracks
        as now placed."""
        quats = Rotation.from_matrix(frames.reshape(-1, 3, 3)).as_quat().reshape(frames.shape[:2] + (4,))
        rot, pos = self.skeleton.forward_batch(quats)
        right, left = (hand_solid(rot, pos, self.skeleton, side) for side in "rl")
        if contact.normal is None:  # mirrored hands meeting: both move sideways
            dx = midline_shift(right, contact.gap)
            if abs(dx) > SETTLE_TOLERANCE_M:
                tracks = _mirror_shifted(tracks, dx)
                for side, track in tracks.items():
                    self._solve_track(frames, side, track)
            return tracks
        if contact.carried:  # a hand carried on the other: each moment on its own
            slide = np.array([slide_to_contact(right[t:t + 1], left[t:t + 1], contact.normal, contact.gap)
                              for t in range(len(right))])
        else:
            slide = np.full(len(right), slide_to_contact(right, left, contact.normal, contact.gap))
        if not contact.meet:  # only kept apart: never drawn together
            slide = np.clip(slide, 0.0, None)
        if np.abs(slide).max() > SETTLE_TOLERANCE_M:  # the acting hand comes to the base where the base went
            tracks = {**tracks, "r": _shifted(tracks["r"], slide[:, None] * contact.normal)}
            self._solve_track(frames, "r", tracks["r"])
        return tracks

    def _base_in_contact(self, right_track, dominant: HandConfig, config: HandConfig,
                         constellation: Constellation | None, gap: float, n: int):
        """A still left hand in ``config`` (track of ``n`` samples) touching the right hand's
        path (``dominant``: its configuration at the start) where that path presses furthest onto
        it, the shift (3,) the right hand needs if keeping the base hand clear of the body moved
        it, and the contact surface's normal (3,).

        The contact surface is the written non-dominant part, else the palm or back of the base
        hand, whichever faces up and towards the right hand more (STOP chops onto the palm,
        WORK taps the back of the fist)."""
        moving = self._track_solid("r", right_track)
        if constellation is not None and constellation.nondominant.site in HAND_SITES:
            surface = self.hand_part("l", config, constellation.nondominant.site)
        else:
            palm, back = (self.hand_part("l", config, name) for name in ("palm", "handback"))
            towards = np.array([-0.5, 1.0, 0.3])  # up, towards the right hand, then forward
            surface = palm if palm.normal @ towards >= back.normal @ towards else back
        t, i = lowest(moving, surface.normal)
        pressing = moving[t, i]
        written = constellation.dominant if constellation is not None else None
        if written is not None and written is not constellation.nondominant and written.site in HAND_SITES:
            part = self.hand_part("r", dominant, written.site).point  # turned as the hand is at the start
            pressing = right_track[0][t] + right_track[1][t] @ self.hand_rotation("r", dominant).T @ part
        rotation = self.hand_rotation("l", config)
        still = self._solid_rest("l", self.hands["l"].pose(config.shape)) @ rotation.T
        wrist = pressing - surface.point
        wrist = wrist - slide_to_contact(moving, wrist + still, surface.normal, gap) * surface.normal
        # The pair moves over until the base hand is on its own side: a left hand reaching across
        # the body would drive its forearm into the chest.
        across = np.array([max(0.0, BASE_MIN_X_M - wrist[0]), 0.0, 0.0])
        base = self._hold("l", config, wrist + across, n)
        return base, base[0][0] - wrist, surface.normal

    def _solid_rest(self, side: str, pose: HandPose) -> np.ndarray:
        """(P, 3) the hand's contact solid in ``pose``, relative to the wrist, hand unturned."""
        key = (side, "solid", id(pose))
        if key not in self._points or self._points[key]["pose"] is not pose:  # ids of dead poses recur
            hand = self.hands[side]
            wrist = self.skeleton.heads[hand.hand]
            chains = np.stack([hand._chain_points(pose.rotations, f) for f in SOLID_FINGERS]) - wrist
            self._points[key] = {"pose": pose, "points": solid_points(np.zeros(3), chains[:4, 0], chains)}
        return self._points[key]["points"]

    def _track_solid(self, side: str, track) -> np.ndarray:
        """(N, P, 3) world points of the hand's contact solid along a track."""
        wrists, rotations, poses = track
        rest = [self._solid_rest(side, a if s < 0.5 else b) for a, b, s in poses]
        return np.stack([w + p @ r.T for w, p, r in zip(wrists, rest, rotations)])

    def clear_hand(self, side: str, wrist: np.ndarray, offsets: np.ndarray, radii: np.ndarray) -> np.ndarray:
        """The wrist within the arm's reach, moved so no point of the hand (wrist + ``offsets``
        (P, 3), flesh ``radii`` (P,)) is inside the torso or head."""
        key = (side, wrist.tobytes(), offsets.tobytes())
        if self._last_cleared[0] == key:  # holds ask the same again, sample after sample
            return self._last_cleared[1].copy()
        arm = self.arms[side]
        wrist = arm.within_reach(wrist)
        for _ in range(3):  # leaving the torso can bring the hand against the head, and back
            shift = self.body.clearance(wrist + offsets, radii)
            if not shift.any():
                break
            # Leaving the head can also bring the hand nearer the shoulder than the folded arm
            # reaches (a path from the ear past the shoulder): back within reach, and check again.
            wrist = arm.within_reach(wrist + shift)
        self._last_cleared = (key, wrist.copy())
        return wrist

    def _hull(self, side: str, pose: HandPose, rotation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points of a hand in ``pose`` (P, 3) relative to the wrist, turned by ``rotation``, and
        their radii: the wrist, the palm and every finger's joints and tip."""
        key = (side, "hull", id(pose))
        if key not in self._points or self._points[key]["pose"] is not pose:  # ids of dead poses recur
            hand = self.hands[side]
            wrist = self.skeleton.heads[hand.hand]
            chains = [hand._chain_points(pose.rotations, f) - wrist for f in ("index", "middle", "ring", "pinky", "thumb")]
            points = np.concatenate([[np.zeros(3), hand.palm_centre_rest - wrist]] + chains)
            radii = np.array([FOREARM_RADII[-1], KNUCKLE_RADIUS]
                             + [KNUCKLE_RADIUS, FINGER_RADIUS, FINGER_RADIUS, FINGER_RADIUS] * len(chains))
            self._points[key] = {"pose": pose, "points": points, "radii": radii}
        hull = self._points[key]
        return hull["points"] @ rotation.T, hull["radii"]

    def _hold(self, side: str, config: HandConfig, wrist: np.ndarray, n: int):
        """A track (wrists, rotations, poses) holding one hand still for n samples."""
        rotation = self.hand_rotation(side, config)
        wrist = self.clear_hand(side, wrist, *self._hull(side, self.hands[side].pose(config.shape), rotation))
        pose = self.hands[side].pose(config.shape)
        return np.repeat(wrist[None], n, axis=0), np.repeat(rotation[None], n, axis=0), [(pose, pose, 0.0)] * n

    def _sample_segments(self, side: str, start: np.ndarray, segments: list[Segment]):
        wrists, rotations, poses = [], [], []
        for seg in segments:
            rot_a = self.hand_rotation(side, seg.config_a)
            rot_b = self.hand_rotation(side, seg.config_b)
            pose_a = self.hands[side].pose(seg.config_a.shape)
            pose_b = self.hands[side].pose(seg.config_b.shape)
            blend = _ease(len(seg.offsets))
            if rot_a is rot_b or np.allclose(rot_a, rot_b):
                turned = np.broadcast_to(rot_a, (len(blend), 3, 3))
            else:
                turned = Slerp([0.0, 1.0], Rotation.from_matrix(np.stack([rot_a, rot_b])))(blend).as_matrix()
            first = 1 if wrists else 0  # a segment starts where the previous one ended
            for k in range(first, len(seg.offsets)):
                hull = self._hull(side, pose_a if blend[k] < 0.5 else pose_b, turned[k])
                wrists.append(self.clear_hand(side, start + seg.offsets[k], *hull))
                rotations.append(turned[k])
                poses.append((pose_a, pose_b, float(blend[k])))
        return np.array(wrists), np.array(rotations), poses

    def _solve_track(self, frames: np.ndarray, side: str, track) -> None:
        wrists, rotations, poses = track
        arm = self.arms[side]
        wrists, swivels = self.arm_track(side, wrists, rotations)
        bones = (arm.upper, arm.fore, arm.hand)
        flexion = 0.0
        for t, (wrist, rotation, (pose_a, pose_b, s)) in enumerate(zip(wrists, rotations, poses)):
            if t and _same_sample(track, wrists, swivels, t):  # a hold: the arm is as it was
                frames[t, list(bones)] = frames[t - 1, list(bones)]
            else:
                forearm = arm.forearm(wrist, swivels[t])
                limited, flexion = arm.limit_wrist(forearm, rotation, flexion)
                moved = False
                if limited is not rotation:  # the hand gave way at the wrist: keep it clear of the body
                    cleared = self.clear_hand(side, wrist, *self._hull(side, pose_a if s < 0.5 else pose_b, limited))
                    moved, wrist = not np.array_equal(cleared, wrist), cleared
                for bone, matrix in arm.solve(wrist, limited, swivel=swivels[t], limited=not moved).items():
                    frames[t, bone] = matrix
            _apply_hand_pose(frames[t], pose_a, pose_b, s)

    def arm_track(self, side: str, wrists: np.ndarray, rotations: np.ndarray,
                  planned: np.ndarray | None = None, pull: float = SWIVEL_COST_PER_DEG) -> tuple[np.ndarray, np.ndarray]:
        """Wrists (N, 3) and elbow swivels (N,) radians for a run of wrist targets (N, 3) and hand
        rotations (N, 3, 3). Each sample takes its best swivel near ``planned`` (if given) or else
        near the sample before; where even that elbow is in the body, the wrist comes forward
        until the forearm is clear. The swivels are smoothed so the elbow glides rather than
        steps between the solver's candidate angles."""
        arm, inside = self.arms[side], self.body.depth_inside
        raw = np.asarray(wrists, float)
        wrists = raw.copy()
        swivels = np.empty(len(wrists))
        previous = None
        for t, rotation in enumerate(rotations):
            if planned is None and t and np.array_equal(raw[t], raw[t - 1]) and np.array_equal(rotation, rotations[t - 1]):
                wrists[t], swivels[t] = wrists[t - 1], swivels[t - 1]  # a hold: nothing to choose again
                continue
            near = planned[t] if planned is not None else previous
            if near is not None and arm.keeps(wrists[t], rotation, inside, near):
                previous = swivels[t] = near  # nothing wrong where the elbow is: it stays
                continue
            for _ in range(4):
                previous = swivels[t] = arm.best_swivel(wrists[t], rotation, inside, near, pull)
                if self.forearm_clear(side, wrists[t], swivels[t], tries=1) <= 0.0:
                    break
        chosen, swivels = swivels, smoothed(swivels)
        for t in np.flatnonzero(np.abs(swivels - chosen) > 1e-6):  # smoothing moved these elbows: check again
            self.settle_forearm(side, wrists[t], rotations[t], swivels, t)
        return wrists, swivels

    def settle_forearm(self, side: str, wrist: np.ndarray, rotation: np.ndarray, swivels: np.ndarray, t: int) -> None:
        """Clear the forearm at sample ``t``: bring the wrist forward (in place) and, where that
        cannot free an elbow caught against the body, take the nearest clear swivel instead."""
        if self.forearm_clear(side, wrist, swivels[t]) > 0.0:
            swivels[t] = self.arms[side].best_swivel(wrist, rotation, self.body.depth_inside, swivels[t], 0.5)
            self.forearm_clear(side, wrist, swivels[t])

    def forearm_clear(self, side: str, wrist: np.ndarray, swivel: float, tries: int = 3) -> float:
        """Bring ``wrist`` (3,) forward, in place, until the forearm reaching it with the elbow at
        ``swivel`` is out of the body; returns how deep (m) it still is (0 once clear)."""
        arm = self.arms[side]
        depth = arm.forearm_depth(wrist, swivel, self.body.depth_inside)
        for _ in range(tries):
            if depth <= 0.0:
                break
            wrist[2] += depth + CLEARANCE_MARGIN_M
            depth = arm.forearm_depth(wrist, swivel, self.body.depth_inside)
        return depth

    def lowered(self, pose: np.ndarray, drop: float = PAUSE_DROP_M) -> np.ndarray:
        """(J, 4) ``pose`` with both hands lowered by ``drop`` (m) and drawn a quarter of the way
        towards the rest, hand orientations and fingers kept: a signer's pause between sentences."""
        frame = to_matrices(pose)
        world_rot, world_pos = self.skeleton.forward(frame)
        _, rest_pos = self.skeleton.forward(self._rest)
        for side, arm in self.arms.items():
            wrist = world_pos[arm.hand] + np.array([0.0, -drop, 0.0])
            wrist = wrist + PAUSE_TOWARDS_REST * (rest_pos[arm.hand] - wrist)
            offsets, radii = hand_points(world_rot[None], world_pos[None], self.skeleton, side)
            wrist = self.clear_hand(side, wrist, offsets[0], radii)
            swivel = arm.best_swivel(wrist, world_rot[arm.hand], self.body.depth_inside)
            self.forearm_clear(side, wrist, swivel)
            for bone, matrix in arm.solve(wrist, world_rot[arm.hand], swivel=swivel).items():
                frame[bone] = matrix
        return Rotation.from_matrix(frame).as_quat()

    # -- rest ----------------------------------------------------------------------------
    def _rest_pose(self) -> np.ndarray:
        """(J,3,3) the signer's rest: hands lowered and loosely together in front of the waist."""
        frames = self.skeleton.identity_pose()
        for side in "rl":
            outward = -1.0 if side == "r" else 1.0
            config = HandConfig(RELAXED_SHAPE, "o" + ("l" if side == "r" else "r"), "u")
            site = self.body.site("belowstomach", side).point
            wrist = site + np.array([outward * 0.1, 0.02, 0.12])
            for bone, matrix in self.arms[side].solve(wrist, self.hand_rotation(side, config)).items():
                frames[bone] = matrix
            relaxed = self.hands[side].relaxed()
            _apply_hand_pose(frames, relaxed, relaxed, 0.0)
        return frames

    def rest_clip(self, seconds: float = 0.5) -> Clip:
        """A still clip of the rest pose."""
        n = _samples(seconds)
        return Clip.from_matrices("rest", np.repeat(self._rest[None], n, axis=0), RATE)


def _same_sample(track, wrists: np.ndarray, swivels: np.ndarray, t: int) -> bool:
    """Sample ``t`` of a track asks for exactly what sample ``t - 1`` did."""
    _, rotations, poses = track
    return (np.array_equal(wrists[t], wrists[t - 1]) and swivels[t] == swivels[t - 1]
            and np.array_equal(rotations[t], rotations[t - 1]) and poses[t][0] is poses[t - 1][0]
            and poses[t][1] is poses[t - 1][1] and poses[t][2] == poses[t - 1][2])


def smoothed(values: np.ndarray, passes: int = 3) -> np.ndarray:
    """``values`` (N,) low-passed with a [1, 2, 1] / 4 kernel ``passes`` times, ends held."""
    out = np.asarray(values, float)
    for _ in range(passes):
        if len(out) < 3:
            break
        padded = np.concatenate([out[:1], out, out[-1:]])
        out = 0.25 * padded[:-2] + 0.5 * padded[1:-1] + 0.25 * padded[2:]
    return out


CYCLES = {None: 1, "reverse": 1, "fromstart": 2, "continue": 2, "fromstartseveral": 3, "continueseveral": 3}


def _alternating(sign: Sign) -> bool:
    """The hands take turns (``hamalternatingmotion`` after the symmetry or on a movement)."""
    return "alternatingmotion" in sign.symmetry_modifiers or any(m.alternating for m in sign.movements)


def _delayed_half_cycle(segments: list[Segment], repeat: str | None) -> list[Segment]:
    """The other hand's segments with its movement starting half a cycle late, so when one hand
    is up the other is down (FIRE's flames, CAR's wheel); a cycle is the movement's length over
    its number of repetitions (there and back for ``hamrepeatreverse``)."""
    moving = sum(len(seg.offsets) for seg in segments[1:-1])
    wait = int(round(moving / CYCLES.get(repeat, 1) / 2))
    if wait < 2:
        return segments
    first = segments[0]
    hold = Segment(np.repeat(first.offsets[-1:], wait, axis=0), first.config_b, first.config_b)
    return [first, hold] + segments[1:]


def _wiggling(shape: Handshape, digits: tuple[str, ...]) -> tuple[str, ...]:
    """The fingers a finger play moves: those written, else the extended ones (none for a fist,
    which keeps the hand's small wobble instead)."""
    if digits:
        return tuple(d for d in digits if d in FINGERS)
    return tuple(f for f, state in finger_states(shape).items() if state == "extended")


def _ripple(kind: str, s: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """(n, 3) sideways offsets making a straight path wavy (sine) or zigzag (triangle wave)."""
    side = np.cross(delta, [0.0, 0.0, 1.0])
    if np.linalg.norm(side) < 1e-6:
        side = np.cross(delta, [0.0, 1.0, 0.0])
    side = side / np.linalg.norm(side) * 0.02
    phase = 3 * s  # three waves along the path
    wave = np.sin(2 * np.pi * phase) if kind == "wavy" else 2 * np.abs(2 * (phase - np.floor(phase + 0.5))) - 1
    return wave * side


def fluent_compound(name: str, clips: list[Clip], timing: Timing) -> Clip:
    """Compound parts as one sign: each part but the first loses its opening hold, each but the
    last its closing hold, and a quick minimum-jerk blend (from COMPOUND_TRANSITION_S) joins them, as
    a fluent compound runs its parts together (TONIGHT = NOW NIGHT is not two citation forms)."""
    out = [clips[0].trimmed(0.0, timing.hold_end)]
    for clip in clips[1:]:
        clip = clip.trimmed(timing.hold_start, timing.hold_end if clip is not clips[-1] else 0.0)
        flip = np.where(np.sum(out[-1].last * clip.first, axis=-1) < 0.0, -1.0, 1.0)[:, None]
        clip = Clip(clip.name, clip.quaternions * flip, clip.rate)  # same rotations, no sign jump
        a, b = out[-1].last, clip.first
        turn = 2.0 * float(np.arccos(np.clip(np.abs(np.sum(a * b, axis=-1)), 0.0, 1.0)).max())  # radians
        s = _ease(_samples(min(COMPOUND_TRANSITION_S + COMPOUND_S_PER_RAD * turn, COMPOUND_TRANSITION_MAX_S)))[1:-1]
        blend = np.stack([slerp(a, b, float(k)) for k in s]) if len(s) else np.empty((0,) + a.shape)
        out += [Clip(name, blend, RATE), clip]
    return Clip(name, np.concatenate([c.quaternions for c in out]), RATE)


def _superimpose(parts: list[list[Segment]]) -> Segment:
    """One segment doing several movements at once: their offsets added over the longest duration;
    the hand configuration goes from where it starts to the one a part changes it to (a replace
    done while moving), else follows the first movement."""
    paths = [np.concatenate([seg.offsets for seg in segments]) for segments in parts]
    length = max(len(path) for path in paths)
    total = np.repeat(paths[0][:1], length, axis=0).astype(float)
    for path in paths:
        grid = np.linspace(0, len(path) - 1, length)
        resampled = np.stack([np.interp(grid, np.arange(len(path)), path[:, k]) for k in range(3)], axis=1)
        total += resampled - path[0]
    start = parts[0][0].config_a
    end = next((segments[-1].config_b for segments in parts if segments[-1].config_b != start), parts[0][-1].config_b)
    return Segment(total, start, end)


@dataclass(frozen=True)
class HandContact:
    """Contact kept between the hands: ``gap`` (m) between their flesh along ``normal`` (3,), the
    base hand's contact surface (`SIDEWAYS` for two hands side by side), or None for mirrored
    hands meeting at the midline. ``meet``: the hands are brought to the gap; else they are only
    kept from passing through each other.
    ``carried``: the base hand moves with the other (kept in contact sample by sample), rather
    than staying still under its whole path."""

    gap: float
    normal: np.ndarray | None
    meet: bool = True
    carried: bool = False


def _mirror_shifted(tracks: dict, dx: float) -> dict:
    """Mirrored tracks moved ``dx`` (m) towards each other (right +x, left -x)."""
    return {"r": _shifted(tracks["r"], np.array([dx, 0.0, 0.0])), "l": _shifted(tracks["l"], np.array([-dx, 0.0, 0.0]))}


def _shifted(track, shift: np.ndarray):
    """A track (wrists, rotations, poses) moved by ``shift`` (3,) or per sample (N, 3) m."""
    wrists, rotations, poses = track
    return (wrists + shift, rotations, poses) if np.any(shift) else track


def _cut_like(path: Segment, beats: list[Segment]) -> list[Segment]:
    """``path`` cut into pieces as long (in proportion) as ``beats``, each piece taking its beat's
    hand configurations: one movement carrying another's changes of handshape."""
    lengths = np.array([len(seg.offsets) - 1 for seg in beats], float)
    cuts = np.round(np.concatenate([[0.0], np.cumsum(lengths)]) / lengths.sum() * (len(path.offsets) - 1)).astype(int)
    return [Segment(path.offsets[a:b + 1], seg.config_a, seg.config_b)
            for a, b, seg in zip(cuts[:-1], cuts[1:], beats) if b > a]


def _pad(track, length: int):
    """A track held at its last sample until it has ``length`` samples."""
    wrists, rotations, poses = track
    extra = length - len(wrists)
    if extra <= 0:
        return track
    return (np.concatenate([wrists, np.repeat(wrists[-1:], extra, axis=0)]),
            np.concatenate([rotations, np.repeat(rotations[-1:], extra, axis=0)]), list(poses) + [poses[-1]] * extra)


def _apply_hand_pose(frame: np.ndarray, pose_a: HandPose, pose_b: HandPose, s: float) -> None:
    """Write finger rotations into one (J,3,3) frame, blending two hand poses by ``s``."""
    bones = list(pose_a.rotations)
    if s <= 0.0 or pose_b is pose_a:
        for bone in bones:
            frame[bone] = pose_a.rotations[bone]
        return
    a = Rotation.from_matrix(np.stack([pose_a.rotations[b] for b in bones])).as_quat()
    b = Rotation.from_matrix(np.stack([pose_b.rotations[b] for b in bones])).as_quat()
    frame[bones] = to_matrices(slerp(a, b, s))
