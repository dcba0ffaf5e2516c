"""Performance planning: a gloss document -> sign clips on a timeline, with the time of every gloss.

This is where the lexicon meets synthesis: each gloss becomes one or more clips (a lexicon
sign, the letters of a fingerspelled word, the signs of a number), clips are cached by their
notation, and the rhythm of signing is set: short transitions between signs, quicker ones
between letters, a slight pause around spelled words and at sentence ends.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

import numpy as np

from signgen.errors import NotationError
from signgen.gloss.types import Gloss, GlossDocument, GlossSentence
from signgen.hamnosys import parse
from signgen.lexicon import Lexicon, LexiconEntry
from signgen.limits import MAX_SPELLED_LETTERS
from signgen.motion.bvh import read_bvh
from signgen.motion.cache import ClipCache
from signgen.motion.clip import Clip, to_matrices
from signgen.motion.skeleton import Skeleton
from signgen.motion.timeline import REST_HOLD_S, Step, Timeline, build_timeline
from signgen.paths import MOTIONS_DIR
from signgen.synthesis.body import BodyModel
from signgen.synthesis.synthesize import Synthesizer
from signgen.synthesis.transition import TransitionPlanner, minimum_jerk

# Transitions take longer the further the hands travel (a short hop is quick, a long reach is not
# rushed: its speed at arrival stays low), from these shortest times up to MAX_TRANSITION_S.
SIGN_TRANSITION_S = 0.12
LETTER_TRANSITION_S = 0.06
TRAVEL_S_PER_M = 0.5
MAX_TRANSITION_S = 0.3
LETTER_HOLD_S = 0.12          # extra hold on a spelled word's first and last letters
DOUBLE_LETTER_SLIDE = "hammover hamsmallmod"  # the second of a double letter slides outward
# In fluent signing the citation form's holds shrink: trim this much of a sign's opening and
# closing hold, except the closing hold at the end of a sentence (phrase-final signs last longer).
FLUENT_TRIM_START_S = 0.09
FLUENT_TRIM_END_S = 0.12
SPELLING_PAUSE_S = 0.12    # before a fingerspelled word, so it stands apart
SENTENCE_PAUSE_S = 0.35    # between sentences
PHRASE_PAUSE_S = 0.25      # a pause the glosser marks inside a sentence
EMPTY_SENTENCE_S = 0.8     # rest shown while the caption of a sentence with nothing to sign is up


@dataclass(frozen=True)
class TimedGloss:
    gloss: Gloss
    start_s: float
    end_s: float


@dataclass(frozen=True)
class TimedSentence:
    sentence: GlossSentence
    start_s: float
    end_s: float
    glosses: tuple[TimedGloss, ...]


@dataclass(frozen=True)
class GlossSteps:
    """The timeline steps that sign one gloss: gloss ``gloss`` of sentence ``sentence`` (gloss -1:
    the rest held for a sentence with nothing to sign)."""

    sentence: int
    gloss: int
    steps: tuple[Step, ...]
    cut_from: int = 0  # letters of a word too long to spell whole, of which the first are signed

    @property
    def duration_s(self) -> float:
        """Seconds from the start of its first pause to the end of its last sign."""
        return sum(s.pause_s + s.transition_s + s.clip.duration for s in self.steps)

    def at_speed(self, speed: float) -> GlossSteps:
        """The same steps signed ``speed`` times as fast (pauses and transitions too)."""
        return replace(self, steps=tuple(
            replace(s, clip=s.clip.at_speed(speed), transition_s=s.transition_s / speed, pause_s=s.pause_s / speed)
            for s in self.steps))


@dataclass(frozen=True, eq=False)
class Performance:
    """What the avatar will do: the timeline and when each sentence and gloss is signed."""

    timeline: Timeline
    sentences: tuple[TimedSentence, ...]
    fingerspelled: tuple[str, ...]
    letter_times: tuple[tuple[float, float], ...] = ()  # (start_s, end_s) of each fingerspelled letter
    warnings: tuple[str, ...] = ()  # what was changed to make the story signable (cut spellings)

    @property
    def duration_s(self) -> float:
        return self.timeline.duration

    @property
    def sign_times(self) -> tuple[tuple[float, float], ...]:
        """(start_s, end_s) of every clip that is not a fingerspelled letter."""
        letters = set(self.letter_times)
        return tuple(t for t in self.timeline.clip_times if t not in letters)


class Signer:
    """Plans performances for one avatar body with one lexicon."""

    def __init__(self, skeleton: Skeleton, body: BodyModel, lexicon: Lexicon, motions: Path | None = MOTIONS_DIR,
                 cache: ClipCache | None = None) -> None:
        self.lexicon = lexicon
        self.cache = cache
        self.skeleton = skeleton
        self.synthesizer = Synthesizer(skeleton, body)
        self.transitions = TransitionPlanner(self.synthesizer)
        self.motions = motions
        self._clips: dict[str, Clip] = {}

    def clip(self, entry: LexiconEntry, letter: bool = False) -> Clip:
        """The clip for a lexicon entry: a captured/hand-keyed BVH in ``motions/<GLOSS>.bvh`` if
        there is one, else synthesised from the notation (once per distinct notation)."""
        captured = self.motions / f"{entry.gloss}.bvh" if self.motions else None
        if captured is not None and captured.is_file():
            key = f"bvh:{captured}"
            if key not in self._clips:
                self._clips[key] = read_bvh(captured, self.skeleton, entry.gloss)
            return self._clips[key]
        key = self.cache.key(entry.hamnosys, letter) if self.cache else f"{letter}:{entry.hamnosys}"
        if key not in self._clips:
            stored = self.cache.get(key, entry.gloss) if self.cache else None
            self._clips[key] = stored or self._synthesize(entry, letter, key)
        return self._clips[key]

    def _synthesize(self, entry: LexiconEntry, letter: bool, key: str) -> Clip:
        try:
            clip = self.synthesizer.synthesize(parse(entry.hamnosys), entry.gloss, letter=letter)
        except (NotationError, ValueError) as exc:
            raise NotationError(f"{entry.gloss}: {exc}", entry.source) from exc
        if self.cache:
            self.cache.put(key, clip)
        return clip

    def frame_poses(self, performance: Performance, fps: float) -> np.ndarray:
        """(N, J, 4) joint rotations for every frame, the arms of transition frames planned in
        hand space (`signgen.synthesis.transition`) so hands take direct paths around the body."""
        poses = performance.timeline.poses(fps)
        for span in performance.timeline.spans:
            if span.clip is not None or span.poses[0] is span.poses[1]:
                continue  # a clip (already solved by synthesis) or a still hold
            first = max(int(np.ceil(span.start * fps)), 0)
            last = min(int(np.ceil(span.end * fps)) - 1, len(poses) - 1)  # the span is [start, end)
            if last < first:
                continue
            progress = minimum_jerk((np.arange(first, last + 1) / fps - span.start) / (span.end - span.start))
            poses[first:last + 1] = self.transitions.plan(*span.poses, progress, poses[first:last + 1])
        return poses

    def _paced(self, steps: list[Step], rest: Clip) -> list[Step]:
        """The steps with each transition lengthened by how far the hands travel into it."""
        paced = []
        previous = rest.last
        for step in steps:
            travel = float(np.linalg.norm(_wrists(self.skeleton, step.clip.first) - _wrists(self.skeleton, previous),
                                          axis=1).max())
            paced.append(replace(step, transition_s=min(step.transition_s + TRAVEL_S_PER_M * travel,
                                                        max(step.transition_s, MAX_TRANSITION_S))))
            previous = step.clip.last
        return paced

    def _units(self, gloss: Gloss) -> list[tuple[LexiconEntry, bool]]:
        """Lexicon entries to sign for one gloss, each with whether it is spelled (letter timing)."""
        if gloss.kind == "fingerspell":
            return [(e, True) for e in self.lexicon.spell_word(gloss.gloss)]
        if gloss.kind == "number":
            return [(e, True) for e in self.lexicon.spell_number(gloss.gloss)]
        entry = self.lexicon.sign(gloss.gloss)
        if entry is None:  # a gloss the lexicon lacks is spelled rather than lost
            return [(e, True) for e in self.lexicon.spell_word(gloss.text)]
        return [(entry, False)]

    def _gloss_steps(self, gloss: Gloss, units: list[tuple[LexiconEntry, bool]], pause: float,
                     final: bool) -> tuple[list[Step], float]:
        """Timeline steps for one gloss (its signs or letters, with transitions and pauses), and
        the pause to hold after it."""
        steps = []
        spelled = gloss.kind == "fingerspell" and len(units) > 1
        previous = None
        for ui, (entry, letter) in enumerate(units):
            first, last = ui == 0, ui == len(units) - 1
            transition = LETTER_TRANSITION_S if letter and not first else SIGN_TRANSITION_S
            extra = SPELLING_PAUSE_S if spelled and first else 0.0
            if spelled and ui == 1:
                extra += LETTER_HOLD_S  # the first letter is held a moment, so the word's start reads
            if letter and previous is not None and entry.hamnosys == previous.hamnosys:
                entry = replace(entry, hamnosys=f"{entry.hamnosys} {DOUBLE_LETTER_SLIDE}")  # double letter: slide
            previous = entry
            clip = self.clip(entry, letter)
            if not letter:
                clip = clip.trimmed(FLUENT_TRIM_START_S, 0.0 if final and last else FLUENT_TRIM_END_S)
            steps.append(Step(clip, transition, (pause if first else 0.0) + extra))
        return steps, (LETTER_HOLD_S + SPELLING_PAUSE_S if spelled else 0.0)

    def gloss_steps(self, document: GlossDocument) -> list[GlossSteps]:
        """Every gloss's timeline steps in signing order, at natural speed: its signs or letters,
        the transitions into them (paced by travel) and the pauses of fluent signing before them."""
        steps: list[Step] = []
        owners: list[tuple[int, int]] = []  # (sentence, gloss) of each step; gloss -1 = empty sentence
        sentence_starts: list[int] = []
        cut_from: dict[tuple[int, int], int] = {}
        for si, sentence in enumerate(document.sentences):
            pause = SENTENCE_PAUSE_S if si else 0.0
            sentence_starts.append(len(steps))
            if not sentence.glosses:
                steps.append(Step(self.synthesizer.rest_clip(EMPTY_SENTENCE_S), SIGN_TRANSITION_S, pause))
                owners.append((si, -1))
                continue
            last = len(sentence.glosses) - 1
            for gi, gloss in enumerate(sentence.glosses):
                if gloss.kind == "pause":
                    pause += PHRASE_PAUSE_S
                    continue
                units = self._units(gloss)
                if len(units) > MAX_SPELLED_LETTERS and all(letter for _, letter in units):
                    cut_from[si, gi] = len(units)
                    units = units[:MAX_SPELLED_LETTERS]
                gloss_steps, after = self._gloss_steps(gloss, units, pause, final=gi == last)
                steps += gloss_steps
                owners += [(si, gi)] * len(gloss_steps)
                pause = after if gloss_steps else pause
        for i in sentence_starts:  # between sentences the hands settle a little lower, not to rest
            if 0 < i < len(steps):
                steps[i] = replace(steps[i], pause_pose=self.synthesizer.lowered(steps[i - 1].clip.last))
        groups: list[GlossSteps] = []
        for owner, step in zip(owners, self._paced(steps, self.synthesizer.rest_clip())):
            if groups and (groups[-1].sentence, groups[-1].gloss) == owner:
                groups[-1] = replace(groups[-1], steps=groups[-1].steps + (step,))
            else:
                groups.append(GlossSteps(*owner, (step,), cut_from.get(owner, 0)))
        return groups

    def perform(self, document: GlossDocument, speed: float = 1.0) -> Performance:
        """Plan the signing of ``document``; ``speed`` (0.5-2.0) scales every sign, transition and
        pause (the rests before the first sign and after the last keep their length)."""
        if not 0.5 <= speed <= 2.0:
            raise ValueError(f"speed {speed} is outside 0.5-2.0")
        return self.performance(document, [g.at_speed(speed) for g in self.gloss_steps(document)])

    def performance(self, document: GlossDocument, groups: Sequence[GlossSteps],
                    hold_s: float = REST_HOLD_S) -> Performance:
        """The performance of ``groups`` (steps of `gloss_steps`, timed as the caller wants them),
        after ``hold_s`` seconds at rest."""
        steps = [step for g in groups for step in g.steps]
        owners = [(g.sentence, g.gloss) for g in groups for _ in g.steps]
        timeline = build_timeline(steps, self.synthesizer.rest_clip(), hold_s)
        spelled = tuple(document.sentences[g.sentence].glosses[g.gloss].gloss for g in groups
                        if g.gloss >= 0 and document.sentences[g.sentence].glosses[g.gloss].kind == "fingerspell")
        letters = tuple(times for (si, gi), times in zip(owners, timeline.clip_times)
                        if gi >= 0 and document.sentences[si].glosses[gi].kind == "fingerspell")
        warnings = tuple(_cut_warning(document.sentences[g.sentence].glosses[g.gloss], g.cut_from)
                         for g in groups if g.cut_from)
        return Performance(timeline, _timed_sentences(document, timeline, steps, owners), spelled, letters,
                           warnings)


def _cut_warning(gloss: Gloss, letters: int) -> str:
    return (f"characters {gloss.source[0]}-{gloss.source[1]}: {_excerpt(gloss.text)} spells {letters} letters; "
            f"only the first {MAX_SPELLED_LETTERS} are signed")


def _excerpt(text: str, limit: int = 24) -> str:
    """``text`` quoted, shortened for a one-line message."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _wrists(skeleton: Skeleton, pose: np.ndarray) -> np.ndarray:
    """(2, 3) positions of both wrists in a pose (J, 4)."""
    return skeleton.forward(to_matrices(pose))[1][[skeleton.index("hand_r"), skeleton.index("hand_l")]]


def _timed_sentences(document: GlossDocument, timeline: Timeline, steps: list[Step],
                     owners: list[tuple[int, int]]) -> tuple[TimedSentence, ...]:
    """When each sentence and gloss is signed, from the clip times of the steps they own."""
    gloss_times: dict[tuple[int, int], list[float]] = {}
    sentence_times: dict[int, list[float]] = {}
    for (si, gi), step, (start, end) in zip(owners, steps, timeline.clip_times):
        span = gloss_times.setdefault((si, gi), [start, end])
        span[1] = end
        lead = start - step.transition_s  # a sentence starts when its first movement starts
        times = sentence_times.setdefault(si, [lead, end])
        times[1] = end
    out = []
    for si, sentence in enumerate(document.sentences):
        start, end = sentence_times.get(si, (0.0, 0.0))
        glosses = tuple(
            TimedGloss(g, *gloss_times[(si, gi)]) for gi, g in enumerate(sentence.glosses) if (si, gi) in gloss_times
        )
        out.append(TimedSentence(sentence, start, end, glosses))
    return tuple(out)
