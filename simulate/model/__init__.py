"""The model: one arm of one replication, month by month (SimPy), and what it returns.

``arm`` advances a population through the months; ``population``, ``care``, ``initiatives``
and ``financing`` are its parts; ``streams`` gives the named random streams; ``invariants``
checks that people and money are conserved.
"""
