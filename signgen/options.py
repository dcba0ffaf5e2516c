"""The options that decide a rendered video, kept light to import: batch planning keys jobs on them
without loading the renderer."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from signgen.avatar.look import Look
from signgen.video.caption_style import CaptionStyle
from signgen.video.presets import DEFAULT_PRESET


@dataclass(frozen=True)
class RenderOptions:
    """Everything besides the story and the software that decides a rendered video.

    Batch jobs are keyed by these values (see `signgen.ops`), so a new option that changes the
    output belongs here as a field with a default, never as a loose argument.

    preset: a `signgen.video.presets` name. seed: drives the living face (blinks, breathing):
    same input and seed, same frames. speed: scales the signing (signs, transitions and
    pauses), not the frame rate; 0.5-2.0. look: the avatar's colours, body shape and background
    (`signgen.avatar.look.LOOKS`). burn_captions: draw the captions into the picture (a
    full-frame render's default; a signer keyed over a programme has the programme's own).
    caption_style: how captions are broken and drawn, in the picture and in the sidecars.
    """

    preset: str = DEFAULT_PRESET
    seed: int = 0
    speed: float = 1.0
    look: Look = Look()
    burn_captions: bool = True
    caption_style: CaptionStyle = CaptionStyle()

    def to_json(self) -> dict:
        return asdict(self)
