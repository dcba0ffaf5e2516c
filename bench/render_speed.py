"""Render-speed benchmark: real-time factor, each stage's share and peak memory, per preset.

Run by hand (``make bench``); prints figures, asserts nothing. Each measurement runs in its own
process so peak memory (ru_maxrss) belongs to that render alone. A short story and a long one
(several corpus stories joined) show whether memory grows with story length.

    python bench/render_speed.py [--corpus ../shared/corpus] [--presets 1080p25 720p25]

A second table times the frame loop alone over the story's first frames (deform, render, caption,
encode), each anti-aliasing setting, with frames written inline or by a `BackgroundWriter` thread
that overlaps encoding with the next frame's rendering. "cpu" is process CPU time per frame
(llvmpipe's threads included; ffmpeg is a child process and not counted), the figure least
disturbed by other load on a shared machine.
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


def measure_loop(story_path: Path, preset_name: str, frames: int, samples: int, threaded: bool) -> dict:
    """Time the frame loop alone (as `Studio._encode` runs it) over the story's first ``frames``."""
    from signgen.ingest import read_stories
    from signgen.motion.clip import to_matrices
    from signgen.pipeline import Studio, caption_cues
    from signgen.render.overlap import BackgroundWriter
    from signgen.render.renderer import AvatarRenderer
    from signgen.video.captions import CaptionBurner
    from signgen.video.encode import VideoWriter
    from signgen.video.presets import get_preset

    (story,) = read_stories(story_path)
    preset = get_preset(preset_name)
    studio = Studio()
    performance = studio.signer.perform(studio.gloss(story))
    poses = performance.timeline.poses(float(preset.fps))[:frames]
    burner = CaptionBurner(caption_cues(performance), preset.width, preset.height)
    skeleton, fps = studio.avatar.skeleton, float(preset.fps)
    stage = {"deform": 0.0, "render": 0.0, "caption": 0.0, "write": 0.0}
    with AvatarRenderer(studio.avatar, preset.width, preset.height, studio.look, samples=samples) as renderer, \
            tempfile.TemporaryDirectory() as tmp:
        renderer.render(studio.avatar.vertices)  # compile and upload outside the timing
        wall, cpu = time.perf_counter(), time.process_time()
        with VideoWriter(Path(tmp) / "loop.mp4", preset) as video:
            writer = BackgroundWriter(video) if threaded else video
            for i, pose in enumerate(poses):
                t0 = time.perf_counter()
                vertices = studio.deformer.deform(skeleton.skinning_matrices(to_matrices(pose)))
                t1 = time.perf_counter()
                frame = renderer.render(vertices)
                t2 = time.perf_counter()
                burner.apply(frame, i / fps)
                t3 = time.perf_counter()
                writer.write(frame)
                t4 = time.perf_counter()
                for key, dt in zip(stage, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                    stage[key] += dt
            if threaded:
                writer.close()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        crop = renderer.last_crop
    studio.close()
    n = len(poses)
    return {"preset": preset_name, "samples": samples, "threaded": threaded, "frames": n,
            "rtf": n / fps / wall, "ms_wall": 1000 * wall / n, "ms_cpu": 1000 * cpu / n,
            "stages_ms": {k: 1000 * v / n for k, v in stage.items()},
            "crop_share": crop.w * crop.h / (preset.width * preset.height) if crop else 0.0}


def print_loop_row(r: dict) -> None:
    stages = "  ".join(f"{k} {v:5.1f}" for k, v in r["stages_ms"].items())
    mode = "thread" if r["threaded"] else "inline"
    print(f"{r['preset']:>10}  msaa {r['samples']}  {mode}  {r['frames']} frames  RTF {r['rtf']:.2f}  "
          f"{r['ms_wall']:5.1f} ms/frame wall  {r['ms_cpu']:5.1f} ms cpu  |  {stages} ms  "
          f"| drawn {100 * r['crop_share']:.0f}% of the frame")


def run_child(story: Path, preset: str, loop: str | None = None) -> dict:
    extra = ["--loop", loop] if loop else []
    out = subprocess.run([sys.executable, __file__, "--child", str(story), preset, *extra],
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
    parser.add_argument("--loop-frames", type=int, default=250, help="frames in the frame-loop table (0: skip it)")
    parser.add_argument("--samples", type=int, nargs="+", default=[4, 0], help="MSAA settings for the loop table")
    parser.add_argument("--skip-stories", action="store_true", help="only the frame-loop table")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--loop", help=argparse.SUPPRESS)  # "frames,samples,threaded"
    args = parser.parse_args()
    if args.child:
        if args.loop:
            frames, samples, threaded = (int(x) for x in args.loop.split(","))
            print(json.dumps(measure_loop(Path(args.child[0]), args.child[1], frames, samples, bool(threaded))))
        else:
            print(json.dumps(measure(Path(args.child[0]), args.child[1])))
        return
    story = args.corpus / args.story
    with tempfile.TemporaryDirectory() as tmp:
        long_story = Path(tmp) / "long-story.txt"
        long_story.write_text("\n\n".join(p.read_text() for p in sorted(args.corpus.glob("*.txt"))[:4]))
        print(f"signgen render benchmark (2-core CPU, Mesa llvmpipe via EGL); corpus {args.corpus}")
        if not args.skip_stories:
            for preset in args.presets:
                print_row(run_child(story, preset))
            print("memory vs story length (720p25):")
            print_row(run_child(long_story, "720p25"))
        if args.loop_frames > 0:
            print(f"frame loop, first {args.loop_frames} frames of {args.story}:")
            for preset in args.presets:
                for samples in args.samples:
                    for threaded in (0, 1):
                        print_loop_row(run_child(story, preset, f"{args.loop_frames},{samples},{threaded}"))


if __name__ == "__main__":
    main()
