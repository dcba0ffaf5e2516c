"""Overlay benchmark: signing a programme in a window, against the programme's length and against
ffmpeg re-encoding the programme alone; and the compositing choice (ffmpeg filter graph or moviepy).

Run by hand; prints figures, asserts nothing.

    python bench/overlay_speed.py [--seconds 60] [--compose-seconds 20] [--story STORY.txt]

A programme of ``--seconds`` at 1080p25 (ffmpeg's test pattern and a tone, H.264 + AAC) is made
first, with subtitles cut from a corpus story at a news reader's pace (~2.7 words a second).

1. "re-encode alone": ffmpeg decodes the programme and encodes it again with the overlay's video
   settings (x264 veryfast, crf 20, High), audio copied: the floor for any overlay.
2. "signgen overlay": the whole job (`overlay_programme`: subtitles, gloss, plan, render the
   window, composite, encode), as wall time, x real time and x the re-encode.
3. Compositing alone, on ``--compose-seconds`` of the programme with signer frames rendered
   beforehand (so rendering is not counted): the ffmpeg overlay graph signgen uses, against
   moviepy 2 (`CompositeVideoClip` of the programme and the signer with its alpha as mask,
   written with the same x264 settings). Audio is left out of both (moviepy would re-encode it).
   The issue asks for moviepy unless the ffmpeg graph is at least 2x faster.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_S = 2.7


def make_programme(path: Path, seconds: float) -> None:
    from signgen.video.encode import ffmpeg_exe

    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=1920x1080:rate=25:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
                    "-vf", "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv",
                    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
                   check=True)


def make_subtitles(story: Path, path: Path, seconds: float) -> int:
    """SRT cues of at most 6 words from the story (read again from the top if it is short), at
    WORDS_PER_S, until the programme ends."""
    story_words = story.read_text(encoding="utf-8").split()
    words = list(story_words)
    lines, t, n = [], 0.5, 0
    while story_words and t < seconds - 1.0:
        if len(words) < 6:
            words += story_words
        chunk, words = words[:6], words[6:]
        end = min(t + len(chunk) / WORDS_PER_S, seconds - 0.5)
        n += 1
        lines.append(f"{n}\n{_ts(t)} --> {_ts(end)}\n{' '.join(chunk)}\n")
        t = end
    path.write_text("\n".join(lines), encoding="utf-8")
    return n


def _ts(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def reencode_alone(programme: Path, out: Path) -> float:
    from signgen.video.encode import CODECS, ffmpeg_exe

    clock = time.perf_counter()
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(programme), "-map", "0:v", "-map", "0:a", "-c:a", "copy",
                    *CODECS["h264"].encoder_args(25), str(out)], check=True)
    return time.perf_counter() - clock


def cpu_s() -> float:
    """CPU seconds used so far by this process and its finished children (ffmpeg)."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def compose_ffmpeg(programme, frames, window, out) -> None:
    """The overlay graph signgen uses, fed pre-rendered RGBA frames."""
    from signgen.compose.overlay import OverlayOptions, _OverlayWriter, read_programme

    info = read_programme(programme)
    with _OverlayWriter(out, info, window, OverlayOptions(), "2b4a6f") as video:
        for i in range(info.frames):
            video.write(frames[i % len(frames)])


def compose_moviepy(programme, frames, window, out) -> None:
    """moviepy 2: the programme clip with the signer clip (alpha as its mask) on top."""
    from moviepy import ColorClip, CompositeVideoClip, VideoClip, VideoFileClip

    rgb = [np.ascontiguousarray(f[..., :3]) for f in frames]
    alpha = [f[..., 3] / 255.0 for f in frames]
    base = VideoFileClip(str(programme), audio=False)
    seconds = base.duration
    index = lambda t: int(round(t * 25)) % len(frames)  # noqa: E731
    signer = VideoClip(lambda t: rgb[index(t)], duration=seconds)
    signer = signer.with_mask(VideoClip(lambda t: alpha[index(t)], is_mask=True, duration=seconds))
    plate = ColorClip((window.width, window.height), color=(43, 74, 111), duration=seconds)
    layers = [base, plate.with_position((window.x, window.y)), signer.with_position((window.x, window.y))]
    CompositeVideoClip(layers, size=(1920, 1080)).write_videofile(
        str(out), fps=25, codec="libx264", preset="veryfast", audio=False, logger=None,
        ffmpeg_params=["-crf", "20", "-profile:v", "high", "-pix_fmt", "yuv420p"])
    base.close()


def timed(job, *args) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``job(*args)``."""
    wall, cpu = time.perf_counter(), cpu_s()
    job(*args)
    return time.perf_counter() - wall, cpu_s() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--compose-seconds", type=float, default=20.0)
    default_story = next((p for p in (Path("/work/shared/corpus/01-bridge.txt"), *sorted((ROOT / "samples").glob("*.txt")))
                          if p.is_file()), None)
    parser.add_argument("--story", type=Path, default=default_story, help="the words of the subtitles")
    parser.add_argument("--skip-full", action="store_true", help="only the compositing comparison")
    args = parser.parse_args()

    from signgen.compose.overlay import OverlayOptions, overlay_programme, window_for
    from signgen.pipeline import Studio
    from signgen.render.framing import signing_box

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        programme, subtitles = tmp / "programme.mp4", tmp / "programme.srt"
        make_programme(programme, args.seconds)
        cues = make_subtitles(args.story, subtitles, args.seconds)
        print(f"programme: {args.seconds:.0f} s 1080p25 test pattern + tone; {cues} cues from {args.story.name}")
        alone = reencode_alone(programme, tmp / "alone.mp4")
        print(f"re-encode alone (x264 veryfast crf 20, audio copied): {alone:6.1f} s  "
              f"({args.seconds / alone:.2f}x real time)")
        studio = Studio()
        if not args.skip_full:
            clock = time.perf_counter()
            report = overlay_programme(programme, subtitles, tmp / "signed.mp4", OverlayOptions(), studio=studio)
            wall = time.perf_counter() - clock
            print(f"signgen overlay (whole job):                          {wall:6.1f} s  "
                  f"({wall / args.seconds:.2f}x the programme's duration, {wall / alone:.2f}x the re-encode; "
                  f"max lag {report.signed.max_lag_s:.2f} s)")
            print("   stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.timings_s.items()))
        lo, hi = signing_box(studio.avatar)
        window = window_for(OverlayOptions(), 1920, 1080, float((hi[0] - lo[0]) / (hi[1] - lo[1])))
        from signgen.compose.cuesigning import sign_cues
        from signgen.compose.subtitles import read_subtitles

        signed = sign_cues(studio, read_subtitles(subtitles), args.seconds)
        frames = [f.copy() for f in studio.signer_frames(signed.performance, window.width, window.height, 25.0, 100)]
        studio.close()
        n = int(args.compose_seconds * 25)
        short = tmp / "short.mp4"
        make_programme(short, args.compose_seconds)
        ff = timed(compose_ffmpeg, short, frames, window, tmp / "ff.mp4")
        try:
            import moviepy  # noqa: F401  (not a dependency since this comparison; install it to repeat it)
        except ImportError:
            print(f"compositing: ffmpeg overlay graph {1000 * ff[0] / n:.1f} ms/frame; moviepy is not installed "
                  "(pip install moviepy==2.2.1 to compare)")
            return
        mp = timed(compose_moviepy, short, frames, window, tmp / "mp.mp4")
        print(f"compositing {args.compose_seconds:.0f} s ({n} frames, signer pre-rendered), wall and CPU (with ffmpeg):")
        print(f"   ffmpeg overlay graph: {ff[0]:6.1f} s  {1000 * ff[0] / n:6.1f} ms/frame   CPU {1000 * ff[1] / n:6.1f} ms/frame")
        print(f"   moviepy 2:            {mp[0]:6.1f} s  {1000 * mp[0] / n:6.1f} ms/frame   CPU {1000 * mp[1] / n:6.1f} ms/frame")
        print(f"   ffmpeg is {mp[0] / ff[0]:.2f}x faster by wall time, {mp[1] / ff[1]:.2f}x by CPU time")


if __name__ == "__main__":
    sys.exit(main())
