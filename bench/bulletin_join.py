"""Joining a bulletin: ffmpeg's concat demuxer copying packets (what `compose.bulletin` does) against
re-encoding the same segments with the same x264 settings. Prints both wall times and the ratio.

The segments are synthetic (a moving gradient, encoded by `VideoWriter` like a story or a title
card), so the figure is about joining, not rendering:

    .venv/bin/python bench/bulletin_join.py [--preset 720p25] [--segments 4] [--seconds 10]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from signgen.compose.bulletin import Chapter, join_segments
from signgen.video.captions import Cue
from signgen.video.encode import VideoWriter, ffmpeg_exe
from signgen.video.presets import get_preset


def segment(path: Path, preset, seconds: float, shade: int) -> None:
    frames = round(seconds * preset.fps)
    x = np.linspace(0, 255, preset.width, dtype=np.float32)[None, :, None]
    with VideoWriter(path, preset) as writer:
        for i in range(frames):
            frame = np.empty((preset.height, preset.width, 3), np.uint8)
            frame[:] = ((x + 4 * i + shade) % 256).astype(np.uint8)
            writer.write(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="720p25")
    parser.add_argument("--segments", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    preset = get_preset(args.preset)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        paths = [folder / f"s{k}.mp4" for k in range(args.segments)]
        for k, path in enumerate(paths):
            segment(path, preset, args.seconds, 40 * k)
        total = args.segments * args.seconds
        chapters = [Chapter(f"s{k}", f"Story {k}", k * args.seconds, (k + 1) * args.seconds) for k in range(args.segments)]
        cues = [Cue(c.start_s, c.end_s, c.title) for c in chapters]
        counter = iter(range(1000))

        def temp(suffix: str) -> Path:
            return folder / f"t{next(counter)}{suffix}"

        start = time.perf_counter()
        join_segments(paths, chapters, cues, folder / "joined.mp4", temp)
        copy_s = time.perf_counter() - start

        listing = folder / "list.txt"
        listing.write_text("".join(f"file '{p}'\n" for p in paths), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
                        "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-profile:v", "high",
                        "-pix_fmt", "yuv420p", str(folder / "reencoded.mp4")], check=True)
        encode_s = time.perf_counter() - start
    print(f"{args.segments} segments x {args.seconds:.0f} s at {preset.name} ({total:.0f} s of video)")
    print(f"join by copying packets: {copy_s:.2f} s ({total / copy_s:.0f}x real time)")
    print(f"join by re-encoding:     {encode_s:.2f} s ({total / encode_s:.1f}x real time)")
    print(f"copying is {encode_s / copy_s:.0f}x faster, and leaves every story's pictures bit-identical")


if __name__ == "__main__":
    main()
