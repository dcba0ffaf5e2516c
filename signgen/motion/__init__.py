"""Skeletons, motion clips and timelines: the motion stage of the pipeline."""
