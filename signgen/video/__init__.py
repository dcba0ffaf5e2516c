"""Output stage: frames in, broadcast-ready MP4 out (H.264 High, BT.709), plus caption sidecars and burn-in."""

from signgen.video.captions import CaptionBurner, CaptionStyle, Cue, split_cue, write_srt, write_vtt
from signgen.video.encode import VideoWriter, probe
from signgen.video.presets import DEFAULT_PRESET, PRESETS, VideoPreset, get_preset

__all__ = [
    "CaptionBurner", "CaptionStyle", "Cue", "split_cue", "write_srt", "write_vtt",
    "VideoWriter", "probe",
    "DEFAULT_PRESET", "PRESETS", "VideoPreset", "get_preset",
]
