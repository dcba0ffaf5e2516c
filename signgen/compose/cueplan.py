"""When to sign each subtitle cue: the interpreter's schedule, worked out on durations alone.

A programme's speech sets the pace. Each cue's signing starts `LEAD_S` after the cue appears
when the signer is free (an interpreter cannot sign words before they are said). When a cue's
signing would run into the next cue's start, it is signed faster, up to `MAX_SPEED`; what is
still left over delays the next cue (the lag is carried forward). A cue's signing never starts
more than `MAX_LAG_S` after the cue: when it would, the signer condenses, as interpreters do,
by leaving out glosses of the cues before it (pointing signs first, then names already spelled
once, then the latest sign), until it fits. The signing also ends before the programme does.

Everything here is arithmetic on seconds, so the rules are tested directly; `signgen.compose.
cuesigning` turns the plan into a timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

LEAD_S = 0.25       # a free signer starts this long after the cue appears (within 0.5 s)
MAX_SPEED = 1.25    # fastest signing used to keep up with the speech
MAX_LAG_S = 2.0     # a cue's signing never starts later than this after the cue
_EPS = 1e-6


@dataclass(frozen=True)
class Unit:
    """One gloss's signing at natural speed, owned by cue ``cue``.

    pause_s: the pause before it (between sentences, phrases, around spelled words).
    transition_s: moving into its first sign. body_s: the rest of it (signs or letters and the
    transitions and pauses among them). rank: which goes first when the signer must condense
    (lowest first).
    """

    cue: int
    pause_s: float
    transition_s: float
    body_s: float
    rank: int = 2


@dataclass(frozen=True)
class CueSlot:
    """A cue's planned signing: the hands start moving at ``start_s`` and its last sign ends at
    ``end_s``, signed ``speed`` times as fast as natural; ``units`` kept and ``dropped`` (indices
    into the plan's units). A cue with nothing to sign has no times."""

    start_s: float | None
    end_s: float | None
    speed: float
    units: tuple[int, ...]
    dropped: tuple[int, ...]


def plan_cues(cue_starts: Sequence[float], units: Sequence[Unit], end_s: float,
              first_transition_s: float) -> list[CueSlot]:
    """Schedule the signing of each cue (cue starts in seconds, ascending).

    end_s: the last sign must end by then (the programme's end less the return to rest).
    first_transition_s: the move from rest into the very first sign, which keeps its length
    whatever the speed (the timeline's opening move).
    """
    kept = [[i for i, u in enumerate(units) if u.cue == k] for k in range(len(cue_starts))]
    dropped: list[list[int]] = [[] for _ in cue_starts]
    while True:
        slots, late = _schedule(cue_starts, units, kept, dropped, end_s, first_transition_s)
        if late is None:
            return slots
        # Condense: the latest cue before the late one (or the last cue, when the signing overruns
        # the programme) that still has something to leave out gives up one gloss.
        last = min(late, len(cue_starts)) - 1
        donors = [k for k in range(last, -1, -1) if kept[k]]
        if not donors:
            return slots  # nothing left to leave out (cannot happen while cues start before end_s)
        k = donors[0]
        victim = min(kept[k], key=lambda i: (units[i].rank, -i))
        kept[k].remove(victim)
        dropped[k].append(victim)


def _schedule(cue_starts, units, kept, dropped, end_s, first_transition_s):
    """The slots for the kept units, and the first cue that starts too late (len(cues) when the
    signing overruns ``end_s``), or None."""
    slots: list[CueSlot] = []
    previous_end: float | None = None  # None: nothing signed yet, the hands are at rest
    signing = [k for k in range(len(cue_starts)) if kept[k]]
    for k, cue_start in enumerate(cue_starts):
        if not kept[k]:
            slots.append(CueSlot(None, None, 1.0, (), tuple(dropped[k])))
            continue
        first = units[kept[k][0]]
        start = cue_start + LEAD_S if previous_end is None else max(cue_start + LEAD_S, previous_end + first.pause_s)
        if start - cue_start > MAX_LAG_S + _EPS:
            return slots, k
        fixed = first_transition_s if previous_end is None else 0.0
        scalable = (0.0 if previous_end is None else first.transition_s) + first.body_s + sum(
            units[i].pause_s + units[i].transition_s + units[i].body_s for i in kept[k][1:])
        later = [j for j in signing if j > k]
        if later:  # aim to be free when the next signed cue's signing should start
            target = cue_starts[later[0]] + LEAD_S - units[kept[later[0]][0]].pause_s
        else:
            target = end_s
        room = target - start - fixed
        speed = 1.0 if start + fixed + scalable <= target + _EPS else (
            MAX_SPEED if room <= _EPS else min(MAX_SPEED, scalable / room))
        previous_end = start + fixed + scalable / speed
        slots.append(CueSlot(start, previous_end, speed, tuple(kept[k]), tuple(dropped[k])))
    if previous_end is not None and previous_end > end_s + _EPS:
        return slots, len(cue_starts)
    return slots, None
