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
