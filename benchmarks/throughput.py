"""Person-months per second of the whole model, and peak memory, by village size.

Runs one arm of one replication of the default scenario (all services, the initiative, the
bed queue and the tables) at each size, in a fresh process per size so peak memory is that
size's own. Usage::

    python benchmarks/throughput.py                 # 2,000, 20,000 and 200,000 residents
    python benchmarks/throughput.py --sizes 1000000 --years 20

Person-months are counted as residents alive each month, summed over the horizon.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

# this checkout's package, not an installed copy
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def one(size: int, years: float, repeats: int) -> dict:
    import simulate
    from simulate.model.arm import simulate_arm
    sc = simulate.load_scenario("village", {"population.size": size, "horizon_years": years,
                                            "care.nursing_home_beds": max(1, size // 100)})
    best = float("inf")
    for r in range(repeats):
        t = time.perf_counter()
        arm = simulate_arm(sc, seed=1, replication=r)
        best = min(best, time.perf_counter() - t)
    pm = float(arm.monthly["residents"].sum())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"residents": size, "years": years, "person_months": pm, "seconds": round(best, 3),
            "person_months_per_s": round(pm / best), "peak_mb": round(peak_mb)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000, 200_000])
    p.add_argument("--years", type=float, default=20)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        print(json.dumps(one(a.sizes[0], a.years, a.repeats)))
        return
    print(f"{'residents':>10} {'person-months':>14} {'seconds':>8} {'pm/s':>12} {'peak MB':>8}")
    for size in a.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", "--sizes", str(size),
                              "--years", str(a.years), "--repeats", str(a.repeats)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{r['residents']:>10,} {r['person_months']:>14,.0f} {r['seconds']:>8.2f} "
              f"{r['person_months_per_s']:>12,} {r['peak_mb']:>8,}")


if __name__ == "__main__":
    main()
