"""Cross-field rules of a population budget: a weights table must fit the kokers it is used
for (issue 13: the Zvw's Vektis weights must not price the Wlz), and the budget holder's
candidate initiatives must exist and have a line for it to start."""
from __future__ import annotations

from simulate.data import columns
from simulate.scenario import schema as S
from simulate.scenario.errors import Problem, did_you_mean

#: The kokers each weights table of data/capitation_weights.csv was measured on.
TABLE_KOKERS: dict[str, tuple[str, ...]] = {"vektis_2018": ("zvw",)}


def check_population_budget(sc: S.Scenario, file: str) -> list[Problem]:
    """A weights table must fit every koker it is used for; candidates must exist and be
    the budget holder's to start."""
    cfg = sc.financing.populatiebekostiging
    out: list[Problem] = []
    if sc.financing.regime != "populatiebekostiging":
        return out
    base = "financing.populatiebekostiging"
    tables = ["own_costs", *(c for c in columns("capitation_weights") if c != "age_band")]
    if cfg.age_weights not in tables:
        out.append(Problem(file, f"{base}.age_weights", f"unknown weights '{cfg.age_weights}'",
                           did_you_mean(cfg.age_weights, tables)))
    elif cfg.age_weights != "own_costs":
        misfit = [k for k in cfg.kokers if k not in TABLE_KOKERS.get(cfg.age_weights, ())]
        if misfit:
            out.append(Problem(file, f"{base}.age_weights", f"'{cfg.age_weights}' was measured "
                               f"on {', '.join(TABLE_KOKERS.get(cfg.age_weights, ())) or 'no koker'}"
                               f", not on {', '.join(misfit)}, whose costs rise differently with age",
                               'use age_weights = "own_costs"'))
    for name in cfg.candidates:
        ini = sc.initiatives.get(name)
        if ini is None:
            out.append(Problem(file, f"{base}.candidates", f"unknown initiative '{name}'",
                               did_you_mean(name, sc.initiatives)))
        elif not any(l.payer == "budget_holder" for l in ini.funding):
            out.append(Problem(file, f"{base}.candidates", f"'{name}' has no budget_holder "
                               "funding line for the holder to start",
                               'add { payer = "budget_holder", share = 1.0 }'))
    return out


