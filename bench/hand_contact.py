"""Hand-to-hand contact of every two-handed lexicon sign (no rendering): prints how many signs
bring the hands within touching distance, how many let one hand sink into the other (more than
0.5 cm, `max_hand_penetration_cm`), and the worst ten.

    python bench/hand_contact.py [GLOSS ...]

Name glosses to measure only those signs (a curator checking new rows).
"""

from __future__ import annotations

import argparse

import numpy as np

from signgen.hamnosys import parse
from signgen.lexicon import Lexicon
from signgen.motion.metrics import hand_penetration
from signgen.synthesis.body import SOLID_RADII, hand_solid
from signgen.pipeline import Studio

PASS_THROUGH_CM = 0.5
TOUCH_CM = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("glosses", nargs="*", help="measure only these signs (default: every two-handed sign)")
    args = parser.parse_args()
    studio = Studio()
    skeleton = studio.signer.skeleton
    rows = []
    for entry in Lexicon.load("ase").entries:
        if args.glosses and entry.gloss not in args.glosses:
            continue
        sign = parse(entry.hamnosys)
        if not (sign.two_handed or any(part.two_handed for part in sign.compound)):
            continue
        clip = studio.signer.clip(entry)
        rot, pos = skeleton.forward_batch(clip.quaternions)
        right, left = hand_solid(rot, pos, skeleton, "r"), hand_solid(rot, pos, skeleton, "l")
        d = np.linalg.norm(right[:, :, None] - left[:, None], axis=-1) - SOLID_RADII[:, None] - SOLID_RADII[None]
        rows.append((100 * float(hand_penetration(rot, pos, skeleton).max()), 100 * float(d.min()), entry.gloss))
    rows.sort(reverse=True)
    touching = sum(1 for _, gap, _ in rows if gap < TOUCH_CM)
    sinking = sum(1 for pen, _, _ in rows if pen > PASS_THROUGH_CM)
    print(f"two-handed signs: {len(rows)}; hands touch (< {TOUCH_CM} cm): {touching}; "
          f"one hand inside the other (> {PASS_THROUGH_CM} cm): {sinking}")
    print("worst:", ", ".join(f"{gloss} {pen:.1f} cm" for pen, _, gloss in rows[:10]))


if __name__ == "__main__":
    main()
