"""Resuming a run: each finished replication is kept beside the run folder until it is saved.

With an explicit ``--out``, :func:`simulate.experiments.runner.run` stores every finished replication
(both arms) in a hidden folder ``.<out>.checkpoint-<scenario hash>-<seed>`` next to it, each file
written atomically. A run killed or interrupted halfway is resumed by the same command: the
replications already done are loaded, not run again, and none is counted twice (one file per
replication number). The folder is removed once the run folder has been written. Another
scenario, seed or package version uses another folder, so a checkpoint is never mixed into
the wrong run.
"""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

from simulate.experiments.replication import run_replications
from simulate.model.arm import ArmResult
from simulate.scenario import Scenario, scenario_hash


def checkpoint_dir(out: str | Path, scenario: Scenario, seed: int) -> Path:
    """The hidden folder that keeps the finished replications of a run into ``out``."""
    from simulate.version import __version__
    out = Path(out)
    key = f"{scenario_hash(scenario)}-{seed}-{__version__}"
    return out.parent / f".{out.name}.checkpoint-{key}"


def replication_file(folder: str | Path, replication: int) -> Path:
    return Path(folder) / f"rep-{replication:06d}.pkl"


def run_or_load(scenario: Scenario, counterfactual: Scenario, seed: int,
                replications: int | list[int], folder: str
                ) -> list[dict[str, ArmResult]] | dict[str, ArmResult]:
    """Both arms of each replication: from the checkpoint where they are there, the others run
    as one batch and kept. Given one replication number, its arms; given a list, a list."""
    reps = [replications] if isinstance(replications, int) else list(replications)
    paths = [replication_file(folder, r) for r in reps]
    missing = [r for r, p in zip(reps, paths) if not p.exists()]
    ran = dict(zip(missing, run_replications(scenario, counterfactual, seed, missing)))
    out = []
    for r, path in zip(reps, paths):
        if r not in ran:
            out.append(pickle.loads(path.read_bytes()))
            continue
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(ran[r], protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)  # atomic: a replication is either complete or absent
        out.append(ran[r])
    return out[0] if isinstance(replications, int) else out


def finished(folder: str | Path) -> list[int]:
    """Replication numbers already kept."""
    return sorted(int(p.stem.split("-")[1]) for p in Path(folder).glob("rep-*.pkl"))


def discard(folder: str | Path) -> None:
    """Remove a checkpoint once its run folder is saved."""
    shutil.rmtree(folder, ignore_errors=True)
