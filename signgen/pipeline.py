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
from typing import Callable, Iterator, Sequence

import numpy as np

from signgen.avatar.asset import Avatar, load_avatar
from signgen.avatar.deform import Deformer
from signgen.avatar.look import Look
from signgen.atomic import sweep_temps, temp_file
from signgen.claim import claim
from signgen.errors import InputError, OutputError, OutputFolderError
from signgen.gloss import gloss_story
from signgen.gloss.spelling import spelled_words, spelling_warnings
from signgen.gloss.types import GlossDocument
from signgen.ingest import Story
from signgen.options import RenderOptions
from signgen.paths import avatar_path
from signgen.lexicon import Lexicon
from signgen.motion.cache import ClipCache, default_cache_dir
from signgen.motion.clip import Clip, to_matrices
from signgen.motion.metrics import motion_metrics
from signgen.motion.face import (FaceTrack, apply_head, apply_neck_push, apply_weight_shift, face_track,
                                 markers_from_performance, relaxed, still_face, weight_shift, with_nonmanual)
from signgen.motion.timeline import Step, build_timeline
from signgen.perform import Performance, Signer
from signgen.render.framing import Framing
from signgen.render.overlap import BackgroundWriter
from signgen.render.renderer import AvatarRenderer
from signgen.synthesis.body import BodyModel
from signgen.synthesis.nonmanual import nonmanual_track
from signgen.synthesis.synthesize import RATE
from signgen.text.models import load_pipeline
from signgen.video.canvas import AlphaCanvas, Canvas
from signgen.video.captions import CaptionBurner, CaptionStyle, Cue, split_cue, write_srt, write_vtt
from signgen.video.encode import CODECS, VideoCodec, VideoWriter, render_codec
from signgen.video.layout import layout_for
from signgen.video.presets import DEFAULT_PRESET, VideoPreset, get_preset
from signgen.video.ttml import write_ttml

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
    fingerspelled: tuple[dict, ...]  # {"word", "text", "reason"} per spelled gloss (`SpelledWord`)
    timings_s: dict = field(default_factory=dict)
    motion: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # too much fingerspelling (`spelling_warnings`)
    cues: tuple[Cue, ...] = ()  # the captions as timed (for joining stories; not in the JSON)

    def to_json(self) -> dict:
        return {
            "output": self.output, "duration_s": round(self.duration_s, 3), "frames": self.frames,
            "fps": self.fps, "width": self.width, "height": self.height,
            "captions": list(self.captions), "sentences": list(self.sentences),
            "fingerspelled": list(self.fingerspelled), "warnings": list(self.warnings),
            "timings_s": {k: round(v, 3) for k, v in self.timings_s.items()},
            "motion": _rounded(self.motion),
        }


@dataclass(frozen=True)
class CheckedSign:
    """A sign to render for checking: its clip, caption, and SiGML non-manual features."""

    clip: Clip
    caption: str
    nonmanual: tuple[str, ...] = ()


def side_framing(avatar: Avatar, front: Framing, aspect: float) -> Framing:
    """A camera on the signer's right (-X) looking across the body (+X), as far from the body's
    midplane as ``front`` is and with its field of view (one scale in both views). The picture
    is centred on the signing space's depth: from the back to an arm's reach in front."""
    sk = avatar.skeleton
    shoulder, elbow, wrist = (sk.heads[sk.index(n)] for n in ("upperarm_r", "lowerarm_r", "hand_r"))
    fingertip = sk.tails[sk.index("middle_03_r")]
    reach = sum(float(np.linalg.norm(b - a)) for a, b in ((shoulder, elbow), (elbow, wrist), (wrist, fingertip)))
    back, ahead = float(front.box_min[2]), max(float(front.box_max[2]), float(shoulder[2]) + reach)
    centre_y = 0.5 * float(front.box_min[1] + front.box_max[1])
    distance = float(front.camera_pose[2, 3])  # the front camera's distance from the midplane z = 0
    pose = np.eye(4)
    # Camera axes (columns): right = world +Z (the signer faces right), up = +Y, back = -X.
    pose[:3, :3] = np.array([[0.0, 0.0, -1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    pose[:3, 3] = (-distance, centre_y, 0.5 * (back + ahead))
    box_min = np.array([front.box_min[0], front.box_min[1], back])
    box_max = np.array([front.box_max[0], front.box_max[1], ahead])
    return Framing(camera_pose=pose, yfov=front.yfov, aspect=float(aspect), box_min=box_min, box_max=box_max)


class Studio:
    """Everything reused between stories: load once, render many."""

    def __init__(self, avatar: Avatar | None = None, lexicon: Lexicon | None = None, look: Look = Look(),
                 use_cache: bool = True) -> None:
        """avatar: the avatar of ``look.body`` (loaded from its built asset if not given)."""
        self.lexicon = lexicon or Lexicon.load("ase")
        self.look = look
        self._use_cache = use_cache
        self._renderers: dict[tuple, AvatarRenderer] = {}
        self._take_body(look.body, avatar or load_avatar(avatar_path(look.body)))

    def _take_body(self, body: str, avatar: Avatar) -> None:
        """Make ``avatar`` (of body shape ``body``) the one signed with: everything measured on
        the body (sites, reach, synthesised clips, skinning) is set up for it anew."""
        self.close()  # renderers hold the previous mesh
        self.body_shape, self.avatar = body, avatar
        self.body = BodyModel.from_avatar(avatar)
        cache = ClipCache(default_cache_dir(), avatar_fingerprint(avatar), RATE) if self._use_cache else None
        self.signer = Signer(avatar.skeleton, self.body, self.lexicon, cache=cache)
        self.deformer = Deformer(avatar)

    def use_body(self, body: str) -> None:
        """Sign with the body shape ``body`` (a look's ``body``) from now on; a no-op if already."""
        if body != self.body_shape:
            self._take_body(body, load_avatar(avatar_path(body)))

    def gloss(self, story: Story) -> GlossDocument:
        return gloss_story(story, lexicon=self.lexicon)

    def prepare(self, options: RenderOptions) -> None:
        """Load now what the first story would otherwise load (spaCy, the options' body and the
        renderer for the preset's signer box), so a worker's first story takes as long as any other."""
        load_pipeline("en")
        self.use_body(options.look.body)
        signer = layout_for(get_preset(options.preset)).signer
        self.renderer(signer.w, signer.h, options.look,
                      transparent=options.alpha is not None or options.background_image is not None)

    def renderer(self, width: int, height: int, look: Look | None = None, transparent: bool = False) -> AvatarRenderer:
        """A renderer whose pictures are ``width`` x ``height`` (a layout's signer box, an overlay's
        window) in ``look`` (the studio's own by default), kept for reuse; transparent: RGBA
        pictures with alpha."""
        look = look or self.look
        key = (width, height, look, transparent)
        if key not in self._renderers:
            self._renderers[key] = AvatarRenderer(self.avatar, width, height, look, samples=0, edge_aa=True,
                                                  transparent=transparent)
        return self._renderers[key]

    def canvas_for(self, preset: VideoPreset, headline: str | None = None, logo: str | None = None,
                   look: Look | None = None, background_image: str | None = None) -> Canvas:
        """The frame around the signer for ``preset``: its layout, background (a picture, or
        ``look``'s colour, the studio's by default), headline band and logo."""
        background = np.round((look or self.look).background_srgb() * 255).astype(np.uint8)
        return Canvas(layout_for(preset), background, headline, logo, background_image=background_image)

    def close(self) -> None:
        for renderer in self._renderers.values():
            renderer.close()
        self._renderers.clear()

    def render(self, story: Story, output: Path, options: RenderOptions = RenderOptions(),
               progress: Progress | None = None) -> RenderReport:
        """Render ``story`` to ``output`` (MP4, or .mov/.webm with alpha) with .srt, .vtt and .ttml
        (EBU-TT-D) captions beside it, as ``options`` say.

        The output is claimed first (`signgen.claim`): a second render to the same path fails at
        once with OutputBusyError instead of mixing its files with this one's."""
        preset = get_preset(options.preset)  # an unknown preset is a usage error before anything
        codec = render_codec(options.alpha)
        output = Path(output)
        if output.suffix.lower() != codec.suffix:
            raise OutputError(f"a {codec.name} video needs a file name ending in {codec.suffix}", output)
        check_writable(output)
        with claim(output):
            return self._render(story, output, options, preset, codec, progress)

    def _render(self, story: Story, output: Path, options: RenderOptions, preset: VideoPreset, codec: VideoCodec,
                progress: Progress | None) -> RenderReport:
        seed, speed = options.seed, options.speed
        self.use_body(options.look.body)
        sweep_temps(output.parent)  # litter of renders killed here before (dead processes only)
        # A bad logo fails before any work; the alpha signer is the layout's signer box alone, in place.
        canvas = (AlphaCanvas(layout_for(preset)) if codec.alpha
                  else self.canvas_for(preset, story.headline, options.logo, options.look, options.background_image))
        clock = time.perf_counter()
        document = self.gloss(story)
        timings = {"gloss": time.perf_counter() - clock}
        clock = time.perf_counter()
        performance = self.signer.perform(document, speed)
        if performance.duration_s > options.max_duration_s:
            raise InputError(f"story {story.slug!r} would sign for {_span(performance.duration_s)}, over the "
                             f"{_span(options.max_duration_s)} limit; split it, or raise --max-duration", story.path)
        poses, measured, face = self._animate(performance, float(preset.fps), seed)
        timings["synthesis"] = time.perf_counter() - clock
        motion = motion_metrics(measured, float(preset.fps), self.avatar.skeleton, self.body, performance.sign_times,
                                performance.letter_times, [t for span in performance.timeline.clip_times for t in span])
        style = options.caption_style.fitted_to(canvas.layout.caption_fit)
        cues = caption_cues(performance, 2 * style.max_chars_per_line)
        render_s, encode_s = self._encode(poses, preset, canvas, cues, output, progress,
                                          relaxed(face.weights, self.avatar.face_target_names),
                                          burn=style if options.burn_captions and not codec.alpha else None,
                                          look=options.look, codec=codec)
        timings.update(render=render_s, encode=encode_s)
        captions = _publish_captions(cues, output, style)
        timings["total"] = sum(timings.values())
        return RenderReport(
            output=str(output), duration_s=(len(poses)) / float(preset.fps), frames=len(poses),
            fps=round(float(preset.fps), 3), width=preset.width, height=preset.height,
            captions=tuple(str(p) for p in captions), sentences=_sentence_report(performance),
            fingerspelled=tuple(w.to_json() for w in spelled_words(document)), timings_s=timings, motion=motion,
            warnings=spelling_warnings(document) + performance.warnings, cues=tuple(cues),
        )

    def _animate(self, performance: Performance, fps: float, seed: int,
                 count: int | None = None) -> tuple[np.ndarray, np.ndarray, FaceTrack]:
        """Every frame's pose and face: (N, J, 4) poses, the same before the weight shift, and the
        face track. ``count`` frames (default: the performance's own length, ending at rest; more
        hold the rest, fewer cut the end)."""
        poses = self.signer.frame_poses(performance, fps)
        duration = performance.duration_s
        if count is not None:  # the face and weight-shift tracks give round(d * fps) + 1 frames
            duration = (count - 1) / fps
            if len(poses) < count:
                poses = np.concatenate([poses, np.repeat(poses[-1:], count - len(poses), axis=0)])
            poses = poses[:count]
        face = face_track(markers_from_performance(performance), duration, fps, self.avatar.face_target_names,
                          seed, [s.end_s for s in performance.sentences])
        measured = apply_head(poses, face.head, self.avatar.skeleton)
        # The weight shift moves the whole upper body as one: measured against the body it changes
        # nothing, so it is added after what the motion figures measure (the body at rest).
        poses = apply_weight_shift(measured, weight_shift(duration, fps, seed), self.avatar.skeleton)
        return poses, measured, face

    def signer_frames(self, performance: Performance, width: int, height: int, fps: float, count: int,
                      seed: int = 0) -> Iterator[np.ndarray]:
        """``count`` RGBA frames (height, width, 4) of ``performance``: the signer alone, framed to
        the signing space, on a transparent background, for compositing. Each array is reused a
        few frames later (see `AvatarRenderer`): copy it to keep it."""
        poses, _, face = self._animate(performance, fps, seed, count)
        renderer = self.renderer(width, height, transparent=True)
        skeleton = self.avatar.skeleton
        for pose, weights in zip(poses, relaxed(face.weights, self.avatar.face_target_names)):
            yield renderer.render(self.deformer.deform(skeleton.skinning_matrices(to_matrices(pose)), weights))

    def render_clip(self, clip: Clip, caption: str, output: Path, preset_name: str = DEFAULT_PRESET,
                    nonmanual: Sequence[str] = (), side: bool = False) -> Path:
        """Render one clip between rests (for checking a single sign by eye), captioned ``caption``.

        nonmanual: the sign's SiGML non-manual features (`Sign.nonmanual`), played on the face and
        head while the clip plays. side: split the picture, front view on the left and the
        signer's right side on the right (see `render_signs`)."""
        return self.render_signs([CheckedSign(clip, caption, tuple(nonmanual))], output, preset_name, side)

    def render_signs(self, signs: Sequence[CheckedSign], output: Path, preset_name: str = DEFAULT_PRESET,
                     side: bool = False) -> Path:
        """Render signs one after another between rests, each captioned and with its non-manuals.

        side: each frame is split in two halves of the preset's size: the front camera on the
        left, and on the right a camera on the signer's right side (rotated 90 degrees about the
        vertical) at the same distance and field of view, so both halves share one scale and
        the hands' depth (how far out, touching the body or not) can be judged."""
        if not signs:
            raise ValueError("no signs to render")
        preset = get_preset(preset_name)
        output = Path(output)
        check_writable(output)
        with claim(output):
            self._render_signs(signs, output, preset, side)
        return output

    def _render_signs(self, signs: Sequence[CheckedSign], output: Path, preset: VideoPreset, side: bool) -> None:
        fps = float(preset.fps)
        timeline = build_timeline([Step(s.clip) for s in signs], self.signer.synthesizer.rest_clip())
        poses = timeline.poses(fps)
        t = np.arange(len(poses)) / fps
        names = self.avatar.face_target_names
        face, push = still_face(len(poses), names), np.zeros(len(poses))
        for sign, (start, end) in zip(signs, timeline.clip_times):
            track = nonmanual_track(sign.nonmanual, t, start, end)
            face, push = with_nonmanual(face, track, names), push + track.push
        skeleton = self.avatar.skeleton
        poses = apply_neck_push(apply_head(poses, face.head, skeleton), push, skeleton)
        cues = [Cue(start, end, sign.caption) for sign, (start, end) in zip(signs, timeline.clip_times)]
        weights = relaxed(face.weights, names)
        if side:
            self._encode_split(poses, preset, cues, output, weights)
        else:
            canvas = self.canvas_for(preset)
            self._encode(poses, preset, canvas, cues, output, None, weights,
                         burn=CaptionStyle.fitted(canvas.layout.caption_fit))

    def _encode_split(self, poses: np.ndarray, preset: VideoPreset, cues: list[Cue], output: Path,
                      face_weights: np.ndarray | None) -> None:
        """Like `_encode`, with every frame the front view (left half) beside the side view."""
        left = preset.width // 2
        front = AvatarRenderer(self.avatar, left, preset.height, self.look, samples=0, edge_aa=True)
        side = AvatarRenderer(self.avatar, preset.width - left, preset.height, self.look, samples=0, edge_aa=True,
                              framing=side_framing(self.avatar, front.framing, (preset.width - left) / preset.height))
        burner = CaptionBurner(cues, preset.width, preset.height)
        skeleton = self.avatar.skeleton
        fps = float(preset.fps)
        try:
            with VideoWriter(output, preset, subtitles=cues) as video, BackgroundWriter(video) as writer:
                for i, pose in enumerate(poses):
                    weights = None if face_weights is None else face_weights[i]
                    vertices = self.deformer.deform(skeleton.skinning_matrices(to_matrices(pose)), weights)
                    # concatenate copies both halves, so the renderers' reused buffers stay free
                    frame = np.concatenate([front.render(vertices), side.render(vertices)], axis=1)
                    writer.write(burner.apply(frame, i / fps))
        finally:
            side.close()
            front.close()

    def _encode(self, poses: np.ndarray, preset: VideoPreset, canvas: Canvas | AlphaCanvas, cues: list[Cue],
                output: Path, progress: Progress | None, face_weights: np.ndarray | None = None,
                burn: CaptionStyle | None = None, look: Look | None = None,
                codec: VideoCodec = CODECS["h264"]) -> tuple[float, float]:
        """Render and encode every frame; returns (render seconds, encode seconds).
        ``face_weights``: (N, K) face target weights per frame, or None for a still face.
        The signer is drawn into the layout's signer box in ``look`` (the studio's by default);
        ``burn``: the captions go into the layout's caption band in this style, or None to leave
        the picture clean (the cues still go in the file's subtitle track). An alpha ``codec``
        takes RGBA frames (an `AlphaCanvas`) and is never burned into."""
        layout = canvas.layout
        renderer = self.renderer(layout.signer.w, layout.signer.h, look, transparent=canvas.takes_alpha)
        burner = CaptionBurner(cues, preset.width, preset.height, burn, area=layout.captions) if burn else None
        skeleton = self.avatar.skeleton
        render_s = encode_s = 0.0
        fps = float(preset.fps)
        # The writer thread feeds ffmpeg while the next frame is drawn.
        with VideoWriter(output, preset, subtitles=cues, codec=codec) as video, BackgroundWriter(video) as writer:
            for i, pose in enumerate(poses):
                clock = time.perf_counter()
                weights = None if face_weights is None else face_weights[i]
                vertices = self.deformer.deform(skeleton.skinning_matrices(to_matrices(pose)), weights)
                frame = canvas.compose(renderer.render(vertices))
                if burner is not None:
                    burner.apply(frame, i / fps)
                mid = time.perf_counter()
                writer.write(frame)
                render_s += mid - clock
                encode_s += time.perf_counter() - mid
                if progress:
                    progress(i + 1, len(poses))
            clock = time.perf_counter()
        encode_s += time.perf_counter() - clock  # finishing the file (flush, mux, faststart)
        return render_s, encode_s


def _publish_captions(cues: list[Cue], video: Path, style: CaptionStyle) -> tuple[Path, ...]:
    """The caption files beside a just-published ``video`` (`write_sidecars`). If one cannot be
    written (a full disk), the video and every caption file go too: a video with stale or missing
    captions would look complete to whoever plays it out."""
    try:
        return write_sidecars(cues, video, style)
    except BaseException:
        for path in (video, *(video.with_suffix(s) for s in (".srt", ".vtt", ".ttml"))):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass  # the folder itself is gone or read-only: nothing left to remove
        raise


def _span(seconds: float) -> str:
    """A duration for a message: seconds up to two minutes, minutes beyond."""
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


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


def caption_cues(performance: Performance, max_chars: int = 2 * CaptionStyle.max_chars_per_line) -> list[Cue]:
    """One caption per sentence, shown while it is signed (until the next one starts); a sentence
    longer than one two-line caption of ``max_chars`` is split into several."""
    timed = performance.sentences
    cues: list[Cue] = []
    for k, sentence in enumerate(timed):
        end = timed[k + 1].start_s if k + 1 < len(timed) else sentence.end_s + 0.5
        end = max(end, sentence.start_s + 0.5)
        cues.extend(split_cue(Cue(sentence.start_s, min(end, performance.duration_s), sentence.sentence.text.strip()), max_chars))
    return cues


def write_sidecars(cues: Sequence[Cue], video: Path, style: CaptionStyle = CaptionStyle()) -> tuple[Path, ...]:
    """The .srt, .vtt and .ttml (EBU-TT-D) caption files beside ``video``; returns their paths."""
    line = style.max_chars_per_line
    return (write_srt(cues, video.with_suffix(".srt"), line), write_vtt(cues, video.with_suffix(".vtt"), line),
            write_ttml(cues, video.with_suffix(".ttml"), style))


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
    blocker = next((p for p in (parent, *parent.parents) if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise OutputFolderError("is a file, not a folder; choose another output path", blocker)
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFolderError(f"cannot create the output directory ({exc.strerror})", parent) from exc
    if output.is_dir():
        raise OutputFolderError("is a directory; give a file name ending in .mp4", output)
    try:
        temp_file(output).unlink()
    except OSError as exc:
        raise OutputFolderError(f"cannot write here ({exc.strerror})", parent) from exc
