"""Calibration and validation against Dutch public statistics (issue 7).

* :mod:`.targets`: sourced target tables (``data/targets.csv``, ``data/validation_targets.csv``).
* :mod:`.metrics` and :mod:`.compare`: model values of targets from a run's tidy tables.
"""
from .compare import compare, format_comparison
from .targets import Target, TargetsError, load_targets

__all__ = ["Target", "TargetsError", "load_targets", "compare", "format_comparison"]
