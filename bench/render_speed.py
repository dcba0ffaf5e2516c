"""Render-speed benchmark: real-time factor, each stage's share and peak memory, per preset.

Run by hand (``make bench``); prints figures, asserts nothing. Each measurement runs in its own
process so peak memory (ru_maxrss) belongs to that render alone. A short story and a long one
(several corpus stories joined) show whether memory grows with story length.

    python bench/render_speed.py [--corpus ../shared/corpus] [--presets 1080p25 720p25]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(story_path: Path, preset: str) -> dict:
    """Render one story in this process and return the figures."""
    from signgen.ingest import read_stories
    from signgen.pipeline import Studio

    (story,) = read_stories(story_path)
    clock = time.perf_counter()
    studio = Studio()
    setup_s = time.perf_counter() - clock
    with tempfile.TemporaryDirectory() as tmp:
        clock = time.perf_counter()
        report = studio.render(story, Path(tmp) / "bench.mp4", preset)
        wall = time.perf_counter() - clock
    studio.close()
    return {
        "story": story_path.name, "preset": preset, "video_s": report.duration_s, "wall_s": wall,
        "setup_s": setup_s, "rtf": report.duration_s / wall, "timings_s": report.timings_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(story: Path, preset: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(story), preset],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_row(r: dict) -> None:
    t = r["timings_s"]
    shares = "  ".join(f"{k} {100 * t[k] / t['total']:4.1f}%" for k in ("gloss", "synthesis", "render", "encode"))
    print(f"{r['preset']:>10}  {r['story']:<24} video {r['video_s']:6.1f} s  wall {r['wall_s']:6.1f} s  "
          f"RTF {r['rtf']:.3f}  peak {r['peak_mb']:6.0f} MB  |  {shares}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--presets", nargs="+", default=["1080p25", "720p25"])
    parser.add_argument("--story", default="01-bridge.txt")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), args.child[1])))
        return
    story = args.corpus / args.story
    with tempfile.TemporaryDirectory() as tmp:
        long_story = Path(tmp) / "long-story.txt"
        long_story.write_text("\n\n".join(p.read_text() for p in sorted(args.corpus.glob("*.txt"))[:4]))
        print(f"signgen render benchmark (2-core CPU, Mesa llvmpipe via EGL); corpus {args.corpus}")
        for preset in args.presets:
            print_row(run_child(story, preset))
        print("memory vs story length (720p25):")
        print_row(run_child(long_story, "720p25"))


if __name__ == "__main__":
    main()
