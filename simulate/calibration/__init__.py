"""Calibration and validation against Dutch public statistics (issue 7).

* :mod:`.targets`: sourced target tables (``data/targets.csv``, ``data/validation_targets.csv``).
* :mod:`.metrics` and :mod:`.compare`: model values of targets from a run's tidy tables.
* :mod:`.fit`: :func:`~.fit.calibrate`, scipy.optimize over common random numbers.
* :mod:`.output`: the calibrated scenario file that ``extends`` the original.
* :mod:`.runs`: short one-arm runs as tidy tables; :mod:`.burnin`: initial states from a burn-in.
* :mod:`.parameters`: ``data/parameters.csv``, every default number with its source.
"""
from simulate.calibration.compare import compare, format_comparison
from simulate.calibration.targets import Target, TargetsError, load_targets

__all__ = ["Target", "TargetsError", "load_targets", "compare", "format_comparison"]
