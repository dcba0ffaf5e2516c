"""Every sign of the lexicon synthesised alone (no rendering), measured for how deep (cm) a
forearm or hand goes into the body (torso, head). Prints the count over the 1 cm target and the
worst signs, so a curator sees which notations to look at.

    python bench/body_penetration.py [--top 30] [--over 1.0] [GLOSS ...]

Name glosses to measure only those signs (a curator checking new rows).

(The stories' figures are in bench/motion_quality.py; this finds the signs behind them. One hand
into the other is bench/hand_contact.py's.)
"""

from __future__ import annotations

import argparse

from signgen.motion.metrics import batch_forward, max_penetration
from signgen.pipeline import Studio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=30, help="how many of the worst signs to list")
    parser.add_argument("--over", type=float, default=1.0, help="the target, cm")
    parser.add_argument("glosses", nargs="*", help="measure only these signs (default: every sign)")
    args = parser.parse_args()
    studio = Studio()
    skeleton = studio.avatar.skeleton
    rows = []
    for entry in studio.lexicon.entries:
        if args.glosses and entry.gloss not in args.glosses:
            continue
        clip = studio.signer.clip(entry, letter=False)
        rot, pos = batch_forward(skeleton, clip.quaternions)
        rows.append((100.0 * float(max_penetration(rot, pos, skeleton, studio.body).max()), entry.gloss, entry.source))
    studio.close()
    rows.sort(reverse=True)
    print(f"{len(rows)} signs; into the body over {args.over:g} cm: {sum(r[0] > args.over for r in rows)}")
    for depth, gloss, source in rows[:args.top]:
        print(f"{depth:6.2f} cm  {gloss} ({source})")


if __name__ == "__main__":
    main()
