"""Output stage: frames in, broadcast-ready MP4 out (H.264 High, BT.709), plus caption sidecars and burn-in.

Modules: `presets` (delivery formats; light, read by batch planning), `captions` (cues, sidecars,
burn-in), `encode` (ffmpeg). Import from the modules: the package imports nothing, so reading a
preset does not load numpy, Pillow and ffmpeg.
"""
