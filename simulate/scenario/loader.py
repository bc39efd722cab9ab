"""Load scenario files: TOML, ``extends`` chains, dotted ``--set`` overrides (see
:mod:`simulate.scenario.overrides`)."""
from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from simulate.scenario.errors import Problem, ScenarioError, decimal_comma, did_you_mean
from simulate.scenario.fields import FrozenDict, Source
from simulate.scenario.overrides import (
    apply_overrides,
    blame_overrides,
    check_overrides,
    parse_override,  # noqa: F401  (set_dotted: re-exported)
)
from simulate.scenario.provenance import SOURCES, extract_sources, trace
from simulate.scenario.schema import Scenario
from simulate.scenario.uncertainty import hold_overridden
from simulate.scenario.validate import build_scenario, check_values

#: Folder of the ready scenarios that ship with the project.
SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"
DEFAULT_SCENARIO = "village"


#: Scenario files are small text; anything bigger is refused before it is read.
MAX_FILE_BYTES = 5 * 2**20
#: Longest chain of files that extend each other (a guard against runaway chains).
MAX_EXTENDS = 32


def find_scenario(name_or_path: str | Path | None) -> Path:
    """Resolve a scenario name ('village') or a path to an existing file."""
    if name_or_path is None:
        name_or_path = DEFAULT_SCENARIO
    if not isinstance(name_or_path, (str, Path)):
        raise ScenarioError([Problem(repr(name_or_path), "", "expected a scenario name or a "
                                     f"file path, got {type(name_or_path).__name__}")])
    path = Path(name_or_path)
    bad = _unusable(path)
    if bad:
        raise ScenarioError([Problem(str(name_or_path)[:200], "", bad)])
    if path.is_dir():
        raise ScenarioError([_folder_problem(path, "")])
    if path.exists():
        return path
    for candidate in (Path("scenarios") / path, SCENARIO_DIR / path):
        for p in (candidate, candidate.with_name(candidate.name + ".toml")):
            if p.is_file():
                return p
    known = sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))
    hint = did_you_mean(path.name.removesuffix(".toml"), known)
    if not hint.startswith("did you mean"):
        hint = "ready scenarios: " + ", ".join(known)
    raise ScenarioError([Problem(str(path), "", "no such scenario file", hint)])


def _unusable(path: Path) -> str:
    """Why a path cannot name a file (NUL bytes, too long), or '' if it can."""
    try:
        path.exists()
        path.resolve()
    except (OSError, ValueError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        return f"not a usable file name ({getattr(exc, 'strerror', None) or exc})"
    return ""


def _folder_problem(path: Path, key: str, file: str | None = None) -> Problem:
    """A folder was given where a scenario file belongs."""
    inside = sorted(p.name for p in path.glob("*.toml"))[:8] if path.is_dir() else []
    hint = ("scenario files in it: " + ", ".join(inside)) if inside else "name a .toml file"
    return Problem(file or str(path), key, f"{path} is a folder, not a scenario file", hint)


def _parse(path: Path) -> tuple[dict | None, list[Problem]]:
    """One file's TOML data, or the problem that stopped it being read."""
    where = str(path)
    if not path.is_file():
        return None, [Problem(where, "", "not a regular file", "name a .toml file")]
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Problem(where, "", f"{path.stat().st_size / 2**20:.0f} MB is too big "
                                  f"for a scenario file (at most {MAX_FILE_BYTES // 2**20} MB)")]
        raw = path.read_bytes()
        return tomllib.loads(raw.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        return None, [Problem(where, "", f"not UTF-8 text (byte {exc.start})",
                              "save the file as UTF-8")]
    except RecursionError:
        return None, [Problem(where, "", "invalid TOML: nested too deeply")]
    except ValueError as exc:  # TOMLDecodeError, and integers too long to convert
        return None, [_toml_problem(where, raw.decode("utf-8", "replace"), str(exc))]
    except OSError as exc:
        return None, [Problem(where, "", f"cannot read the file: {exc.strerror or exc}")]


def _toml_problem(where: str, text: str, message: str) -> Problem:
    """The TOML parser's message, or plainer words where it stopped at a number written the
    Dutch way: a decimal comma (``0,3``) or points between thousands (``2.500.000``)."""
    plain = Problem(where, "", f"invalid TOML: {message[:200]}")
    _, found, at = message.rpartition("(at line ")
    line_no = at.partition(",")[0]
    if not found or not line_no.isdigit():
        return plain
    lines = text.splitlines()
    line = lines[int(line_no) - 1] if 0 < int(line_no) <= len(lines) else ""
    key, _, rest = line.partition("=")
    value = rest.split("#")[0].strip()
    point = decimal_comma(value)
    if point:
        return Problem(where, key.strip(), f"line {line_no}: {value} is written with a decimal "
                       "comma", f"write {point}: a number takes a decimal point; thousands may "
                       "be separated with _ (2_500)")
    if value.count(".") > 1 and value.replace(".", "").isdigit():
        return Problem(where, key.strip(), f"line {line_no}: {value} has points between "
                       "thousands", f"write {value.replace('.', '_')}: thousands are separated "
                       "with _, a point is the decimal point")
    return plain


def read_toml(path: Path, chain: tuple[Path, ...] = ()) -> tuple[dict, list[Problem]]:
    """Read one file and everything it ``extends``, merged; problems instead of exceptions."""
    files, problems = read_chain(path, chain)
    data: dict = {}
    for _, own, _ in files:
        data = deep_merge(data, own)
    return data, problems


def read_chain(path: Path, chain: tuple[Path, ...] = ()
               ) -> tuple[list[tuple[str, dict, dict[str, Source]]], list[Problem]]:
    """Each file of the ``extends`` chain, root first: its path, its own values (without
    ``extends`` and its ``sources`` tables) and the sources it gives; and the problems."""
    bad = _unusable(path)
    if bad:
        where = str(chain[-1]) if chain else str(path)[:200]
        return [], [Problem(where, "extends" if chain else "", bad)]
    path = path.resolve()
    if len(chain) >= MAX_EXTENDS:
        return [], [Problem(str(chain[-1]), "extends", f"more than {MAX_EXTENDS} files extend "
                            "each other", "shorten the chain of extends")]
    if path in chain:
        loop = " -> ".join(p.name for p in (*chain, path))
        return [], [Problem(str(chain[-1]), "extends", f"cyclic extends: {loop}")]
    if chain and path.is_dir():
        return [], [_folder_problem(path, "extends", str(chain[-1]))]
    if not path.exists():
        where = str(chain[-1]) if chain else str(path)
        return [], [Problem(where, "extends" if chain else "", f"file not found: {path}")]
    data, problems = _parse(path)
    if data is None:
        return [], problems
    parent = data.pop("extends", None)
    own, sources, problems = extract_sources(data, str(path))
    if "origins" in own:
        problems.append(Problem(str(path), "origins", "is written by the loader, not by a file",
                                "remove it; `simulate show` lists where each value comes from"))
    this = [(str(path), own, sources)]
    if parent is None:
        return this, problems
    if not isinstance(parent, str) or not parent.strip():
        return this, problems + [Problem(str(path), "extends", "expected a file name as text",
                                         'for example extends = "village.toml"')]
    base_path, missing = _extends_target(path, parent)
    if missing:
        return this, problems + [missing]
    base, more = read_chain(base_path, (*chain, path))
    return base + this, more + problems


def _extends_target(path: Path, parent: str) -> tuple[Path, Problem | None]:
    """The file ``extends = parent`` in ``path`` names: relative to ``path``'s folder, else a
    ready scenario (``scenarios/``, as :func:`find_scenario` looks), so that a user's own file
    anywhere can extend "village.toml"; a problem naming both places if neither has it."""
    places = [path.parent]
    if not Path(parent).is_absolute():
        places += [d for d in (Path("scenarios").resolve(), SCENARIO_DIR) if d.is_dir()]
    tried = []
    for folder in dict.fromkeys(places):       # once each, in order
        candidate = folder / parent
        if _unusable(candidate):
            return candidate, None             # read_toml reports the unusable name
        for p in (candidate, candidate.with_name(candidate.name + ".toml")):
            if p.exists():
                return p, None
        tried.append(str(folder))
    known = sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))
    stem = Path(parent).name.removesuffix(".toml")
    hint = did_you_mean(stem, known)
    if hint.startswith("valid: "):
        hint = "ready scenarios: " + hint.removeprefix("valid: ")
    return path, Problem(str(path), "extends", f"file not found: {parent} (looked in "
                         f"{' and '.join(tried)})", hint)


def deep_merge(base: dict, top: Mapping) -> dict:
    """Tables merge key by key; any other value in ``top`` replaces the one in ``base``."""
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def with_type_defaults(data: dict) -> dict:
    """Fill each initiative from the defaults of its type (``data/initiative_types.toml``)."""
    inits = data.get("initiatives")
    if not isinstance(inits, Mapping):
        return data
    catalogue = _catalogue()[0]
    filled = {name: deep_merge(catalogue[t["type"]], t)
              if isinstance(t, Mapping) and isinstance(t.get("type"), str)
              and t["type"] in catalogue else t
              for name, t in inits.items()}
    return {**data, "initiatives": filled}


def initiative_types() -> dict:
    """The catalogue of initiative types with their default parameters."""
    return copy.deepcopy(_catalogue()[0])


def type_sources() -> dict[str, dict[str, str]]:
    """Per initiative type, the sources of its defaults (key path inside the type -> text)."""
    out: dict[str, dict[str, str]] = {}
    for key, src in _catalogue()[1].items():
        kind, _, rest = key.partition(".")
        out.setdefault(kind, {})[rest] = src.text
    return out


@functools.lru_cache(maxsize=1)
def _catalogue() -> tuple[dict, dict[str, Source]]:
    text = resources.files("simulate.data").joinpath("initiative_types.toml").read_text("utf-8")
    data, sources, problems = extract_sources(tomllib.loads(text), "initiative_types.toml")
    if problems:   # a broken catalogue is a bug of the package, not of a user's file
        raise ScenarioError(problems)
    return data, sources


def load_scenario(path: str | Path | None = None,
                  overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load, merge and validate a scenario; raise :class:`ScenarioError` with every problem.

    ``overrides`` maps dotted keys to values, the same as ``--set`` on the command line,
    e.g. ``{"population.size": 5000}``.
    """
    file = find_scenario(path)
    chain, problems = read_chain(file)
    data: dict = {}
    for _, own, _ in chain:
        data = deep_merge(data, own)
    # A wrong source does not stop the values being checked: both are listed at once.
    about_sources = [p for p in problems if SOURCES in p.path.split(".")]
    problems = [p for p in problems if p not in about_sources]
    if problems:  # still list what the file's own values get wrong
        problems += [p for p in check_values(data, str(file)) if p not in problems]
    problems += check_overrides(overrides)
    if problems:
        raise ScenarioError(problems + about_sources)
    data = hold_overridden(with_type_defaults(apply_overrides(data, overrides)),
                           dict(overrides or {}))
    scenario, problems = build_scenario(data, str(file))
    problems += _check_counterfactual(data, str(file)) if scenario else []
    problems += about_sources
    if problems or scenario is None:
        raise ScenarioError(blame_overrides(problems, overrides))
    origins, sources = trace(chain, data, overrides, _catalogue()[0], type_sources())
    return dataclasses.replace(scenario, origins=FrozenDict(origins),
                               sources=FrozenDict(sources))


def _check_counterfactual(data: dict, file: str) -> list[Problem]:
    over = data.get("counterfactual", {}).get("overrides", {})
    if not over:
        return []
    problems = check_overrides(over, file)
    if problems:
        return [dataclasses.replace(p, path=f"counterfactual.overrides -> {p.path}")
                for p in problems]
    _, problems = build_scenario(apply_overrides(data, over), file)
    return [dataclasses.replace(p, path=f"counterfactual.overrides -> {p.path}")
            for p in problems]


def to_dict(obj: Any) -> Any:
    """Plain data (dicts, lists, numbers, text) of a scenario, for metadata and hashing."""
    if dataclasses.is_dataclass(obj):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if getattr(obj, f.name) is not None}
    if isinstance(obj, Mapping):
        return {str(k): to_dict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    return obj


def from_dict(data: dict, file: str = "<resolved scenario>") -> Scenario:
    """Rebuild a scenario from :func:`to_dict` output (metadata.json, worker processes)."""
    scenario, problems = build_scenario(data, file)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return scenario


def scenario_hash(scenario: Scenario) -> str:
    """A stable short hash of the resolved scenario (order of keys does not matter; where
    its values come from, ``sources`` and ``origins``, does not count)."""
    data = {k: v for k, v in to_dict(scenario).items() if k not in ("sources", "origins")}
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def counterfactual_of(scenario: Scenario) -> Scenario:
    """The status-quo arm: the scenario without its initiatives (bar those kept), financed
    the siloed way (the baseline policy), plus the counterfactual's own overrides."""
    cf = scenario.counterfactual
    data = to_dict(scenario)
    data.pop("sensitivity", None)  # ranges may name initiatives the counterfactual lacks
    data.pop("uncertainty", None)  # so may these; a drawn scenario's values are carried over
    data["initiatives"] = {k: v for k, v in data["initiatives"].items()
                           if k in cf.keep_initiatives}
    data["financing"] = {**data["financing"], "regime": "siloed"}
    return from_dict(apply_overrides(data, dict(cf.overrides)))
