"""A timeline: clips placed one after another, joined by eased transitions, between rests.

Transitions interpolate every joint's rotation (quaternion slerp) with a minimum-jerk profile,
so the hands leave one sign and arrive at the next with zero velocity.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

import numpy as np

from signgen.motion.clip import Clip, slerp

REST_HOLD_S = 0.6       # still rest before the first and after the last sign
REST_TRANSITION_S = 0.45
PAUSE_SETTLE_S = 0.22   # moving into a pause pose; the rest of the pause holds it


@dataclass(frozen=True)
class Step:
    """A clip to play and how to arrive at it.

    transition_s: seconds to move from the previous pose into the clip.
    pause_s: seconds of pause before that transition.
    pause_pose: (J, 4) where the pause settles (hands lowered a little between sentences); None
        holds the previous pose.
    settle_s: seconds moving into the pause pose (at most 60% of the pause).
    """

    clip: Clip
    transition_s: float = 0.22
    pause_s: float = 0.0
    pause_pose: np.ndarray | None = None
    settle_s: float = PAUSE_SETTLE_S


@dataclass(frozen=True)
class Span:
    """A stretch of the timeline: [start, end) seconds showing a clip, a hold or a transition."""

    start: float
    end: float
    clip: Clip | None = None                       # played from its start
    poses: tuple[np.ndarray, np.ndarray] | None = None  # (J,4) from -> to, for transitions and holds

    def sample(self, t: float) -> np.ndarray:
        if self.clip is not None:
            return self.clip.sample(t - self.start)
        a, b = self.poses
        if self.end <= self.start:
            return b
        s = (t - self.start) / (self.end - self.start)
        s = float(np.clip(s, 0.0, 1.0))
        return slerp(a, b, s**3 * (10 - 15 * s + 6 * s**2))


@dataclass(frozen=True, eq=False)
class Timeline:
    """The whole performance: spans in time order and where each step's clip plays."""

    spans: tuple[Span, ...]
    clip_times: tuple[tuple[float, float], ...]  # (start, end) seconds of each step's clip, in step order

    @property
    def duration(self) -> float:
        return self.spans[-1].end

    @cached_property
    def _starts(self) -> list[float]:
        return [span.start for span in self.spans]

    def pose(self, t: float) -> np.ndarray:
        """(J, 4) joint quaternions at ``t`` seconds."""
        k = max(0, min(bisect_right(self._starts, t) - 1, len(self.spans) - 1))
        return self.spans[k].sample(t)

    def poses(self, fps: float) -> "np.ndarray":
        """(N, J, 4) poses for every frame at ``fps`` (N = round(duration * fps) + 1)."""
        count = int(round(self.duration * fps)) + 1
        out = np.empty((count,) + self.spans[0].sample(0.0).shape)
        k = 0
        for i in range(count):
            t = i / fps
            while k + 1 < len(self.spans) and self.spans[k + 1].start <= t:
                k += 1
            out[i] = self.spans[k].sample(t)
        return out


def build_timeline(steps: Sequence[Step], rest: Clip, hold_s: float = REST_HOLD_S) -> Timeline:
    """Rest (``hold_s`` seconds), then each step's clip after its pause and transition, then back to rest."""
    spans: list[Span] = []
    times: list[tuple[float, float]] = []
    t = 0.0
    current = rest.first

    def add(duration: float, clip: Clip | None = None, poses=None) -> None:
        nonlocal t
        spans.append(Span(t, t + duration, clip, poses))
        t += duration

    add(hold_s, poses=(current, current))
    for step in steps:
        if step.pause_s > 0 and step.pause_pose is not None:
            settle = min(step.settle_s, 0.6 * step.pause_s)
            add(settle, poses=(current, step.pause_pose))
            add(step.pause_s - settle, poses=(step.pause_pose, step.pause_pose))
            current = step.pause_pose
        elif step.pause_s > 0:
            add(step.pause_s, poses=(current, current))
        add(step.transition_s if times else REST_TRANSITION_S, poses=(current, step.clip.first))
        times.append((t, t + step.clip.duration))
        add(step.clip.duration, clip=step.clip)
        current = step.clip.last
    add(REST_TRANSITION_S, poses=(current, rest.first))
    add(REST_HOLD_S, poses=(rest.first, rest.first))
    return Timeline(tuple(spans), tuple(times))
