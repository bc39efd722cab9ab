"""The table of default parameters: every number of the default scenario with its source.

``data/parameters.csv`` lists each number of ``scenarios/village.toml`` in the sections that
describe the village and its care (population, demography, health, loneliness, informal care,
acute events, beds, services) with its unit, year, population, source and quality tag. It is
made from the loaded scenario (each number's ``sources.KEY``, read by the loader as data) so
the two cannot disagree; a test checks that every row still equals the scenario's value.
Regenerate after changing the scenario::

    python -m simulate.calibration.parameters
"""
from __future__ import annotations

import re
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from simulate.scenario import schema as S
from simulate.scenario.loader import SCENARIO_DIR, load_scenario
from simulate.scenario.provenance import rows as provenance_rows

SECTIONS: dict[str, tuple[type, str]] = {
    "population": (S.Population, "the default Veenkolonien village"),
    "demography": (S.Demography, "NL residents by age (CBS) unless the source says otherwise"),
    "health": (S.Health, "residents aged 65+ unless the source says otherwise"),
    "loneliness": (S.Loneliness, "NL 65+"),
    "informal_care": (S.InformalCare, "NL mantelzorgers and those they care for"),
    "acute": (S.Acute, "NL 65+"),
    "care": (S.Care, "the default village (2,500 residents)"),
    "services": (S.Service, "users of the service in NL"),
}
COLUMNS = ["key", "value", "unit", "year", "population", "source", "tag"]
_TAG = re.compile(r"\[([ABCE])\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def _tag(source: str) -> str:
    """'calibrated' (fitted by simulate calibrate), 'definition', the [A]-[E] tag, or
    'assumption'; empty when the scenario's comment gives a source without a quality tag."""
    low = source.lower()
    if low.startswith(("calibrated", "definition")):
        return low.split(";")[0].split(":")[0].split(" ")[0]
    tag = _TAG.search(source)
    return tag.group(1) if tag else ("assumption" if "assumption" in low else "")


def _unit(cls: type, name: str) -> str:
    meta: Any = {f.name: f.metadata for f in fields(cls)}.get(name, {})
    return meta.get("unit", "")


def parameter_table(path: Path | None = None) -> pd.DataFrame:
    """Every number the scenario file itself sets in the described sections, with its source
    (the ``sources.KEY`` its file gives, then the service's own ``source``)."""
    path = Path(path) if path else SCENARIO_DIR / "village.toml"
    sc = load_scenario(path)
    own = str(path.resolve())
    rows = []
    for row in provenance_rows(sc):
        section = row.key.split(".")[0]
        v = row.value
        if (section not in SECTIONS or row.origin != own or isinstance(v, bool)
                or not isinstance(v, (int, float))):
            continue
        parts = row.key.replace('"', "").split(".")
        cls, population = SECTIONS[section]
        field = parts[2] if section == "services" else parts[1]
        service_source = sc.services[parts[1]].source if section == "services" else ""
        source = " ".join(x for x in (row.source.text if row.source else "", service_source)
                          if x)
        year = _YEAR.search(source)
        rows.append({"key": ".".join(parts), "value": v, "unit": _unit(cls, field),
                     "year": year.group(1) if year else "", "population": population,
                     "source": source, "tag": _tag(source)})
    return pd.DataFrame(rows, columns=COLUMNS)


def packaged() -> pd.DataFrame:
    """The table shipped in ``simulate/data/parameters.csv``."""
    f = resources.files("simulate.data").joinpath("parameters.csv")
    with f.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, keep_default_na=False, dtype={"year": str})


def main() -> None:
    out = Path(str(resources.files("simulate.data").joinpath("parameters.csv")))
    table = parameter_table()
    table.to_csv(out, index=False)
    print(f"{len(table)} parameters written to {out}")


if __name__ == "__main__":
    main()
