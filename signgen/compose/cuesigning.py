"""Sign a programme's subtitle cues in time with them: cues -> gloss -> schedule -> performance.

The cues' text is glossed as one story, so a sentence that runs across cues is glossed as the
sentence it is. Each gloss then belongs to the cue its words are in; where ASL word order moves
a gloss ahead of words from an earlier cue (a time phrase said last, signed first), it stays with
the later cue, so nothing is signed before it is said. `cueplan` decides when each cue is
signed and how fast; here its plan becomes the signer's timeline.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Sequence


from signgen.compose.cueplan import CueSlot, Unit, plan_cues
from signgen.gloss.types import GlossDocument
from signgen.ingest import story_from_text
from signgen.motion.timeline import REST_TRANSITION_S
from signgen.perform import GlossSteps, Performance
from signgen.pipeline import Studio
from signgen.video.captions import Cue

LONG_WAIT_S = 1.5  # a wait longer than this between cues: the hands go down to rest


@dataclass(frozen=True)
class SignedCue:
    """How one cue is signed. Times in seconds from the programme's start; None when nothing in
    the cue is signed. lag_s: from the cue's start to the signing's start (the hands moving)."""

    cue: Cue
    sign_start_s: float | None
    sign_end_s: float | None
    speed: float
    glosses: tuple[str, ...]
    dropped: tuple[str, ...]

    @property
    def lag_s(self) -> float | None:
        return None if self.sign_start_s is None else self.sign_start_s - self.cue.start_s

    def to_json(self) -> dict:
        def r(x):
            return None if x is None else round(x, 3)
        return {"text": self.cue.text, "start_s": r(self.cue.start_s), "end_s": r(self.cue.end_s),
                "sign_start_s": r(self.sign_start_s), "sign_end_s": r(self.sign_end_s), "lag_s": r(self.lag_s),
                "speed": round(self.speed, 3), "glosses": list(self.glosses), "dropped": list(self.dropped)}


@dataclass(frozen=True, eq=False)
class SignedCues:
    """The performance that signs a programme's cues, and how each cue is signed."""

    performance: Performance
    cues: tuple[SignedCue, ...]

    @property
    def max_lag_s(self) -> float:
        return max((c.lag_s for c in self.cues if c.lag_s is not None), default=0.0)


def sign_cues(studio: Studio, cues: Sequence[Cue], programme_s: float) -> SignedCues:
    """Plan the signing of ``cues`` (in time order) over a programme ``programme_s`` seconds long."""
    text, offsets = _joined(cues)
    document = studio.gloss(story_from_text(text, slug="subtitles"))
    groups = studio.signer.gloss_steps(document)
    owners = _cue_of_each(document, groups, offsets)
    units = [_unit(g, cue, rank) for g, cue, rank in zip(groups, owners, _ranks(document, groups))]
    slots = plan_cues([c.start_s for c in cues], units, programme_s - REST_TRANSITION_S, REST_TRANSITION_S)
    timed = _timed_groups(studio, groups, slots)
    performance = studio.signer.performance(document, [g for g, _ in timed], hold_s=0.0)
    return SignedCues(performance, tuple(_signed(document, groups, cues, slots, timed, performance)))


def _joined(cues: Sequence[Cue]) -> tuple[str, list[int]]:
    """The cues' text as one line, and where each cue's text starts in it."""
    offsets, parts, at = [], [], 0
    for cue in cues:
        offsets.append(at)
        parts.append(cue.text)
        at += len(cue.text) + 1
    return " ".join(parts), offsets


def _cue_of_each(document: GlossDocument, groups: Sequence[GlossSteps], offsets: list[int]) -> list[int]:
    """The cue each group signs: where its words are, never earlier than the group before it."""
    owners, latest = [], 0
    for g in groups:
        sentence = document.sentences[g.sentence]
        char = sentence.glosses[g.gloss].source[0] if g.gloss >= 0 else sentence.start_char
        latest = max(latest, bisect.bisect_right(offsets, char) - 1)
        owners.append(latest)
    return owners


def _ranks(document: GlossDocument, groups: Sequence[GlossSteps]) -> list[int]:
    """Which glosses an overrunning signer leaves out first (lowest): pointing and the rest held
    for an empty sentence (0), a name spelled before (1), signs and numbers (2), a name spelled
    the first time (3: names are the news)."""
    ranks, spelled = [], set()
    for g in groups:
        gloss = document.sentences[g.sentence].glosses[g.gloss] if g.gloss >= 0 else None
        if gloss is None or gloss.kind == "index":
            ranks.append(0)
        elif gloss.kind == "fingerspell":
            ranks.append(1 if gloss.gloss in spelled else 3)
            spelled.add(gloss.gloss)
        else:
            ranks.append(2)
    return ranks


def _unit(group: GlossSteps, cue: int, rank: int) -> Unit:
    first = group.steps[0]
    return Unit(cue, first.pause_s, first.transition_s, group.duration_s - first.pause_s - first.transition_s, rank)


def _timed_groups(studio: Studio, groups: Sequence[GlossSteps], slots: Sequence[CueSlot]) -> list[tuple[GlossSteps, int]]:
    """The kept groups at their cue's speed, each cue's first one waiting for its start; with the
    cue they belong to. Pauses settle from the sign actually signed before (one may be left out)."""
    signer = studio.signer.synthesizer
    rest = signer.rest_clip().first
    out: list[tuple[GlossSteps, int]] = []
    previous_end, previous_pose = None, rest
    for k, slot in enumerate(slots):
        for n, index in enumerate(slot.units):
            group = groups[index].at_speed(slot.speed)
            steps = list(group.steps)
            if n == 0:
                wait = slot.start_s - (previous_end or 0.0)
                pose = None if previous_end is None else (
                    rest if wait > LONG_WAIT_S else signer.lowered(previous_pose))
                settle = REST_TRANSITION_S if wait > LONG_WAIT_S else steps[0].settle_s
                steps[0] = replace(steps[0], pause_s=wait, pause_pose=pose, settle_s=settle)
            for i, step in enumerate(steps):
                before = previous_pose if i == 0 else steps[i - 1].clip.last
                if step.pause_pose is not None and not (n == 0 and i == 0):
                    steps[i] = replace(step, pause_pose=signer.lowered(before))
            previous_pose = steps[-1].clip.last
            out.append((replace(group, steps=tuple(steps)), k))
        if slot.units:
            previous_end = slot.end_s
    return out


def _signed(document, groups, cues, slots, timed, performance) -> list[SignedCue]:
    """Each cue's signing as the timeline has it (start: the move into its first sign)."""
    clip_times = performance.timeline.clip_times
    spans: dict[int, list[float]] = {}
    step = 0
    for group, k in timed:
        start, end = clip_times[step][0], clip_times[step + len(group.steps) - 1][1]
        move = REST_TRANSITION_S if step == 0 else group.steps[0].transition_s
        spans.setdefault(k, [start - move, end])[1] = end
        step += len(group.steps)

    def name(index: int) -> str:
        g = groups[index]
        return document.sentences[g.sentence].glosses[g.gloss].gloss if g.gloss >= 0 else "(rest)"

    return [SignedCue(cue, *spans.get(k, (None, None)), slot.speed, tuple(name(i) for i in slot.units),
                      tuple(name(i) for i in slot.dropped))
            for k, (cue, slot) in enumerate(zip(cues, slots))]
