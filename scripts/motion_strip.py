"""Render strips of consecutive frames to check motion by eye: one across a sign-to-sign
transition and one across a fingerspelled word, from a short story.

    .venv/bin/python scripts/motion_strip.py -o docs/motion-strip.png
    .venv/bin/python scripts/motion_strip.py --text "Ann Lee met the mayor." --fps 25
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

import numpy as np
from PIL import Image

from signgen.ingest import story_from_text
from signgen.motion.clip import to_matrices
from signgen.pipeline import Studio
from signgen.render.renderer import AvatarRenderer
from signgen.render.sheet import grid, signer_tile

COLUMNS = 6
DEFAULT_TEXT = "The mayor opened the new bridge. Ann Ruiz will lead the work."


def gloss_at(performance, t: float) -> str:
    """The gloss being signed at ``t`` seconds, or a dash in a transition or pause."""
    for sentence in performance.sentences:
        for timed in sentence.glosses:
            if timed.start_s <= t <= timed.end_s:
                return timed.gloss.gloss
    return "-"


def middle(timed) -> float:
    return 0.5 * (timed.start_s + timed.end_s)


def strip(studio: Studio, renderer: AvatarRenderer, performance, poses, fps: float, start_s: float,
          end_s: float, count: int, title: str) -> Image.Image:
    frames = np.unique(np.linspace(start_s * fps, end_s * fps, count).round().astype(int))
    tiles = []
    for k in frames:
        vertices = studio.deformer.deform(studio.avatar.skeleton.skinning_matrices(to_matrices(poses[k])))
        tiles.append(signer_tile(renderer.render(vertices), f"{k / fps:.2f}s {gloss_at(performance, k / fps)}", 20,
                                 width=0.5))
    return grid(tiles, COLUMNS, title)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--text", default=DEFAULT_TEXT, help="story to perform")
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/motion-strip.png"))
    parser.add_argument("--fps", type=float, default=25.0)
    parser.add_argument("--frames", type=int, default=6, help="frames across the transition (twice that for the word)")
    args = parser.parse_args()
    studio = Studio()
    performance = studio.signer.perform(studio.gloss(story_from_text(args.text)))
    poses = studio.signer.frame_poses(performance, args.fps)
    glosses = [g for s in performance.sentences for g in s.glosses]
    pair = next(((a, b) for a, b in zip(glosses, glosses[1:]) if a.gloss.kind == b.gloss.kind == "sign"), None)
    spelled = next((g for g in glosses if g.gloss.kind == "fingerspell"), None)
    if pair is None or spelled is None:
        raise SystemExit("the text needs two signs in a row and a fingerspelled word")
    with AvatarRenderer(studio.avatar, 960, 540, studio.look) as renderer:
        strips = [
            strip(studio, renderer, performance, poses, args.fps, middle(pair[0]), middle(pair[1]), args.frames,
                  f"sign to sign: {pair[0].gloss.gloss} -> {pair[1].gloss.gloss}"),
            strip(studio, renderer, performance, poses, args.fps, spelled.start_s, spelled.end_s,
                  2 * args.frames, f"fingerspelled: {spelled.gloss.gloss}"),
        ]
    width = max(s.width for s in strips)
    sheet = Image.new("RGB", (width, sum(s.height for s in strips)), (24, 24, 28))
    top = 0
    for s in strips:
        sheet.paste(s, (0, top))
        top += s.height
    args.output.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
