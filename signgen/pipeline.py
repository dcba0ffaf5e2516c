"""The whole pipeline for one story: gloss -> performance -> frames -> video + captions.

`Studio` holds what is loaded once and reused across stories (avatar, body sites, lexicon,
synthesised clips, renderers); `Studio.render` turns one `Story` into a video file and returns a
`RenderReport`, the machine-readable account that `signgen render --json` prints.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from signgen.avatar.asset import Avatar, load_avatar
from signgen.avatar.deform import Deformer
from signgen.avatar.look import Look
from signgen.errors import OutputError
from signgen.gloss import gloss_story
from signgen.gloss.types import GlossDocument
from signgen.ingest import Story
from signgen.lexicon import Lexicon
from signgen.motion.cache import ClipCache, default_cache_dir
from signgen.motion.clip import Clip, to_matrices
from signgen.motion.metrics import motion_metrics
from signgen.motion.face import apply_head, face_track, markers_from_performance
from signgen.motion.timeline import Step, build_timeline
from signgen.perform import Performance, Signer
from signgen.render.overlap import BackgroundWriter
from signgen.render.renderer import AvatarRenderer
from signgen.synthesis.body import BodyModel
from signgen.synthesis.synthesize import RATE
from signgen.video.captions import CaptionBurner, Cue, split_cue, write_srt, write_vtt
from signgen.video.encode import VideoWriter
from signgen.video.presets import DEFAULT_PRESET, VideoPreset, get_preset

Progress = Callable[[int, int], None]  # (frames done, frames total)


@dataclass(frozen=True)
class RenderReport:
    """What was rendered, when each sentence and gloss is signed, and where the time went."""

    output: str
    duration_s: float
    frames: int
    fps: float
    width: int
    height: int
    captions: tuple[str, ...]
    sentences: tuple[dict, ...]
    fingerspelled: tuple[str, ...]
    timings_s: dict = field(default_factory=dict)
    motion: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "output": self.output, "duration_s": round(self.duration_s, 3), "frames": self.frames,
            "fps": self.fps, "width": self.width, "height": self.height,
            "captions": list(self.captions), "sentences": list(self.sentences),
            "fingerspelled": list(self.fingerspelled),
            "timings_s": {k: round(v, 3) for k, v in self.timings_s.items()},
            "motion": _rounded(self.motion),
        }


class Studio:
    """Everything reused between stories: load once, render many."""

    def __init__(self, avatar: Avatar | None = None, lexicon: Lexicon | None = None, look: Look = Look(),
                 use_cache: bool = True) -> None:
        self.avatar = avatar or load_avatar()
        self.lexicon = lexicon or Lexicon.load("ase")
        self.look = look
        self.body = BodyModel.from_avatar(self.avatar)
        cache = ClipCache(default_cache_dir(), avatar_fingerprint(self.avatar), RATE) if use_cache else None
        self.signer = Signer(self.avatar.skeleton, self.body, self.lexicon, cache=cache)
        self.deformer = Deformer(self.avatar)
        self._renderers: dict[tuple[int, int], AvatarRenderer] = {}

    def gloss(self, story: Story) -> GlossDocument:
        return gloss_story(story, lexicon=self.lexicon)

    def renderer(self, preset: VideoPreset) -> AvatarRenderer:
        key = (preset.width, preset.height)
        if key not in self._renderers:
            self._renderers[key] = AvatarRenderer(self.avatar, preset.width, preset.height, self.look)
        return self._renderers[key]

    def close(self) -> None:
        for renderer in self._renderers.values():
            renderer.close()
        self._renderers.clear()

    def render(self, story: Story, output: Path, preset_name: str = DEFAULT_PRESET,
               progress: Progress | None = None, seed: int = 0) -> RenderReport:
        """Render ``story`` to ``output`` (MP4) with .srt and .vtt captions beside it.
        ``seed`` drives the living face (blinks, breathing): same input and seed, same frames."""
        preset = get_preset(preset_name)
        output = Path(output)
        check_writable(output)
        clock = time.perf_counter()
        document = self.gloss(story)
        timings = {"gloss": time.perf_counter() - clock}
        clock = time.perf_counter()
        performance = self.signer.perform(document)
        poses = self.signer.frame_poses(performance, float(preset.fps))
        face = face_track(markers_from_performance(performance), performance.duration_s, float(preset.fps),
                          self.avatar.face_target_names, seed, [s.end_s for s in performance.sentences])
        poses = apply_head(poses, face.head, self.avatar.skeleton)
        timings["synthesis"] = time.perf_counter() - clock
        motion = motion_metrics(poses, float(preset.fps), self.avatar.skeleton, self.body, performance.sign_times,
                                performance.letter_times, [t for span in performance.timeline.clip_times for t in span])
        cues = caption_cues(performance)
        render_s, encode_s = self._encode(poses, preset, cues, output, progress, face.weights)
        timings.update(render=render_s, encode=encode_s)
        captions = (write_srt(cues, output.with_suffix(".srt")), write_vtt(cues, output.with_suffix(".vtt")))
        timings["total"] = sum(timings.values())
        return RenderReport(
            output=str(output), duration_s=(len(poses)) / float(preset.fps), frames=len(poses),
            fps=round(float(preset.fps), 3), width=preset.width, height=preset.height,
            captions=tuple(str(p) for p in captions), sentences=_sentence_report(performance),
            fingerspelled=performance.fingerspelled, timings_s=timings, motion=motion,
        )

    def render_clip(self, clip: Clip, caption: str, output: Path, preset_name: str = DEFAULT_PRESET) -> Path:
        """Render one clip between rests (for checking a single sign by eye), captioned ``caption``."""
        preset = get_preset(preset_name)
        output = Path(output)
        check_writable(output)
        timeline = build_timeline([Step(clip)], self.signer.synthesizer.rest_clip())
        poses = timeline.poses(float(preset.fps))
        start, end = timeline.clip_times[0]
        self._encode(poses, preset, [Cue(start, end, caption)], output, None)
        return output

    def _encode(self, poses: np.ndarray, preset: VideoPreset, cues: list[Cue], output: Path,
                progress: Progress | None, face_weights: np.ndarray | None = None) -> tuple[float, float]:
        """Render and encode every frame; returns (render seconds, encode seconds).
        ``face_weights``: (N, K) face target weights per frame, or None for a still face."""
        renderer = self.renderer(preset)
        burner = CaptionBurner(cues, preset.width, preset.height)
        skeleton = self.avatar.skeleton
        render_s = encode_s = 0.0
        fps = float(preset.fps)
        # The writer thread feeds ffmpeg while the next frame is drawn.
        with VideoWriter(output, preset, subtitles=cues) as video, BackgroundWriter(video) as writer:
            for i, pose in enumerate(poses):
                clock = time.perf_counter()
                weights = None if face_weights is None else face_weights[i]
                vertices = self.deformer.deform(skeleton.skinning_matrices(to_matrices(pose)), weights)
                frame = burner.apply(renderer.render(vertices), i / fps)
                mid = time.perf_counter()
                writer.write(frame)
                render_s += mid - clock
                encode_s += time.perf_counter() - mid
                if progress:
                    progress(i + 1, len(poses))
            clock = time.perf_counter()
        encode_s += time.perf_counter() - clock  # finishing the file (flush, mux, faststart)
        return render_s, encode_s


def _rounded(value):
    """Floats rounded to 3 decimals, recursively (for readable JSON)."""
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return round(float(value), 3) if isinstance(value, (float, np.floating)) else value


def avatar_fingerprint(avatar: Avatar) -> str:
    """A short hash of the avatar's skeleton and rest mesh (what synthesis depends on)."""
    digest = hashlib.sha1(avatar.skeleton.heads.tobytes())
    digest.update(avatar.skeleton.tails.tobytes())
    digest.update(np.ascontiguousarray(avatar.vertices[::50]).tobytes())
    return digest.hexdigest()[:16]


def caption_cues(performance: Performance, max_chars: int = 84) -> list[Cue]:
    """One caption per sentence, shown while it is signed (until the next one starts)."""
    timed = performance.sentences
    cues: list[Cue] = []
    for k, sentence in enumerate(timed):
        end = timed[k + 1].start_s if k + 1 < len(timed) else sentence.end_s + 0.5
        end = max(end, sentence.start_s + 0.5)
        cues.extend(split_cue(Cue(sentence.start_s, min(end, performance.duration_s), sentence.sentence.text.strip()), max_chars))
    return cues


def _sentence_report(performance: Performance) -> tuple[dict, ...]:
    return tuple(
        {
            "text": s.sentence.text, "start_s": round(s.start_s, 3), "end_s": round(s.end_s, 3),
            "glosses": [
                {"gloss": g.gloss.gloss, "kind": g.gloss.kind, "start_s": round(g.start_s, 3), "end_s": round(g.end_s, 3)}
                for g in s.glosses
            ],
        }
        for s in performance.sentences
    )


def check_writable(output: Path) -> None:
    """Fail before any work if ``output`` cannot be written."""
    parent = output.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output directory ({exc.strerror})", parent) from exc
    if output.is_dir():
        raise OutputError("is a directory; give a file name ending in .mp4", output)
    probe = parent / f".{output.name}.writable"
    try:
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror})", parent) from exc
