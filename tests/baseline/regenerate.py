"""Write tests/baseline/headline.csv: the pinned headline numbers of the regression test.

Run it by hand, only when the model changes on purpose (see README.md in this folder):

    python tests/baseline/regenerate.py

It never runs automatically. Review the change of the numbers (``git diff``) and say in the
commit message why they moved.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
# this checkout's package, not whichever copy is installed (a worktree's numbers for its code)
sys.path.insert(0, str(HERE.parents[1]))
SCENARIO = HERE / "scenario.toml"
HEADLINE = HERE / "headline.csv"


def headline() -> pd.DataFrame:
    """Per payer: EUR totals over the horizon per arm (mean over replications) and the
    difference, from the fixed scenario with its own seed and replications."""
    import simulate
    res = simulate.run(simulate.load_scenario(SCENARIO))
    cols = ["payer", "counterfactual_eur", "scenario_eur", "difference_eur"]
    return res.summary[cols].reset_index(drop=True)


if __name__ == "__main__":
    table = headline()
    table.to_csv(HEADLINE, index=False, float_format="%.6f")
    print(table.to_string(index=False))
    print(f"written to {HEADLINE}")
