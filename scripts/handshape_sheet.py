"""Draw every handshape the lexicon uses (signs, alphabet, numbers) as a contact sheet of hand
close-ups, and print the Markdown table of them for `lexicon/ase/README.md`.

    .venv/bin/python scripts/handshape_sheet.py -o docs/handshapes.png

Each tile is the right hand held up beside the shoulder, fingers up and palm to the viewer
(``SHAPE hamextfingeru hampalmd``), seen from in front. Tiles are numbered in order of use.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from signgen.hamnosys import parse
from signgen.hamnosys.handshapes import format_handshape, sign_handshapes
from signgen.motion.clip import to_matrices
from signgen.pipeline import Studio
from signgen.render.framing import Framing
from signgen.render.renderer import AvatarRenderer
from signgen.render.sheet import FONT, grid

TILE = 240
CAMERA_M = 0.42            # camera distance in front of the hand
FIELD_DEG = 30.0           # vertical field of view: a hand with a margin
# ASL names of the shapes, as `lexicon/ase/README.md` writes them (the rest are named by notation).
NAMES = {
    "hamflathand": "open B", "hamflathand hamthumbacrossmod": "B", "hamflathand hamfingerbendmod": "bent B",
    "hamfist": "S", "hamfist hamthumboutmod": "A", "hamfinger2 hamthumbacrossmod": "1",
    "hamfinger2 hamthumboutmod": "L", "hamfinger2 hamthumbacrossmod hamfingerhookmod": "X",
    "hamfinger23spread hamthumbacrossmod": "V", "hamfinger23 hamthumbacrossmod": "H/U",
    "hamfinger23spread hamthumboutmod": "3", "hamfinger2345 hamthumbacrossmod": "4",
    "hamfinger2345 hamthumboutmod": "5", "hamfinger2345 hamthumboutmod hamfingerhookmod": "claw",
    "hampinch12open": "F", "hampinchall": "flat O", "hamceeall": "C", "hamcee12": "small C",
    "hamfinger2 hampinky": "I", "hamfinger2 hamthumboutmod hampinky": "Y",
    "hamfinger23spread hamthumboutmod hamindexfinger hampinky": "ILY", "hampinch12open hampinky": "W / 6",
    "hampinch12open hamringfinger": "7", "hampinch12open hammiddlefinger": "8",
    "hampinchall hamindexfinger hamfingerstraightmod": "D",
    "hamfinger2345 hamthumboutmod hammiddlefinger hamfingerbendmod": "open 8",
    "hamfinger23 hamthumbacrossmod hammiddlefinger hamfingermidjoint hamindexfinger": "R",
    "hamfinger23spread hamthumbopenmod hamthumb hamfingerbase hammiddlefinger": "K / P",
    "hamfinger2345 hamthumbacrossmod hamdoublebent hampinky hamdoublehooked": "M",
    "hamfinger2 hamthumbacrossmod hamdoublebent hamthumb hamfingerside hammiddlefinger": "T",
    "hamfinger23spread hamthumbacrossmod hamfingerhookmod": "bent V", "hampinch12": "G-pinch (baby O)",
    "hamflathand hamthumbacrossmod hamdoublehooked": "E", "hamfinger2 hamthumbacrossmod hamdoublebent": "X-bent",
    "hamfinger23spread hamthumbopenmod": "V, thumb open", "hamfinger23 hamthumbacrossmod hamdoublebent": "bent H",
    "hamflathand hamthumbacrossmod hamdoublebent": "bent B, thumb in", "hamfinger23 hamthumboutmod": "H, thumb out",
    "hamfinger2 hamthumboutmod hamfingerbendmod": "bent L", "hamfinger2 hamthumboutmod hamfingerhookmod": "hooked L",
    "hamfinger23 hamthumbacrossmod hamfingerhookmod": "hooked H", "hamfinger2345 hamthumbacrossmod hamfingerbendmod": "bent 4",
    "hampinch12 hamindexfinger hammiddlefinger": "two-finger pinch", "hamflathand hamthumbacrossmod hamfingerbendmod": "bent B, thumb across",
    "hamfinger23 hamthumboutmod hamfingerbendmod": "bent H, thumb out", "hamfinger23spread hamthumboutmod hamfingerbendmod": "bent 3",
    "hamfinger2345 hamthumboutmod hamfingerbendmod": "bent 5", "hamfinger23 hamthumbacrossmod hamfingerbendmod": "bent U",
}


def lexicon_handshapes(studio: Studio) -> list[tuple[str, int]]:
    """(notation, number of entries using it) for every handshape, most used first."""
    lexicon = studio.lexicon
    counts: Counter[str] = Counter()
    for entry in list(lexicon.entries) + list(lexicon.letters) + list(lexicon.numbers):
        counts.update({format_handshape(s) for s in sign_handshapes(parse(entry.hamnosys))})
    return counts.most_common()


def hand_closeup(studio: Studio, notation: str) -> Image.Image:
    """A square close-up of the right hand holding ``notation`` up, palm to the viewer."""
    clip = studio.signer.synthesizer.synthesize(parse(f"{notation} hamextfingeru hampalmd"), notation, letter=True)
    matrices = to_matrices(clip.last)
    skeleton = studio.avatar.skeleton
    _, pos = skeleton.forward(matrices)
    centre = 0.5 * (pos[skeleton.index("hand_r")] + pos[skeleton.index("middle_02_r")])
    pose = np.eye(4)
    pose[:3, 3] = centre + np.array([0.0, 0.0, CAMERA_M])
    half = np.full(3, 0.12)  # the box the picture holds: the hand and a margin
    framing = Framing(pose, float(np.radians(FIELD_DEG)), 1.0, centre - half, centre + half)
    vertices = studio.deformer.deform(skeleton.skinning_matrices(matrices))
    with AvatarRenderer(studio.avatar, TILE, TILE, studio.look, framing) as renderer:
        return Image.fromarray(renderer.render(vertices).copy())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/handshapes.png"))
    parser.add_argument("--columns", type=int, default=8)
    args = parser.parse_args()
    studio = Studio()
    shapes = lexicon_handshapes(studio)
    font = ImageFont.truetype(FONT, 22)
    tiles = []
    print("| # | ASL name | notation | entries |\n|---|---|---|---|")
    for number, (notation, uses) in enumerate(shapes, 1):
        tile = hand_closeup(studio, notation)
        ImageDraw.Draw(tile).text((8, 6), f"{number} {NAMES.get(notation, '')}", fill=(255, 255, 255), font=font)
        tiles.append(tile)
        print(f"| {number} | {NAMES.get(notation, '')} | `{notation}` | {uses} |")
    sheet = grid(tiles, args.columns, title="Handshapes of the ASL lexicon (right hand, palm to the viewer)")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.output)
    print(f"wrote {args.output} ({len(tiles)} handshapes)")


if __name__ == "__main__":
    main()
