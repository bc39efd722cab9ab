"""Results: the tidy tables of a run, their statistics (intervals, discounting), price
levels and the run folder on disk (one atomic writer)."""
