"""Render profiles: a house style in one TOML file (preset, look, background, captions).

A broadcaster keeps one profile per outlet (air, web, signage) instead of repeating options.
The packaged profiles are the ``*.toml`` files beside this module (`signgen render --profile
web`); a user's own is given by path (`--profile house.toml`). Keys:

    description = "what it is for"           # optional, shown by `signgen profiles`
    preset = "1080p25"                      # a video preset name
    look = "medium"                         # a packaged look name (signgen.avatar.look.LOOKS) ...
    # [look]                                # ... or a table of colours over the default look:
    # skin = "#8f5b3d"  top = "#0c0c10"  hair = "#17120f"  body = "male"  ...
    background = "#2b4a6f"                  # optional: replaces the look's background colour
    [captions]
    burn = true                             # draw captions into the picture
    max_chars_per_line = 37  font_size_ratio = 0.046  box_alpha = 0.72   # fitted to the layout's
    # caption band: see CaptionStyle.fitted_to
    text = "#ffffff"  box = "#000000"

Every key is checked; an unknown key or a bad value is one error line naming the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from signgen.avatar.look import DEFAULT_LOOK, Look, get_look, hex_rgb
from signgen.errors import InputError, SigngenError, UsageError
from signgen.options import RenderOptions
from signgen.video.caption_style import CaptionStyle
from signgen.video.presets import DEFAULT_PRESET, get_preset

DEFAULT_PROFILE = "broadcast"
_TOP_KEYS = {"description", "preset", "look", "background", "captions"}
# Caption keys in the file -> CaptionStyle fields (colours are written as #rrggbb in TOML).
_CAPTION_FIELDS = {"max_chars_per_line": int, "font_size_ratio": float, "box_alpha": float,
                   "bottom_margin_ratio": float, "line_spacing": float}
_CAPTION_COLOURS = {"text": "text_rgb", "box": "box_rgb"}


@dataclass(frozen=True)
class Profile:
    """A resolved profile: the `RenderOptions` fields it decides.

    background: replaces the look's background colour (kept when the look is swapped for another)."""

    name: str
    description: str = ""
    preset: str = DEFAULT_PRESET
    look: Look = Look()
    background: str | None = None
    burn_captions: bool = True
    caption_style: CaptionStyle = CaptionStyle()

    def overridden(self, preset: str | None = None, look: str | None = None,
                   burn_captions: bool | None = None) -> Profile:
        """This profile with the options given on the command line in place of its own (None keeps its own)."""
        if preset is not None:
            get_preset(preset)
        return replace(self, preset=preset or self.preset, look=get_look(look) if look else self.look,
                       burn_captions=self.burn_captions if burn_captions is None else burn_captions)

    def render_options(self, seed: int = 0, speed: float = 1.0) -> RenderOptions:
        """The `RenderOptions` this profile decides, with a seed and speed."""
        look = replace(self.look, background=self.background) if self.background else self.look
        return RenderOptions(preset=self.preset, seed=seed, speed=speed, look=look,
                             burn_captions=self.burn_captions, caption_style=self.caption_style)


def packaged_profiles() -> dict[str, Path]:
    """Name -> path of every profile shipped with signgen."""
    folder = resources.files(__package__)
    return {Path(entry.name).stem: Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".toml")}


def load_profile(name_or_path: str | Path) -> Profile:
    """The packaged profile called ``name_or_path``, or the TOML file at that path."""
    text = str(name_or_path)
    packaged = packaged_profiles()
    if text in packaged:
        path = packaged[text]
    elif text.endswith(".toml") or Path(text).exists():
        path = Path(text)
    else:
        raise UsageError(f"unknown profile {text!r}; give a .toml file or one of: {', '.join(sorted(packaged))}")
    if not path.is_file():
        raise InputError("profile not found", path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the profile ({exc.__class__.__name__})", path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML ({exc})", path) from exc
    try:
        return profile_from_dict(path.stem, data)
    except SigngenError as exc:
        raise InputError(exc.problem, path) from None


def profile_from_dict(name: str, data: dict[str, Any]) -> Profile:
    """Check and resolve a parsed profile; raises SigngenError naming the bad key."""
    _no_unknown(data, _TOP_KEYS, "")
    preset = _typed(data, "preset", str, DEFAULT_PRESET)
    get_preset(preset)  # fails with the list of valid names
    look = _look(data.get("look", DEFAULT_LOOK))
    background = _typed(data, "background", str, None)
    if background is not None:
        hex_rgb(background, "background")
    captions = data.get("captions", {})
    if not isinstance(captions, dict):
        raise SigngenError("captions must be a table ([captions])")
    _no_unknown(captions, {"burn", *_CAPTION_FIELDS, *_CAPTION_COLOURS}, "captions.")
    style_args: dict[str, Any] = {}
    for key, kind in _CAPTION_FIELDS.items():
        if key in captions:
            style_args[key] = _typed(captions, key, kind, None, "captions.")
    for key, field in _CAPTION_COLOURS.items():
        if key in captions:
            style_args[field] = hex_rgb(_typed(captions, key, str, None, "captions."), f"captions.{key}")
    return Profile(name=name, description=_typed(data, "description", str, ""), preset=preset, look=look,
                   background=background, burn_captions=_typed(captions, "burn", bool, True, "captions."),
                   caption_style=CaptionStyle(**style_args))


def _no_unknown(table: dict, known: set[str], prefix: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise SigngenError(f"unknown key {prefix}{unknown[0]}; known: {', '.join(prefix + k for k in sorted(known))}")


def _typed(table: dict, key: str, kind: type, default: Any, prefix: str = "") -> Any:
    if key not in table:
        return default
    value = table[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SigngenError(f"{prefix}{key} must be a {kind.__name__}, not {value!r}")
    return value


def _look(value: Any) -> Look:
    if isinstance(value, str):
        return get_look(value)
    if isinstance(value, dict):
        return _with_colours(Look(), value, "look.")
    raise SigngenError(f"look must be a look name or a table of colours, not {value!r}")


def _with_colours(look: Look, colours: dict, prefix: str) -> Look:
    _no_unknown(colours, {f.name for f in fields(Look)}, prefix)
    if not all(isinstance(v, str) for v in colours.values()):
        raise SigngenError(f"{prefix.rstrip('.')} colours must be strings like \"#1f2430\"")
    return replace(look, **colours)  # Look checks each colour

