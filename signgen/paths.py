"""Where signgen's data lives: the lexicon and motion folders in the repository, and the avatar asset
built by `signgen avatar build`. Kept free of heavy imports: batch planning hashes these files
without loading numpy, pandas or spaCy."""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
# A newsroom can keep its own lexicon and motion clips outside the repository.
LEXICON_ROOT = Path(os.environ.get("SIGNGEN_LEXICON") or REPOSITORY / "lexicon")
MOTIONS_DIR = Path(os.environ.get("SIGNGEN_MOTIONS") or REPOSITORY / "motions")  # BVH clips that override synthesis
AVATAR_ASSET_VERSION = 1


def default_avatar_path() -> Path:
    """``$SIGNGEN_AVATAR``, else ``$XDG_CACHE_HOME/signgen/avatar-v1.npz`` (``~/.cache`` by default)."""
    if os.environ.get("SIGNGEN_AVATAR"):
        return Path(os.environ["SIGNGEN_AVATAR"]).expanduser()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "signgen" / f"avatar-v{AVATAR_ASSET_VERSION}.npz"


# Body shapes from the MakeHuman macro targets in the avatar's CC0 data (targets/macrodetails):
# name -> {target: weight}, each built into its own asset by `signgen avatar build`. The base mesh
# is MakeHuman's neutral body; its gender slider at either end weighs each of that gender's three
# ethnic targets by 1/3.
BODIES: dict[str, dict[str, float]] = {
    "neutral": {},
    "female": {f"macrodetails/{e}-female-young": 1 / 3 for e in ("african", "asian", "caucasian")},
    "male": {f"macrodetails/{e}-male-young": 1 / 3 for e in ("african", "asian", "caucasian")},
}
DEFAULT_BODY = "neutral"


def avatar_path(body: str = DEFAULT_BODY) -> Path:
    """Where the asset of ``body`` lives: the neutral body at `default_avatar_path`, the others
    beside it with the body's name added (``avatar-v1-female.npz``)."""
    neutral = default_avatar_path()
    return neutral if body == DEFAULT_BODY else neutral.with_name(f"{neutral.stem}-{body}{neutral.suffix}")
