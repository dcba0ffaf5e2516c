"""Offscreen rendering of the avatar: camera framing and the pyrender frame loop."""
