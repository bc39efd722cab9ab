"""The table of default parameters: every number of the default scenario with its source.

``data/parameters.csv`` lists each number of ``scenarios/village.toml`` in the sections that
describe the village and its care (population, demography, health, loneliness, informal care,
acute events, beds, services) with its unit, year, population, source and quality tag. It is
made from the scenario file itself (each number's own comment, or the comment block above it)
so the two cannot disagree; a test checks that every row still equals the scenario's value.
Regenerate after changing the scenario::

    python -m simulate.calibration.parameters
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from simulate.scenario import schema as S
from simulate.scenario.loader import SCENARIO_DIR

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


def _comments(lines: list[str]) -> dict[int, str]:
    """For each line with a key: its own comment, then the comment block above it.

    A key with neither takes the last comment block of its table (a block that introduces
    several keys, like the one above the loneliness rates).
    """
    out: dict[int, str] = {}
    block: list[str] = []
    last = ""
    for i, line in enumerate(lines):
        text = line.strip()
        if text.startswith("["):
            block, last = [], ""
        elif text.startswith("#"):
            block.append(text.lstrip("# ").strip())
        elif "=" in text:
            own = text.split("#", 1)[1].strip() if "#" in text else ""
            above = " ".join(block)
            last = above or last
            out[i] = " ".join(x for x in (own, above) if x) or last
            block = []
        else:
            block = []
    return out


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
    """Every number in the described sections of a scenario file, with its source."""
    path = Path(path) if path else SCENARIO_DIR / "village.toml"
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    lines = text.splitlines()
    notes = _comments(lines)
    rows = []
    section, service_source = None, ""
    for i, line in enumerate(lines):
        head = re.match(r"^\[([\w.]+)\]", line.strip())
        if head:
            section = head.group(1)
            service_source = data.get("services", {}).get(section.split(".")[-1], {}).get(
                "source", "") if section.startswith("services.") else ""
            continue
        if i not in notes or section is None or section.split(".")[0] not in SECTIONS:
            continue
        key = line.split("=", 1)[0].strip()
        cls, population = SECTIONS[section.split(".")[0]]
        value: Any = data
        for part in section.split(".") + key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        source = " ".join(s for s in (notes[i], service_source if key != "source" else "") if s)
        for sub, v in (value.items() if isinstance(value, dict) else [("", value)]):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                continue
            year = _YEAR.search(source)
            rows.append({"key": ".".join(x for x in (section, key, sub) if x), "value": v,
                         "unit": _unit(cls, key.split(".")[0]),
                         "year": year.group(1) if year else "",
                         "population": population, "source": source,
                         "tag": _tag(source)})
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
