"""Render the packaged looks side by side (docs/looks.png) and print each look's measured colours
and its hand/top contrast ratio (WCAG 2); and the face at rest before and after the relaxed
neutral face (docs/neutral-face.png).

    .venv/bin/python scripts/looks_sheet.py -o docs/looks.png --face docs/neutral-face.png
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

from PIL import Image

from signgen.avatar.look import LOOKS, MIN_HAND_CONTRAST
from signgen.pipeline import Studio
from signgen.render.looks import face_closeups, sample_looks
from signgen.render.sheet import grid, signer_tile


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(255 * c):02x}" for c in rgb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/looks.png"))
    parser.add_argument("--face", type=Path, default=Path("docs/neutral-face.png"))
    args = parser.parse_args()
    studio = Studio()
    samples = sample_looks(studio, LOOKS, 960, 540)
    print(f"{'look':8} {'hand':8} {'top':8} {'hair':8} hand/top contrast (at least {MIN_HAND_CONTRAST}:1)")
    for s in samples:
        print(f"{s.name:8} {_hex(s.hand):8} {_hex(s.top):8} {_hex(s.hair):8} {s.hand_contrast:.2f}:1")
    tiles = [signer_tile(s.image, f"{s.name}  {s.hand_contrast:.1f}:1", size=20, width=0.36) for s in samples]
    sheet = grid(tiles, len(tiles), title="signgen --look: hand/top contrast (WCAG) measured on the frame")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.output)
    print(f"wrote {args.output}")
    Image.fromarray(face_closeups(studio, LOOKS["medium"])).save(args.face)
    print(f"wrote {args.face} (left: the mesh's own neutral face; right: the relaxed one signgen renders)")


if __name__ == "__main__":
    main()
