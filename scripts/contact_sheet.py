"""Render a contact sheet of lexicon signs (the middle frame of each) to check them by eye.

    .venv/bin/python scripts/contact_sheet.py GLOSS... -o docs/contact-sheet.png
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

from PIL import Image

from signgen.motion.clip import to_matrices
from signgen.pipeline import Studio
from signgen.render.renderer import AvatarRenderer
from signgen.render.sheet import grid, signer_tile


def tile(studio: Studio, renderer: AvatarRenderer, gloss: str, fraction: float) -> Image.Image:
    entry = studio.lexicon.sign(gloss)
    if entry is None:
        raise SystemExit(f"{gloss}: not in the lexicon")
    clip = studio.signer.clip(entry)
    pose = clip.quaternions[int(fraction * (len(clip.quaternions) - 1))]
    vertices = studio.deformer.deform(studio.avatar.skeleton.skinning_matrices(to_matrices(pose)))
    return signer_tile(renderer.render(vertices), gloss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("glosses", nargs="+")
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/contact-sheet.png"))
    parser.add_argument("--columns", type=int, default=6)
    parser.add_argument("--at", type=float, default=0.5, help="where in each sign to take the frame (0-1)")
    args = parser.parse_args()
    studio = Studio()
    with AvatarRenderer(studio.avatar, 960, 540, studio.look) as renderer:
        tiles = [tile(studio, renderer, g, args.at) for g in args.glosses]
    sheet = grid(tiles, args.columns)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.output)
    print(f"wrote {args.output} ({len(tiles)} signs)")


if __name__ == "__main__":
    main()
