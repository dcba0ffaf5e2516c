"""Render-speed benchmark: real-time factor, each stage's share and peak memory, per preset.

Run by hand (``make bench``); prints figures, asserts nothing. Each measurement runs in its own
process so peak memory (ru_maxrss) belongs to that render alone. A short story and a long one
(several corpus stories joined) show whether memory grows with story length.

    python bench/render_speed.py [--corpus ../shared/corpus] [--presets 1080p25 720p25]

A second table times the frame loop alone over the story's first frames (deform, render, caption,
encode), each anti-aliasing setting (`--aa`: msaa4, msaa2, none, edge = the outline blend of
signgen.render.edgeaa), with frames written inline or by a `BackgroundWriter` thread that overlaps
encoding with the next frame's rendering. The settings run interleaved, `--rounds` times, so load
from other processes on a shared machine falls on all of them alike; a summary gives each
setting's median. "cpu" is process CPU time per frame (llvmpipe's threads included; ffmpeg is a
child process and not counted), the figure least disturbed by other load.

"ffmpeg alone" encodes, through `VideoWriter` and nothing else, as many frames as the story has:
the loop's first frames, rendered beforehand (captions burnt in) and cached in a raw file, played
forwards and backwards so motion stays continuous. Each story row and loop row then shows its
total time over that time ("x ffmpeg"): how far the whole job is from encoding alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def measure(story_path: Path, preset: str) -> dict:
    """Render one story in this process and return the figures."""
    from signgen.ingest import read_stories
    from signgen.pipeline import RenderOptions, Studio

    (story,) = read_stories(story_path)
    clock = time.perf_counter()
    studio = Studio()
    setup_s = time.perf_counter() - clock
    with tempfile.TemporaryDirectory() as tmp:
        clock = time.perf_counter()
        report = studio.render(story, Path(tmp) / "bench.mp4", RenderOptions(preset))
        wall = time.perf_counter() - clock
    studio.close()
    return {
        "story": story_path.name, "preset": preset, "video_s": report.duration_s, "wall_s": wall,
        "setup_s": setup_s, "rtf": report.duration_s / wall, "timings_s": report.timings_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


AA_SETTINGS = ("msaa4", "msaa2", "none", "edge")


def aa_options(name: str) -> dict:
    """`AvatarRenderer` keywords for an anti-aliasing setting name."""
    if name == "edge":
        return {"samples": 0, "edge_aa": True}
    return {"samples": 0 if name == "none" else int(name.removeprefix("msaa"))}


def _story_frames(story_path: Path, preset_name: str):
    """(studio, preset, every pose of the story at the preset's rate, caption burner, canvas), the
    burner and canvas laid out as `Studio._encode` lays them out (signer box, caption band)."""
    from signgen.ingest import read_stories
    from signgen.pipeline import Studio, caption_cues
    from signgen.video.captions import CaptionBurner, CaptionStyle
    from signgen.video.presets import get_preset

    (story,) = read_stories(story_path)
    preset = get_preset(preset_name)
    studio = Studio()
    performance = studio.signer.perform(studio.gloss(story))
    poses = performance.timeline.poses(float(preset.fps))
    canvas = studio.canvas_for(preset, story.headline)
    layout = canvas.layout
    burner = CaptionBurner(caption_cues(performance), preset.width, preset.height,
                           CaptionStyle.fitted(layout.caption_fit), area=layout.captions)
    return studio, preset, poses, burner, canvas


def measure_loop(story_path: Path, preset_name: str, frames: int, aa: str, threaded: bool) -> dict:
    """Time the frame loop alone (as `Studio._encode` runs it) over the story's first ``frames``."""
    from signgen.motion.clip import to_matrices
    from signgen.render.overlap import BackgroundWriter
    from signgen.render.renderer import AvatarRenderer
    from signgen.video.encode import VideoWriter

    studio, preset, poses, burner, canvas = _story_frames(story_path, preset_name)
    box = canvas.layout.signer
    poses = poses[:frames]
    skeleton, fps = studio.avatar.skeleton, float(preset.fps)
    stage = {"deform": 0.0, "render": 0.0, "caption": 0.0, "write": 0.0}
    with AvatarRenderer(studio.avatar, box.w, box.h, studio.look, **aa_options(aa)) as renderer, \
            tempfile.TemporaryDirectory() as tmp:
        renderer.render(studio.avatar.vertices)  # compile and upload outside the timing
        wall, cpu = time.perf_counter(), time.process_time()
        with VideoWriter(Path(tmp) / "loop.mp4", preset) as video:
            writer = BackgroundWriter(video) if threaded else video
            for i, pose in enumerate(poses):
                t0 = time.perf_counter()
                vertices = studio.deformer.deform(skeleton.skinning_matrices(to_matrices(pose)))
                t1 = time.perf_counter()
                frame = canvas.compose(renderer.render(vertices))
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
    return {"preset": preset_name, "aa": aa, "threaded": threaded, "frames": n, "wall_s": wall,
            "rtf": n / fps / wall, "ms_wall": 1000 * wall / n, "ms_cpu": 1000 * cpu / n,
            "stages_ms": {k: 1000 * v / n for k, v in stage.items()},
            "crop_share": crop.w * crop.h / (preset.width * preset.height) if crop else 0.0}


def measure_ffmpeg(story_path: Path, preset_name: str, cached: int) -> dict:
    """Time `VideoWriter` alone encoding as many frames as the story has, from cached real frames.

    The first ``cached`` frames are rendered (pipeline anti-aliasing, captions burnt in) into a raw
    file, then fed to the writer forwards and backwards until the story's frame count is reached.
    """
    from signgen.motion.clip import to_matrices
    from signgen.video.encode import VideoWriter

    studio, preset, poses, burner, canvas = _story_frames(story_path, preset_name)
    total, cached = len(poses), min(cached, len(poses))
    skeleton, fps = studio.avatar.skeleton, float(preset.fps)
    renderer = studio.renderer(canvas.layout.signer.w, canvas.layout.signer.h)
    with tempfile.TemporaryDirectory() as tmp:
        raw = np.lib.format.open_memmap(Path(tmp) / "frames.npy", "w+", np.uint8,
                                        (cached, preset.height, preset.width, 3))
        for i, pose in enumerate(poses[:cached]):
            vertices = studio.deformer.deform(skeleton.skinning_matrices(to_matrices(pose)))
            raw[i] = burner.apply(canvas.compose(renderer.render(vertices)), i / fps)
        raw.flush()
        studio.close()
        period = max(1, 2 * cached - 2)  # 0, 1, ..., n-1, n-2, ..., 1, 0, 1, ...
        order = [min(k % period, period - k % period) for k in range(total)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        with VideoWriter(Path(tmp) / "alone.mp4", preset) as video:
            for k in order:
                video.write(raw[k])
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ffmpeg_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"preset": preset_name, "frames": total, "cached": cached, "wall_s": wall,
            "ms_wall": 1000 * wall / total, "ffmpeg_ms_cpu": 1000 * ffmpeg_cpu / total}


def print_ffmpeg_row(r: dict) -> None:
    print(f"{r['preset']:>10}  ffmpeg alone (VideoWriter only): {r['frames']} frames ({r['cached']} real frames "
          f"cached, played back and forth) in {r['wall_s']:5.1f} s  {r['ms_wall']:5.1f} ms/frame wall  "
          f"ffmpeg cpu {r['ffmpeg_ms_cpu']:5.1f} ms/frame  ({1000 / r['ms_wall']:.0f} fps)")


def print_loop_row(r: dict, ffmpeg: dict | None = None) -> None:
    stages = "  ".join(f"{k} {v:5.1f}" for k, v in r["stages_ms"].items())
    mode = "thread" if r["threaded"] else "inline"
    ratio = f"  | x{r['ms_wall'] / ffmpeg['ms_wall']:.2f} ffmpeg" if ffmpeg else ""
    print(f"{r['preset']:>10}  {r['aa']:>5}  {mode}  {r['frames']} frames  RTF {r['rtf']:.2f}  "
          f"{r['ms_wall']:5.1f} ms/frame wall  {r['ms_cpu']:5.1f} ms cpu  |  {stages} ms  "
          f"| drawn {100 * r['crop_share']:.0f}% of the frame{ratio}")


def print_loop_summary(rows: list[dict], ffmpeg: dict | None) -> None:
    """Median per setting over the interleaved rounds."""
    keys = sorted({(r["aa"], r["threaded"]) for r in rows}, key=lambda k: (k[1], AA_SETTINGS.index(k[0])))
    for aa, threaded in keys:
        runs = [r for r in rows if (r["aa"], r["threaded"]) == (aa, threaded)]
        wall = statistics.median(r["ms_wall"] for r in runs)
        cpu = statistics.median(r["ms_cpu"] for r in runs)
        render = statistics.median(r["stages_ms"]["render"] for r in runs)
        fps = runs[0]["frames"] / runs[0]["wall_s"] / runs[0]["rtf"]
        ratio = f"  x{wall / ffmpeg['ms_wall']:.2f} ffmpeg alone" if ffmpeg else ""
        print(f"{runs[0]['preset']:>10}  {aa:>5}  {'thread' if threaded else 'inline'}  median of {len(runs)}: "
              f"RTF {1000 / wall / fps:.2f}  {wall:5.1f} ms/frame wall  {cpu:5.1f} ms cpu  "
              f"render {render:5.1f} ms{ratio}")


SUPER = 4  # the AA reference samples each pixel on a SUPER x SUPER grid


def aa_quality(story_path: Path, preset_name: str, figure: Path | None) -> dict:
    """Edge error of each AA setting against a 16-sample reference, on the story frame whose right
    hand comes nearest the head (hand and face edges together); optionally the 200% comparison PNG.

    Error: per pixel the largest channel difference (0-255 levels) from the reference (the frame
    drawn at 4x the size without AA, averaged over 4 x 4 blocks), over the pixels whose 16 samples
    disagree by more than 24 levels (the edges).
    """
    from signgen.motion.clip import to_matrices
    from signgen.render.framing import project
    from signgen.render.renderer import AvatarRenderer

    studio, preset, poses, _, _ = _story_frames(story_path, preset_name)
    sk = studio.avatar.skeleton
    hand, head = sk.index("hand_r"), sk.index("head")
    gaps = [np.linalg.norm(np.subtract(*sk.forward(to_matrices(p))[1][[hand, head]])) for p in poses]
    frame_index = int(np.argmin(gaps))
    matrices = to_matrices(poses[frame_index])
    vertices = studio.deformer.deform(sk.skinning_matrices(matrices)).copy()
    w, h = preset.width, preset.height
    renders = {}
    for name in ("none", "msaa4", "edge"):
        with AvatarRenderer(studio.avatar, w, h, studio.look, **aa_options(name)) as renderer:
            renders[name] = renderer.render(vertices).copy()
            framing = renderer.framing
    with AvatarRenderer(studio.avatar, w * SUPER, h * SUPER, studio.look, samples=0) as big:
        blocks = big.render(vertices).astype(float).reshape(h, SUPER, w, SUPER, 3)
    studio.close()
    reference = blocks.mean(axis=(1, 3))
    edges = (blocks.max(axis=(1, 3)) - blocks.min(axis=(1, 3))).max(axis=2) > 24
    errors = {}
    for name, image in renders.items():
        err = np.abs(image - reference).max(axis=2)[edges]
        errors[name] = {"mean": float(err.mean()), "rms": float(np.sqrt((err ** 2).mean())),
                        "p95": float(np.percentile(err, 95))}
    if figure is not None:
        joints = sk.forward(matrices)[1][[hand, head]]
        centre = project(framing, joints, w, h).mean(axis=0)
        _comparison_png(renders, errors, centre, figure, f"{preset_name}, 200%")
    return {"preset": preset_name, "frame": frame_index, "edge_pixels": int(edges.sum()), "errors": errors}


def _comparison_png(renders: dict, errors: dict, centre: np.ndarray, path: Path, note: str) -> None:
    """The same crop of each render side by side at 200% (nearest neighbour), labelled."""
    from PIL import Image, ImageDraw, ImageFont

    cw, ch, scale, label_h, gap = 220, 150, 2, 40, 8
    h, w = next(iter(renders.values())).shape[:2]
    x0 = int(np.clip(centre[0] - cw / 2, 0, w - cw))
    y0 = int(np.clip(centre[1] - ch / 2, 0, h - ch))
    titles = {"none": f"no anti-aliasing ({note})", "msaa4": "4x MSAA (before)",
              "edge": "edge AA (outline blend, now default)"}
    sheet = Image.new("RGB", (len(renders) * (cw * scale + gap) - gap, ch * scale + label_h), "white")
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 14)
    except OSError:
        font = ImageFont.load_default()
    for k, (name, image) in enumerate(renders.items()):
        crop = Image.fromarray(image[y0:y0 + ch, x0:x0 + cw]).resize((cw * scale, ch * scale), Image.NEAREST)
        left = k * (cw * scale + gap)
        sheet.paste(crop, (left, label_h))
        e = errors[name]
        draw.text((left + 4, 2), titles[name], fill="black", font=font)
        draw.text((left + 4, 20), f"edge error vs 16 samples: mean {e['mean']:.1f}, p95 {e['p95']:.0f} levels",
                  fill="black", font=font)
    tmp = path.with_name(path.name + ".tmp.png")
    sheet.save(tmp)
    tmp.replace(path)


def print_quality_row(r: dict) -> None:
    cells = "  ".join(f"{k} mean {v['mean']:4.1f} rms {v['rms']:4.1f} p95 {v['p95']:4.0f}"
                      for k, v in r["errors"].items())
    print(f"{r['preset']:>10}  edge error vs 16 samples (levels, frame {r['frame']}, {r['edge_pixels']} edge px): "
          f" {cells}")


def run_child(story: Path, preset: str, loop: str | None = None, ffmpeg: int | None = None,
              quality: str | None = None) -> dict:
    extra = ["--loop", loop] if loop else []
    extra += ["--ffmpeg", str(ffmpeg)] if ffmpeg else []
    extra += ["--quality", str(quality)] if quality else []
    out = subprocess.run([sys.executable, __file__, "--child", str(story), preset, *extra],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_row(r: dict, ffmpeg: dict | None = None) -> None:
    t = r["timings_s"]
    shares = "  ".join(f"{k} {100 * t[k] / t['total']:4.1f}%" for k in ("gloss", "synthesis", "render", "encode"))
    ratio = f"  |  x{r['wall_s'] / ffmpeg['wall_s']:.2f} ffmpeg alone" if ffmpeg else ""
    print(f"{r['preset']:>10}  {r['story']:<24} video {r['video_s']:6.1f} s  wall {r['wall_s']:6.1f} s  "
          f"RTF {r['rtf']:.3f}  peak {r['peak_mb']:6.0f} MB  |  {shares}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--presets", nargs="+", default=["1080p25", "720p25"])
    parser.add_argument("--story", default="01-bridge.txt")
    parser.add_argument("--loop-frames", type=int, default=250, help="frames in the frame-loop table (0: skip it)")
    parser.add_argument("--aa", nargs="+", default=["msaa4", "edge"], choices=AA_SETTINGS,
                        help="anti-aliasing settings for the loop table")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved repetitions of the loop table")
    parser.add_argument("--no-ffmpeg", action="store_true", help="skip the ffmpeg-alone measurement")
    parser.add_argument("--aa-figure", type=Path, help="also write the 200%% AA comparison PNG here (first preset)")
    parser.add_argument("--skip-stories", action="store_true", help="only the frame-loop table")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--loop", help=argparse.SUPPRESS)  # "frames,aa,threaded"
    parser.add_argument("--ffmpeg", type=int, help=argparse.SUPPRESS)  # frames to cache
    parser.add_argument("--quality", help=argparse.SUPPRESS)  # figure path or "-"
    args = parser.parse_args()
    if args.child:
        if args.loop:
            frames, aa, threaded = args.loop.split(",")
            print(json.dumps(measure_loop(Path(args.child[0]), args.child[1], int(frames), aa, bool(int(threaded)))))
        elif args.quality:
            figure = None if args.quality == "-" else Path(args.quality)
            print(json.dumps(aa_quality(Path(args.child[0]), args.child[1], figure)))
        elif args.ffmpeg:
            print(json.dumps(measure_ffmpeg(Path(args.child[0]), args.child[1], args.ffmpeg)))
        else:
            print(json.dumps(measure(Path(args.child[0]), args.child[1])))
        return
    story = args.corpus / args.story
    with tempfile.TemporaryDirectory() as tmp:
        long_story = Path(tmp) / "long-story.txt"
        long_story.write_text("\n\n".join(p.read_text() for p in sorted(args.corpus.glob("*.txt"))[:4]))
        print(f"signgen render benchmark (2-core CPU, Mesa llvmpipe via EGL); corpus {args.corpus}")
        ffmpeg: dict[str, dict] = {}
        if not args.no_ffmpeg:
            for preset in args.presets:
                ffmpeg[preset] = run_child(story, preset, ffmpeg=max(args.loop_frames, 50))
                print_ffmpeg_row(ffmpeg[preset])
        if not args.skip_stories:
            for preset in args.presets:
                print_row(run_child(story, preset), ffmpeg.get(preset))
            print("memory vs story length (720p25):")
            print_row(run_child(long_story, "720p25"))
        if args.loop_frames > 0:
            for k, preset in enumerate(args.presets):
                figure = args.aa_figure.resolve() if args.aa_figure and k == 0 else "-"
                print_quality_row(run_child(story, preset, quality=str(figure)))
            print(f"frame loop, first {args.loop_frames} frames of {args.story} ({args.rounds} interleaved rounds):")
            for preset in args.presets:
                rows = []
                for _ in range(args.rounds):
                    for threaded in (0, 1):
                        for aa in args.aa:
                            rows.append(run_child(story, preset, f"{args.loop_frames},{aa},{threaded}"))
                            print_loop_row(rows[-1], ffmpeg.get(preset))
                if args.rounds > 1:
                    print_loop_summary(rows, ffmpeg.get(preset))


if __name__ == "__main__":
    main()
