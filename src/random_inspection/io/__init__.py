"""Edges that read and write files. Not part of the pure core."""

from random_inspection.io.schedules import load_schedule_file

__all__ = ["load_schedule_file"]
