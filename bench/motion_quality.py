"""Motion quality of every story in the development corpus (no rendering): prints, per story, the
figures of `signgen.motion.metrics` that the render report carries, against the targets.

    python bench/motion_quality.py [FILES...]     (default: ../shared/corpus and samples/)
"""

from __future__ import annotations

import sys
from pathlib import Path

from signgen.ingest import read_stories
from signgen.motion.metrics import motion_metrics
from signgen.pipeline import Studio

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT.parent / "shared" / "corpus", ROOT / "samples"]
FPS = 25.0


def main(paths: list[Path]) -> None:
    studio = Studio()
    print(f"{'story':28s} {'signs/s':>7s} {'letters/s':>9s} {'pen cm':>6s} {'limits':>6s} "
          f"{'join jump':>9s} {'in-sign':>7s} {'jerk sign':>9s} {'jerk trans':>10s}")
    print("targets: signs/s 1.5-2.5, letters/s 3-5, penetration <= 1 cm, 0 limit frames, join jump <= in-sign")
    for path in paths:
        for story in read_stories(path):
            performance = studio.signer.perform(studio.gloss(story))
            poses = studio.signer.frame_poses(performance, FPS)
            joins = [t for span in performance.timeline.clip_times for t in span]
            m = motion_metrics(poses, FPS, studio.avatar.skeleton, studio.body, performance.sign_times,
                               performance.letter_times, joins)
            print(f"{story.slug[:28]:28s} {m['signs_per_s']:7.2f} {m['fingerspelling_letters_per_s']:9.2f} "
                  f"{m['max_penetration_cm']:6.2f} {m['joint_limit_violations']:6d} "
                  f"{m['max_join_velocity_jump']:9.2f} {m['max_sign_velocity_jump']:7.2f} {m['rms_jerk']['within_signs']:9.1f} "
                  f"{m['rms_jerk']['within_transitions']:10.1f}")
    studio.close()


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args or [p for folder in CORPUS if folder.is_dir() for p in sorted(folder.iterdir())
                  if p.suffix in (".txt", ".md", ".json")])
