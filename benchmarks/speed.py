"""Person-months per second of the whole default run, against the naive reference model.

One command, one table (issue 15)::

    python benchmarks/speed.py                                  # 2,500 / 20,000 / 200,000, 20 reps
    python benchmarks/speed.py --sizes 2500 20000 --reps 2      # a short run
    python benchmarks/speed.py --sizes 2500 --reps 4 --naive-years 2 --profile

For every size it runs, each in a fresh process so that peak memory is that size's own:

* the **whole default run**: :func:`simulate.run` of ``scenarios/village.toml`` with both arms,
  ``--reps`` replications on one process (tables and intervals included), the population set to
  the size and the nursing-home beds scaled with it (1 per 100 residents, as the village's 25
  per 2,500);
* the **naive reference model** of ``benchmarks/naive.py`` (one SimPy process per resident,
  stdlib ``random``, ``math.exp``, a 6-state ladder) at the same size over ``--naive-years``.

Person-months are residents living in the village each month, summed over months, arms and
replications. The table gives person-months per wall-second and per CPU-second (the fair
measure on a shared machine), peak resident memory (``getrusage``), and the ratio of the
model's speed to the naive one. The load average is printed: figures from a busy machine
are lower bounds.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def model_child(size: int, reps: int, years: float, profile: bool) -> dict:
    """The whole default run at ``size`` residents (this process only)."""
    sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed copy
    import simulate
    sc = simulate.load_scenario("village", {"population.size": size, "horizon_years": years,
                                            "care.nursing_home_beds": max(1, size // 100)})
    prof = None
    if profile:
        import cProfile
        prof = cProfile.Profile()
        prof.enable()
    t, c = time.perf_counter(), time.process_time()
    res = simulate.run(sc, reps=reps, seed=1, jobs=1)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    series = res.tables["series"]
    pm = float(series.loc[series.series == "residents", "value"].sum())
    out = {"size": size, "reps": reps, "person_months": pm, "wall": wall, "cpu": cpu,
           "peak_mb": _peak_mb(), "module": simulate.__file__}
    if prof is not None:
        import io
        import pstats
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(25)
        out["profile"] = buf.getvalue()
    return out


def naive_child(size: int, years: float) -> dict:
    """The naive reference model at ``size`` residents."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from naive import run_naive
    t, c = time.perf_counter(), time.process_time()
    pm = run_naive(size, round(years * 12))
    return {"size": size, "person_months": pm, "wall": time.perf_counter() - t,
            "cpu": time.process_time() - c, "peak_mb": _peak_mb()}


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                         cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _m(x: float) -> str:
    return f"{x / 1e6:.2f} M"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[2_500, 20_000, 200_000])
    p.add_argument("--reps", type=int, default=20, help="replications of the whole run")
    p.add_argument("--years", type=float, default=20, help="horizon of the whole run")
    p.add_argument("--naive-years", type=float, default=5,
                   help="horizon of the naive model (its speed hardly depends on it)")
    p.add_argument("--no-naive", action="store_true", help="skip the naive model")
    p.add_argument("--profile", action="store_true", help="top functions of the model run")
    p.add_argument("--child", choices=["model", "naive"], help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child == "model":
        print(json.dumps(model_child(a.sizes[0], a.reps, a.years, a.profile)))
        return
    if a.child == "naive":
        print(json.dumps(naive_child(a.sizes[0], a.naive_years)))
        return
    print(f"whole default run (both arms, {a.reps} replications, {a.years:g} years, one "
          f"process) vs naive model ({a.naive_years:g} years); {os.cpu_count()} CPUs, load "
          "average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    head = (f"{'residents':>10} {'person-months':>14} {'wall s':>8} {'pm/s':>9} "
            f"{'pm/CPU-s':>9} {'peak MB':>8} {'naive pm/s':>11} {'naive MB':>9} {'ratio':>6}")
    print(head)
    for size in a.sizes:
        common = ["--sizes", str(size), "--reps", str(a.reps), "--years", str(a.years),
                  "--naive-years", str(a.naive_years)]
        m = _child(["--child", "model", *common] + (["--profile"] if a.profile else []))
        n = None if a.no_naive else _child(["--child", "naive", *common])
        rate = m["person_months"] / m["wall"]
        naive = n["person_months"] / n["wall"] if n else float("nan")
        print(f"{size:>10,} {m['person_months']:>14,.0f} {m['wall']:>8.1f} {_m(rate):>9} "
              f"{_m(m['person_months'] / m['cpu']):>9} {m['peak_mb']:>8,.0f} "
              f"{(_m(naive) if n else '-'):>11} {(n['peak_mb'] if n else 0):>9,.0f} "
              f"{(f'{rate / naive:.1f}x' if n else '-'):>6}", flush=True)
        if a.profile:
            print(m["profile"])
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
