"""The options that decide a rendered video, kept light to import: batch planning keys jobs on them
without loading the renderer."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from signgen.avatar.look import Look
from signgen.errors import UsageError
from signgen.limits import MAX_DURATION_S
from signgen.video.caption_style import CaptionStyle
from signgen.video.presets import DEFAULT_PRESET

ALPHA_FORMATS = ("prores", "webm")  # `signgen.video.encode.ALPHA_CODECS` encodes each


@dataclass(frozen=True)
class RenderOptions:
    """Everything besides the story and the software that decides a rendered video.

    Batch jobs are keyed by these values (see `signgen.ops`), so a new option that changes the
    output belongs here as a field with a default, never as a loose argument.

    preset: a `signgen.video.presets` name; it also picks the layout (`signgen.video.layout`).
    seed: drives the living face (blinks, breathing): same input and seed, same frames.
    speed: scales the signing (signs, transitions and pauses), not the frame rate; 0.5-2.0.
    logo: an operator's logo image (PNG/JPEG path) placed where the layout keeps room for it.
    look: the avatar's colours, body shape and background (`signgen.avatar.look.LOOKS`).
    burn_captions: draw the captions into the picture; off where a player shows the sidecar
    (a station screen's kiosk page shows the WebVTT through the browser's text track, a vision
    mixer keys a clean signer).
    caption_style: the house style of captions (colours, box, longest line, type size relative
    to the default); the layout's caption band fits it to the frame (`Studio.caption_style`).
    background_image: a picture (path) scaled to cover the frame behind the signer, instead of
    the look's background colour; the key hashes the path, not the picture.
    alpha: None for the normal opaque MP4, or "prores" (ProRes 4444 .mov) / "webm" (VP9 .webm):
    the signer alone on a transparent background, where the layout puts it, for a vision mixer
    or playout to key; no background, bands, logo or burned-in captions (the sidecars stay).
    max_duration_s: the longest video one story may become; a longer one is refused before any
    frame is drawn (an unwatched box must not spend hours on a pasted novel).
    """

    preset: str = DEFAULT_PRESET
    seed: int = 0
    speed: float = 1.0
    logo: str | None = None
    look: Look = Look()
    burn_captions: bool = True
    caption_style: CaptionStyle = CaptionStyle()
    background_image: str | None = None
    alpha: str | None = None
    max_duration_s: float = MAX_DURATION_S

    def __post_init__(self) -> None:
        if self.alpha is not None and self.alpha not in ALPHA_FORMATS:
            raise UsageError(f"unknown alpha format {self.alpha!r}; choose one of: {', '.join(ALPHA_FORMATS)}")

    def to_json(self) -> dict:
        return asdict(self)
