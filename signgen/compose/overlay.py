"""The signer in a window over an existing programme, signing its subtitles in time.

The programme is decoded, overlaid and encoded by one ffmpeg process; the signer is rendered
with alpha at the window's size only (the signing space, nothing more) and piped in as RGBA.
An ffmpeg overlay filter graph was chosen over moviepy by measurement (`bench/overlay_speed.py`):
moviepy hands every programme frame to Python and back. The programme's audio packets are
copied untouched, its size, frame rate and colour tags kept.

Window defaults follow broadcast practice: at least one sixth of the picture (the Ofcom
guideline for signed programmes), on the right, inside the graphics-safe area of EBU R 95
(5% of the width and of the height in from the edges), on a plain plate.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from signgen.compose.cuesigning import SignedCues, sign_cues
from signgen.compose.subtitles import read_subtitles
from signgen.errors import InputError, OutputError, UsageError
from signgen.pipeline import Progress, Studio, check_writable
from signgen.render.framing import signing_box
from signgen.render.overlap import BackgroundWriter
from signgen.video.captions import Cue
from signgen.video.encode import CODECS, VideoCodec, VideoWriter, colour_tags, ffmpeg_exe, probe
from signgen.video.presets import VideoPreset

SIDES = ("right", "left")
OVERLAY_CODECS = ("h264", "prores")
# RGB -> Y'CbCr matrix for the signer, by the programme's colour space (scale's names).
_MATRICES = {"bt709": "bt709", "smpte170m": "smpte170m", "bt470bg": "bt470", "bt2020nc": "bt2020",
             "bt2020c": "bt2020"}


@dataclass(frozen=True)
class OverlayOptions:
    """Everything besides the programme and its subtitles that decides the overlaid video.

    side: "right" or "left". size: the window's share of the picture area (1/6 by default, the
    Ofcom minimum; 0.05-0.4). margin: from the picture's side and bottom edges, as a share of its
    width and height (0.05: EBU R 95's graphics-safe area). plate: the window gets a plain plate
    in the look's background colour; without it the signer alone is keyed over the programme.
    codec: "h264" (High, yuv420p, .mp4) or "prores" (422 HQ, .mov). seed: blinks and breathing.
    """

    side: str = "right"
    size: float = 1 / 6
    margin: float = 0.05
    plate: bool = True
    codec: str = "h264"
    seed: int = 0

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise UsageError(f"--side must be one of {', '.join(SIDES)}, not {self.side!r}")
        if not 0.05 <= self.size <= 0.4:
            raise UsageError(f"--size {self.size} is outside 0.05-0.4 (a share of the picture area; 1/6 is the minimum for broadcast)")
        if not 0.0 <= self.margin <= 0.2:
            raise UsageError(f"--margin {self.margin} is outside 0-0.2 (a share of the picture's width and height)")
        if self.codec not in OVERLAY_CODECS:
            raise UsageError(f"--codec must be one of {', '.join(OVERLAY_CODECS)}, not {self.codec!r}")

    @property
    def video_codec(self) -> VideoCodec:
        return CODECS[self.codec]


@dataclass(frozen=True)
class Window:
    """The signer's window in the programme picture, in pixels from the top-left corner."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Programme:
    """What the overlay keeps from the programme: picture size, exact frame rate, frame count,
    the first frame's time, colour tags (as `probe` names them) and whether it has audio."""

    path: Path
    width: int
    height: int
    fps: Fraction
    frames: int
    start_s: float
    colour: tuple[str, str, str, str]  # primaries, transfer, space, range
    has_audio: bool

    @property
    def duration_s(self) -> float:
        return self.frames / float(self.fps)


@dataclass(frozen=True)
class OverlayReport:
    """What `signgen overlay --json` prints (a contract: see the README)."""

    output: str
    programme: str
    subtitles: str
    programme_info: Programme
    window: Window
    options: OverlayOptions
    signed: SignedCues
    timings_s: dict

    def to_json(self) -> dict:
        p, w = self.programme_info, self.window
        return {
            "output": self.output, "programme": self.programme, "subtitles": self.subtitles,
            "duration_s": round(p.duration_s, 3), "frames": p.frames, "fps": round(float(p.fps), 3),
            "width": p.width, "height": p.height, "codec": self.options.codec,
            "window": {"x": w.x, "y": w.y, "width": w.width, "height": w.height,
                       "share_of_picture": round(w.width * w.height / (p.width * p.height), 4),
                       "side": self.options.side, "plate": self.options.plate},
            "cues": [c.to_json() for c in self.signed.cues],
            "max_lag_s": round(self.signed.max_lag_s, 3),
            "timings_s": {k: round(v, 3) for k, v in self.timings_s.items()},
        }


def read_programme(path: Path) -> Programme:
    """The programme's facts, read with the bundled ffmpeg; InputError if it is not a video."""
    facts = probe(path)
    video = facts["video"]
    if not video["width"] or not video["fps"] or not facts["frames"]:
        raise InputError("has no video frames to overlay", path)
    colour = tuple(video[k] for k in ("color_primaries", "color_transfer", "color_space", "color_range"))
    return Programme(Path(path), video["width"], video["height"], Fraction(video["fps"]).limit_denominator(1001),
                     facts["frames"], facts["start_s"], colour, bool(facts["audio_codecs"]))


def window_for(options: OverlayOptions, width: int, height: int, aspect: float) -> Window:
    """The window of ``options.size`` of a ``width`` x ``height`` picture (or a little more: even
    sizes), shaped ``aspect`` (width / height) like the signing space, at the bottom of its side
    inside the margins. UsageError when it does not fit."""
    area = options.size * width * height
    h = 2 * math.ceil(math.sqrt(area / aspect) / 2)
    w = 2 * math.ceil(area / h / 2)
    mx, my = round(options.margin * width), round(options.margin * height)
    if h > height - 2 * my or w > width // 2 - mx:
        raise UsageError(f"a signer window of {options.size:.3g} of the picture ({w}x{h}) does not fit in "
                           f"{width}x{height} inside the margins; give a smaller --size or --margin")
    x = width - mx - w if options.side == "right" else mx
    return Window(x - x % 2, height - my - h - (height - my - h) % 2, w, h)


class _OverlayWriter(VideoWriter):
    """A `VideoWriter` whose ffmpeg reads the programme too and overlays the piped RGBA signer on it."""

    def __init__(self, path: Path, programme: Programme, window: Window, options: OverlayOptions,
                 plate_rgb: str) -> None:
        self.programme, self.window, self.options, self.plate_rgb = programme, window, options, plate_rgb
        preset = VideoPreset("signer window", window.width, window.height, programme.fps)
        super().__init__(path, preset, codec=options.video_codec)

    @property
    def frame_channels(self) -> int:
        return 4

    def _encode_command(self, faststart: bool) -> list[str]:
        p, w, codec = self.programme, self.window, self.codec
        rate = f"{p.fps.numerator}/{p.fps.denominator}"
        matrix = _MATRICES.get(p.colour[2], "bt709")
        out_range = "pc" if p.colour[3] == "pc" else "tv"
        graph = [f"[1:v]scale=out_color_matrix={matrix}:out_range={out_range},format=yuva444p[signer]"]
        base = "[0:v]"
        if self.options.plate:
            graph.append(f"[0:v]drawbox=x={w.x}:y={w.y}:w={w.width}:h={w.height}:color=0x{self.plate_rgb}@1:t=fill[plate]")
            base = "[plate]"
        # The programme drives the timing: one output frame per programme frame, the signer's
        # frame of the same index on top (its pipe starts at the programme's first frame time).
        graph.append(f"{base}[signer]overlay=x={w.x}:y={w.y}:format=auto:eof_action=repeat,format={codec.pix_fmt}[out]")
        command = [
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(p.path),
            "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{w.width}x{w.height}", "-framerate", rate,
            "-itsoffset", f"{p.start_s:.6f}", "-i", "pipe:0",
            "-filter_complex", ";".join(graph), "-map", "[out]", "-map", "0:a?", "-c:a", "copy",
            *codec.encoder_args(p.fps, self.crf, self.speed), *colour_tags(*p.colour),
            "-fps_mode", "passthrough", "-movflags", "+faststart", "-f", codec.muxer, str(self._encoded),
        ]
        return command


def overlay_programme(programme_path: Path, subtitles_path: Path, output: Path,
                      options: OverlayOptions = OverlayOptions(), progress: Progress | None = None,
                      studio: Studio | None = None) -> OverlayReport:
    """Sign ``subtitles_path``'s cues in a window over ``programme_path``; write ``output``.

    studio: the one to reuse; by default one is loaded (and closed) once the inputs have been
    checked, so a bad file is reported at once."""
    output = Path(output)
    codec = options.video_codec
    if output.suffix.lower() != codec.suffix:
        raise OutputError(f"a {codec.name} overlay needs a file name ending in {codec.suffix}", output)
    clock = time.perf_counter()
    programme = read_programme(Path(programme_path))
    cues = read_subtitles(subtitles_path)
    check_writable(output)
    owned = studio is None
    studio = studio or Studio()
    try:
        return _overlay(studio, programme, cues, subtitles_path, output, options, progress, clock)
    finally:
        if owned:
            studio.close()


def _overlay(studio: Studio, programme: Programme, cues: list[Cue], subtitles_path: Path, output: Path,
             options: OverlayOptions, progress: Progress | None, clock: float) -> OverlayReport:
    lo, hi = signing_box(studio.avatar)
    window = window_for(options, programme.width, programme.height, float((hi[0] - lo[0]) / (hi[1] - lo[1])))
    signed = sign_cues(studio, cues, programme.duration_s)
    timings = {"plan": time.perf_counter() - clock}
    clock = time.perf_counter()
    frames = studio.signer_frames(signed.performance, window.width, window.height, float(programme.fps),
                                  programme.frames, options.seed)
    plate = studio.look.background.lstrip("#")
    with _OverlayWriter(output, programme, window, options, plate) as video, BackgroundWriter(video) as writer:
        for i, frame in enumerate(frames):
            writer.write(frame)
            if progress:
                progress(i + 1, programme.frames)
    timings["render_and_encode"] = time.perf_counter() - clock
    timings["total"] = sum(timings.values())
    return OverlayReport(str(output), str(programme.path), str(subtitles_path), programme, window, options,
                         signed, timings)
