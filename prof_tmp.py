import cProfile, pstats, time, sys
import simulate
from simulate.experiments.replication import run_replication
from simulate.scenario import counterfactual_of
sc = simulate.load_scenario("village")
cf = counterfactual_of(sc)
run_replication(sc, cf, 1, 0)
t=time.perf_counter(); run_replication(sc, cf, 1, 1); print("one rep", time.perf_counter()-t)
pr = cProfile.Profile(); pr.enable()
for r in range(2,4): run_replication(sc, cf, 1, r)
pr.disable()
st = pstats.Stats(pr); st.sort_stats(sys.argv[1] if len(sys.argv)>1 else "tottime").print_stats(45)
