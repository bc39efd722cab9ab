"""Throughput of whole experiments, and one replication of a million residents.

Two benchmarks (each in fresh processes, so peak memory is its own)::

    python benchmarks/experiments.py reps                 # default village, 1 and 2 processes
    python benchmarks/experiments.py reps --reps 16 --jobs 1 2 4 --dask
    python benchmarks/experiments.py large                # 1,000,000 residents, 20 years
    python benchmarks/experiments.py large --size 200000 --years 5 --profile

``reps`` times :func:`simulate.run` (both arms, all tables, intervals) of the default village
and reports replications per second, the speed-up over one process, and the CPU time of the
main process and of the workers (on a busy machine the wall-clock speed-up says little; the
CPU times show the parallel overhead and the serial part left in the main process). ``large`` runs one
paired replication (both arms) and reports person-months per second (residents alive each
month, summed over months and arms) per CPU-second and per wall-second (CPU time is the
fair measure on a shared machine), peak resident memory, and the same figures for the default
village in the same process for comparison; ``--profile`` adds the top functions.
Figures depend on the machine and on what else runs on it: the load average is printed.
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

# this checkout's package, not an installed copy
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


# -- replications per second ---------------------------------------------------------------
def reps_child(reps: int, jobs: int, dask: bool) -> dict:
    import simulate
    sc = simulate.load_scenario("village")
    kw = {"scheduler": "local"} if dask else {}
    t, main0 = time.perf_counter(), time.process_time()
    res = simulate.run(sc, reps=reps, seed=1, jobs=jobs, **kw)
    wall, main = time.perf_counter() - t, time.process_time() - main0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"executor": res.metadata["executor"], "jobs": jobs, "reps": reps,
            "seconds": round(wall, 2), "reps_per_s": round(reps / wall, 3),
            "main_cpu": round(main, 2), "worker_cpu": round(kids.ru_utime + kids.ru_stime, 2),
            "summary_total": float(res.summary.difference_eur.sum())}


def reps_main(a: argparse.Namespace) -> None:
    print(f"default village, {a.reps} replications of both arms, whole run() with tables; "
          f"{os.cpu_count()} CPUs, {_load()}")
    print(f"{'executor':>10} {'jobs':>5} {'seconds':>8} {'reps/s':>8} {'speed-up':>9} "
          f"{'main CPU s':>11} {'worker CPU s':>13}")
    base = None
    runs = [(j, False) for j in a.jobs] + ([(max(a.jobs), True)] if a.dask else [])
    totals = set()
    for jobs, dask in runs:
        r = _child(["reps-child", "--reps", str(a.reps), "--jobs", str(jobs)]
                   + (["--dask"] if dask else []))
        base = base or r["seconds"]
        totals.add(r["summary_total"])
        print(f"{r['executor']:>10} {jobs:>5} {r['seconds']:>8.2f} {r['reps_per_s']:>8.2f} "
              f"{base / r['seconds']:>8.2f}x {r['main_cpu']:>11.2f} {r['worker_cpu']:>13.2f}")
    print("same numbers on every executor:", len(totals) == 1)


# -- one large replication -------------------------------------------------------------------
def large_child(size: int, years: float, profile: bool) -> dict:
    import simulate
    from simulate.experiments.runner import run_replication
    from simulate.scenario import counterfactual_of

    def pm_per_s(sc) -> tuple[float, float, float]:
        t, c = time.perf_counter(), time.process_time()
        arms = run_replication(sc, counterfactual_of(sc), 1, 0)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        return sum(float(a.monthly["residents"].sum()) for a in arms.values()), wall, cpu

    village = simulate.load_scenario("village")
    vpm, vwall, vcpu = pm_per_s(village)
    sc = simulate.load_scenario("village", {"population.size": size, "horizon_years": years,
                                            "care.nursing_home_beds": max(1, size // 100)})
    if profile:
        import cProfile
        import io
        import pstats
        prof = cProfile.Profile()
        prof.enable()
    pm, wall, cpu = pm_per_s(sc)
    out = {"residents": size, "years": years, "person_months": pm, "seconds": round(wall, 1),
           "cpu_seconds": round(cpu, 1), "pm_per_cpu_s": round(pm / cpu),
           "village_pm_per_cpu_s": round(vpm / vcpu), "pm_per_s": round(pm / wall),
           "village_pm_per_s": round(vpm / vwall),
           "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    if profile:
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
        out["profile"] = buf.getvalue()
    return out


def large_main(a: argparse.Namespace) -> None:
    print(f"one paired replication (both arms), {a.size:,} residents, {a.years:g} years, "
          f"one process; {_load()}")
    r = _child(["large-child", "--size", str(a.size), "--years", str(a.years)]
               + (["--profile"] if a.profile else []))
    print(f"person-months {r['person_months']:,.0f} in {r['seconds']:,.1f} s wall, "
          f"{r['cpu_seconds']:,.1f} s CPU: {r['pm_per_cpu_s']:,} person-months per CPU-second "
          f"(default village: {r['village_pm_per_cpu_s']:,}); per wall-second "
          f"{r['pm_per_s']:,} (village {r['village_pm_per_s']:,})")
    print(f"peak memory {r['peak_mb']:,} MB "
          f"({'under' if r['peak_mb'] < 2048 else 'OVER'} the 2 GB target)")
    if a.profile:
        print(r["profile"])


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("reps", help="replications per second on 1, 2, ... processes")
    r.add_argument("--reps", type=int, default=8)
    r.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    r.add_argument("--dask", action="store_true", help="also a Dask LocalCluster")
    rc = sub.add_parser("reps-child")
    rc.add_argument("--reps", type=int)
    rc.add_argument("--jobs", type=int)
    rc.add_argument("--dask", action="store_true")
    g = sub.add_parser("large", help="one replication of a large population")
    for q in (g, sub.add_parser("large-child")):
        q.add_argument("--size", type=int, default=1_000_000)
        q.add_argument("--years", type=float, default=20)
        q.add_argument("--profile", action="store_true")
    a = p.parse_args()
    if a.cmd == "reps":
        reps_main(a)
    elif a.cmd == "reps-child":
        print(json.dumps(reps_child(a.reps, a.jobs, a.dask)))
    elif a.cmd == "large":
        large_main(a)
    else:
        print(json.dumps(large_child(a.size, a.years, a.profile)))


if __name__ == "__main__":
    main()
