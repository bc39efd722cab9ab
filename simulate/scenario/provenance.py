"""Where every value of a scenario comes from: its source, and the file that set it.

A scenario file names the source of a value next to the value, as data: in any table,
``sources.KEY = "..."`` gives the source (and year) of that table's ``KEY``, e.g.::

    [population]
    size = 2500
    sources.size = "seeds/DESIGN: a village of 2,000-5,000 residents"

The loader takes these entries out of each file of the ``extends`` chain before the values
are merged (:func:`extract_sources`), refuses a source for a key the same file does not set (a
typo, or a source for a value that belongs to another file), and records in the frozen
scenario (``Scenario.sources``, ``Scenario.origins``) which file set each value: a file of the
chain, an initiative type's default (``simulate/data/initiative_types.toml``), or a ``--set``
override; a value none of them set is the schema's default. A source speaks for a value only
when the file that wrote the source also set the value (:func:`source_of`), so a value that a
child file changes loses its parent's source instead of borrowing it.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulate.scenario.errors import Problem, did_you_mean
from simulate.scenario.fields import Source

#: The key under which a table names the sources of its values.
SOURCES = "sources"
#: The origin of a value set by an override (``--set`` or ``overrides=``).
OVERRIDE = "--set"
#: Prefix of the origin of a value taken from an initiative type's defaults.
TYPE = "type "
#: What a catalogue default without a source of its own is (the catalogue's header says so).
TYPE_NO_SOURCE = ("assumption (initiative_types.toml: every number there is an assumption "
                  "unless a source is given)")
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def join_key(parts: tuple[str, ...] | list[str]) -> str:
    """Key parts as one dotted path, a part that is not a bare TOML key quoted
    (``care.bed_changes."2.5"``), the way ``--set`` writes it."""
    return ".".join(p if _BARE.match(p) else '"' + p.replace('"', '\\"') + '"' for p in parts)


def leaves(data: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The key parts of every value in nested tables (a list, or an empty table, is one value)."""
    if isinstance(data, Mapping) and data:
        for key, value in data.items():
            yield from leaves(value, (*prefix, str(key)))
    elif prefix:
        yield prefix


def extract_sources(data: dict, file: str) -> tuple[dict, dict[str, Source], list[Problem]]:
    """``data`` without its ``sources`` tables, the sources they give (key path -> Source),
    and the problems: a source that is not text, or names a key this file does not set."""
    problems: list[Problem] = []
    found: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}

    def strip(table: Mapping, where: tuple[str, ...]) -> dict:
        out = {}
        for key, value in table.items():
            if key == SOURCES and (where or isinstance(value, Mapping)):
                _collect(value, where, (), file, found, problems)
            elif isinstance(value, Mapping):
                out[key] = strip(value, (*where, key))
            else:
                out[key] = value
        return out

    if isinstance(data.get(SOURCES), str):   # a top-level `sources = "..."` is not a table
        _collect(data[SOURCES], (), (), file, found, problems)
        data = {k: v for k, v in data.items() if k != SOURCES}
    clean = strip(data, ())
    sources = {}
    for (table, rel), text in found.items():
        parts = (*table, *rel)
        if _sets(clean, parts):
            sources[join_key(parts)] = Source(text=text, file=file)
            continue
        node = _lookup(clean, parts[:-1])
        keys = [k for k in node if k != SOURCES] if isinstance(node, Mapping) else []
        hint = did_you_mean(parts[-1], keys) if keys else "this file sets no value there"
        problems.append(Problem(file, join_key((*table, SOURCES, *rel)),
                                "names a value this file does not set", hint))
    return clean, sources, problems


def _collect(node: Any, table: tuple[str, ...], rel: tuple[str, ...], file: str,
             found: dict[tuple[tuple[str, ...], tuple[str, ...]], str],
             problems: list[Problem]) -> None:
    """Every text leaf of one ``sources`` table, keyed by the full key parts it names."""
    if isinstance(node, Mapping) and node:
        for key, value in node.items():
            _collect(value, table, (*rel, str(key)), file, found, problems)
        return
    where = join_key((*table, SOURCES, *rel))
    if not rel:
        problems.append(Problem(file, where, "expected sources.KEY = \"...\" for a value KEY "
                                "of this table", 'for example sources.size = "CBS 2023"'))
    elif not isinstance(node, str) or not node.strip():
        problems.append(Problem(file, where, "expected the source as text",
                                "name the source and year, or write 'assumption: ...'"))
    else:
        found[(table, rel)] = " ".join(node.split())


def _lookup(data: Any, parts: tuple[str, ...]) -> Any:
    for part in parts:
        if not isinstance(data, Mapping) or part not in data:
            return None
        data = data[part]
    return data


def _sets(data: dict, parts: tuple[str, ...]) -> bool:
    return bool(parts) and _lookup(data, parts) is not None


def trace(chain: list[tuple[str, dict, dict[str, Source]]], data: Mapping[str, Any],
          overrides: Mapping[str, Any] | None, catalogue: Mapping[str, Any],
          type_sources: Mapping[str, Mapping[str, str]]
          ) -> tuple[dict[str, str], dict[str, Source]]:
    """Origins and sources of the merged scenario data ``data``.

    ``chain`` lists each file of the ``extends`` chain, root first, with its own data and
    sources; ``catalogue`` and ``type_sources`` are the initiative types' defaults and their
    sources; ``overrides`` the dotted ``--set`` keys. The last file of the chain that sets a
    value wins (tables merge key by key, as the loader merges them); an override beats every
    file; an initiative type's default counts only where no file set the value.
    """
    from simulate.scenario.overrides import split_key
    over = [p for p in map(split_key, overrides or {}) if p]
    files = [(file, {*leaves(own)}) for file, own, _ in reversed(chain)]
    origins: dict[str, str] = {}
    for parts in leaves(data):
        origin = _origin(parts, over, files, data, catalogue)
        if origin:
            origins[join_key(parts)] = origin
    sources: dict[str, Source] = {}
    for name, ini in (data.get("initiatives") or {}).items():
        kind = ini.get("type") if isinstance(ini, Mapping) else None
        if not isinstance(kind, str):
            continue
        for key, text in type_sources.get(kind, {}).items():
            sources[join_key(("initiatives", name)) + "." + key] = Source(text, TYPE + kind)
    for _, _, own in chain:
        sources.update(own)
    return origins, sources


def _origin(parts: tuple[str, ...], over: list[tuple[str, ...]],
            files: list[tuple[str, set[tuple[str, ...]]]], data: Mapping[str, Any],
            catalogue: Mapping[str, Any]) -> str:
    if any(parts[:len(k)] == k for k in over):
        return OVERRIDE
    for file, own in files:
        if parts in own:
            return file
    if len(parts) > 2 and parts[0] == "initiatives":
        kind = _lookup(data, (*parts[:2], "type"))
        if isinstance(kind, str) and _lookup(catalogue.get(kind, {}), parts[2:]) is not None:
            return TYPE + kind
    return ""


@dataclass(frozen=True)
class Row:
    """One value of a resolved scenario: its key path, value, origin and source."""
    key: str
    value: Any
    origin: str           # a file path, "type NAME", "--set", or "" for the schema default
    source: Source | None

    @property
    def origin_text(self) -> str:
        """The origin for people: a file's name, the type's table in the catalogue, --set or
        'schema default'."""
        return origin_text(self.origin)


def origin_text(origin: str) -> str:
    """An origin as people read it: a file's name, the type default, --set, schema default."""
    if not origin:
        return "schema default"
    if origin.startswith(TYPE):
        return f"initiative_types.toml [{origin[len(TYPE):]}]"
    if origin == OVERRIDE:
        return origin
    return Path(origin).name


def source_of(scenario: Any, key: str) -> Source | None:
    """The source that speaks for the value at ``key``: given for ``key`` or a table above it
    by the same file that set the value; a type default without one is an assumption."""
    origin = scenario.origins.get(key, "")
    parts = key.split(".")   # sources and origins use the same quoting (join_key)
    for n in range(len(parts), 0, -1):
        src = scenario.sources.get(".".join(parts[:n]))
        if src is not None and src.file == origin:
            return src
    if origin.startswith(TYPE):
        return Source(TYPE_NO_SOURCE, origin)
    return None


def rows(scenario: Any, skip: tuple[str, ...] = ("sources", "origins")) -> list[Row]:
    """Every value of the resolved scenario with its origin and source, in schema order."""
    plain = _plain(scenario)
    out = []
    for parts in leaves({k: v for k, v in plain.items() if k not in skip}):
        key = join_key(parts)
        out.append(Row(key, _lookup(plain, parts), scenario.origins.get(key, ""),
                       source_of(scenario, key)))
    return out


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if getattr(obj, f.name) is not None}
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


__all__ = ["SOURCES", "OVERRIDE", "TYPE", "Row", "extract_sources", "trace", "rows",
           "source_of", "origin_text", "join_key", "leaves"]
