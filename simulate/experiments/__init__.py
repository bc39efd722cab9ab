"""Experiments: paired replications of a scenario, executors, checkpoints, sweeps and
sensitivity analyses. Everything here runs the model; nothing here draws or writes words."""
